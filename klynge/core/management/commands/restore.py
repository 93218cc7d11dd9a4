"""manage.py restore PATH: put back a backup made by manage.py backup."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from klynge.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Replace the database and all uploaded files with a backup made by `manage.py backup` "
        "on the same database engine. Stop the web and worker processes first."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--force",
            action="store_true",
            help="restore even though the database holds data; everything in it is replaced",
        )

    def handle(self, *args, path, force, **options):
        try:
            manifest = restore(path, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        files = len(manifest["files"]) - 1
        self.stdout.write(f"Restored the database and {files} files from {path} "
                          f"(made {manifest['created_at']}).")  # fmt: skip
