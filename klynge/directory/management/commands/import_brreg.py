"""manage.py import_brreg FILE: the region's IT businesses from Enhetsregisteret.

docs/imports.md says where to download the file and what the import keeps.
"""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from klynge.directory.imports.brreg import import_brreg, nace_prefixes
from klynge.directory.imports.common import ImportFileError


class Command(BaseCommand):
    help = (
        "Create or update unclaimed company listings from Enhetsregisteret's bulk download "
        "(.json, .json.gz, .csv or .csv.gz): the units in the region's municipalities with an "
        "IT industry code."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the register's bulk file of units (enheter)")
        parser.add_argument(
            "--nace-prefix",
            action="append",
            dest="prefixes",
            metavar="CODE",
            help=(
                "keep units whose industry code starts with CODE; repeat for several "
                f"(default: the setting KLYNGE_BRREG_NACE_PREFIXES, {', '.join(nace_prefixes())})"
            ),
        )
        parser.add_argument("--dry-run", action="store_true", help="scan and count, write nothing")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, file, prefixes, dry_run, no_progress, **options):
        stream = self.stderr._out  # raw: OutputWrapper would add a newline per redraw
        bar = tqdm(
            unit=" units",
            unit_scale=True,
            desc="Scanning",
            file=stream,
            disable=no_progress or not stream.isatty(),
            mininterval=0.5,
        )

        def report(message: str) -> None:
            with tqdm.external_write_mode(file=stream):
                self.stderr.write(message)

        try:
            with bar:
                summary = import_brreg(
                    file, dry_run=dry_run, prefixes=prefixes, report=report, tick=bar.update
                )
        except ImportFileError as exc:
            raise CommandError(f"{file}: {exc}") from exc
        self.stdout.write(
            f"{'Dry run, nothing written. ' if dry_run else ''}"
            f"{summary.scanned} units scanned, {summary.kept} kept (IT businesses and "
            f"{summary.public} public bodies in the region), {summary.created} created, "
            f"{summary.updated} updated, "
            f"{summary.hidden} hidden (bankrupt or being dissolved)."
        )
        if summary.gone or summary.invalid:
            self.stdout.write(
                f"Skipped: {summary.gone} bankrupt or being dissolved, "
                f"{summary.invalid} with a bad organisation number or no name."
            )
