"""Delete uploaded files that no row points to any more."""

import time
from pathlib import Path

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import models


def upload_fields() -> list[models.FileField]:
    return [
        field
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    ]


def referenced(field: models.FileField) -> set[str]:
    names = field.model._default_manager.exclude(**{field.name: ""}).values_list(
        field.name, flat=True
    )
    return {name for name in names if name}


def orphans(*, min_age_seconds: float) -> list[Path]:
    """Files in the upload folders of every file field that no row names.

    Files younger than ``min_age_seconds`` are left: an upload is written to disk
    just before the transaction that points to it commits.
    """
    kept: dict[Path, set[str]] = {}
    folders: set[tuple[Path, str]] = set()
    for field in upload_fields():
        root = Path(field.storage.location)
        kept.setdefault(root, set()).update(referenced(field))
        if isinstance(field.upload_to, str):
            folders.add((root, field.upload_to.strip("/")))
    newest = time.time() - min_age_seconds
    found = []
    for root, folder in sorted(folders):
        for path in sorted((root / folder).rglob("*")):
            name = path.relative_to(root).as_posix()
            if path.is_file() and name not in kept[root] and path.stat().st_mtime < newest:
                found.append(path)
    return found


class Command(BaseCommand):
    help = "Delete uploaded files (photos, logos, event images) that no row points to."

    def add_arguments(self, parser):
        parser.add_argument(
            "--min-age-hours",
            type=float,
            default=1.0,
            help="only files older than this (default 1); newer ones may belong to an "
            "upload whose transaction has not committed yet",
        )
        parser.add_argument("--dry-run", action="store_true", help="list, do not delete")

    def handle(self, *args, min_age_hours, dry_run, **options):
        found = orphans(min_age_seconds=min_age_hours * 3600)
        for path in found:
            if not dry_run:
                path.unlink(missing_ok=True)
            if options["verbosity"] > 1:
                self.stdout.write(str(path))
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(f"{verb} {len(found)} orphaned files.")
