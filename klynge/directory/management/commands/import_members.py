"""manage.py import_members FILE: the hub's people and companies from JSON Lines.

docs/imports.md is the guide; shared/spec/interchange.md the format.
"""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from klynge.core.errors import Invalid
from klynge.directory.imports.common import ImportFileError
from klynge.directory.imports.members import (
    CHUNK_SIZE,
    ImportAborted,
    count_lines,
    import_members,
)


class Command(BaseCommand):
    help = (
        "Import people and companies from a JSON Lines file (the interchange format). "
        "Re-importing a record with the same external_id updates it."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .jsonl file (or .jsonl.gz)")
        parser.add_argument(
            "--dry-run", action="store_true", help="check every line, write nothing"
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")
        parser.add_argument(
            "--chunk-size",
            type=int,
            default=CHUNK_SIZE,
            help=f"records written per transaction (default {CHUNK_SIZE})",
        )

    def handle(self, *args, file, dry_run, no_progress, chunk_size, **options):
        if chunk_size < 1:
            raise CommandError("--chunk-size must be 1 or more")
        # tqdm writes to the raw stream: Django's OutputWrapper would add a
        # newline after every redraw.
        stream = self.stderr._out
        try:
            total = count_lines(file)
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        bar = tqdm(
            total=total,
            unit=" lines",
            desc="Checking" if dry_run else "Importing",
            file=stream,
            disable=no_progress or not stream.isatty(),
            mininterval=0.5,
        )

        def report(message: str) -> None:
            with tqdm.external_write_mode(file=stream):
                self.stderr.write(message)

        try:
            with bar:
                summary = import_members(
                    file,
                    dry_run=dry_run,
                    report=report,
                    advance=bar.update,
                    chunk_size=chunk_size,
                )
        except Invalid as exc:  # nothing was read or written
            raise CommandError(str(exc)) from exc
        except ImportAborted as exc:
            self._summary(exc.summary, dry_run)
            raise CommandError(
                f"The import stopped at the chunk starting on line {exc.line}: "
                f"{type(exc.__cause__).__name__}: {exc.__cause__}. Every record before that "
                "line is saved and nothing of that chunk is; fix the cause and run the same "
                "file again (records already imported are updated, not duplicated)."
            ) from exc
        self._summary(summary, dry_run)

    def _summary(self, summary, dry_run: bool) -> None:
        verb = "would be " if dry_run else ""
        lines = [
            f"{'Dry run, nothing written. ' if dry_run else ''}"
            f"{summary.created} {verb}created, {summary.updated} {verb}updated, "
            f"{summary.skipped} skipped (bad lines).",
        ]
        if summary.claimed:
            lines.append(f"{summary.claimed} left unchanged: claimed by their owners.")
        if summary.warnings:
            plural = "" if summary.warnings == 1 else "s"
            lines.append(f"{summary.warnings} warning{plural} (see above).")
        self.stdout.write(" ".join(lines))
