from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from klynge.core import catalogues
from klynge.core.catalogues import LOCALE_DIR


class Command(BaseCommand):
    help = (
        "Bring the translation catalogues in line with the source: add new strings, "
        "drop unused ones, compile the .mo files. No system gettext needed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Only report; fail if anything is missing."
        )
        parser.add_argument("--vendor", action="store_true", help="Also compile locale_vendor/.")

    def handle(self, *args, check: bool, vendor: bool, **options):
        messages = catalogues.all_messages()
        problems = 0
        for language in catalogues.languages():
            if not check:
                po = catalogues.sync(language, messages)
                path = catalogues.po_path(language)
                path.parent.mkdir(parents=True, exist_ok=True)
                po.save(str(path))
                catalogues.compile_to(po, path.with_suffix(".mo"))
            missing = catalogues.missing_translations(language, messages)
            problems += len(missing)
            self.stdout.write(f"{language}: {len(messages)} strings, {len(missing)} untranslated")
            for message in missing[:20]:
                self.stdout.write(f"  missing: {message.msgid[:70]!r}")
        if vendor:
            for po_file in sorted(Path(LOCALE_DIR.parent / "locale_vendor").rglob("*.po")):
                catalogues.compile_to(
                    catalogues.polib.pofile(str(po_file)), po_file.with_suffix(".mo")
                )
        if check and problems:
            raise CommandError(f"{problems} translations are missing")
