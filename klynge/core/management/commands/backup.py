"""manage.py backup PATH: the database and all uploaded files in one archive."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from klynge.core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Write the database and all uploaded files to one .tar.gz archive. PATH is the "
        "archive, or a folder to write klynge-DATE-TIME.tar.gz into."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path, **options):
        try:
            target, manifest = backup(path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        files = len(manifest["files"]) - 1
        self.stdout.write(f"Backed up the {manifest['engine']} database and {files} files "
                          f"to {target}")  # fmt: skip
