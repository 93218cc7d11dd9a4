"""Backups of the whole site: the database and every uploaded file, in one archive.

We use each engine's own tools rather than ``dumpdata``: SQLite's online
backup API copies the database file page by page from one read transaction,
and ``pg_dump`` reads PostgreSQL in one snapshot. Both keep what ``dumpdata``
would lose (SQLite's FTS5 search tables, PostgreSQL's expression indexes,
sequence values, the cache table) and restore to exactly the same rows.
The price is that a backup restores only into the same engine.

An archive is a ``.tar.gz`` with::

    manifest.json          engine, time, applied migrations, a SHA-256 of every member
    database.sqlite3       or database.pgdump (pg_dump's custom format)
    media/...              MEDIA_ROOT: logos and event images
    private-media/...      PRIVATE_MEDIA_ROOT: person photos

The database is copied first, then the files. See docs/operations.md.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
# Rows in any of these mean the database holds a site; restore then wants --force.
# (Migrations alone fill the taxonomy, sites and permissions tables.)
CONTENT_MODELS = ["accounts.User", "directory.Person", "directory.Company", "events.Event",
                  "needs.Need"]  # fmt: skip


class BackupError(Exception):
    """A backup or restore could not be done; nothing was changed."""


@dataclass(frozen=True)
class MediaRoot:
    folder: str  # its name inside the archive
    path: Path


def media_roots() -> list[MediaRoot]:
    return [
        MediaRoot("media", Path(settings.MEDIA_ROOT)),
        MediaRoot("private-media", Path(settings.PRIVATE_MEDIA_ROOT)),
    ]


def engine() -> str:
    return connection.vendor  # "sqlite" or "postgresql"


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def has_content() -> bool:
    return any(apps.get_model(label).objects.exists() for label in CONTENT_MODELS)


def applied_migrations() -> list[str]:
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return []
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


# PostgreSQL tools -------------------------------------------------------------


def pg_tool(name: str) -> str:
    """pg_dump or pg_restore: from PG_BINDIR if set (to match the server's version), else PATH."""
    bindir = os.environ.get("PG_BINDIR")
    found = str(Path(bindir) / name) if bindir else shutil.which(name)
    if not found or not Path(found).exists():
        raise BackupError(
            f"{name} was not found. Install the PostgreSQL client (apt-get install "
            "postgresql-client) or set PG_BINDIR to its folder."
        )
    return found


def pg_env() -> dict[str, str]:
    db = connection.settings_dict
    env = dict(os.environ)
    for variable, value in (
        ("PGDATABASE", db["NAME"]),
        ("PGUSER", db.get("USER")),
        ("PGPASSWORD", db.get("PASSWORD")),
        ("PGHOST", db.get("HOST")),
        ("PGPORT", str(db.get("PORT") or "")),
        ("PGSSLMODE", db.get("OPTIONS", {}).get("sslmode")),
    ):
        if value:
            env[variable] = value
    return env


def run(command: list[str]) -> None:
    result = subprocess.run(command, env=pg_env(), capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")


# Database ---------------------------------------------------------------------


def dump_database(target: Path) -> None:
    """Copy the whole database to ``target`` as one consistent snapshot."""
    if engine() == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            # One step (pages=-1): the copy is read inside a single read transaction.
            connection.connection.backup(copy)
        finally:
            copy.close()
    elif engine() == "postgresql":
        # pg_dump reads every table in one repeatable-read snapshot.
        run([pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
             f"--file={target}"])  # fmt: skip
    else:
        raise BackupError(f"Backups of {engine()} databases are not supported.")


def load_database(source: Path) -> None:
    """Replace the whole database with the copy in ``source``."""
    connection.close()  # no open transaction may hold the old tables
    if engine() == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(source)
        try:
            copy.backup(connection.connection)
        finally:
            copy.close()
    else:
        # --clean drops each table before loading it; in one transaction, so a
        # failure leaves the database as it was.
        database = f"--dbname={connection.settings_dict['NAME']}"
        run([pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
             "--single-transaction", "--exit-on-error", database, str(source)])  # fmt: skip
    connection.close()


# Archives ---------------------------------------------------------------------


def archive_path(path: Path) -> Path:
    """A folder gets a dated file name in it; anything else is the file itself."""
    if path.is_dir():
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        return path / f"klynge-{stamp}.tar.gz"
    return path


def backup(path: Path) -> tuple[Path, dict]:
    """Write a backup archive; returns its path and manifest."""
    target = archive_path(path)
    database_name = "database.sqlite3" if engine() == "sqlite" else "database.pgdump"
    with tempfile.TemporaryDirectory() as tmp:
        database = Path(tmp) / database_name
        dump_database(database)
        files = {database_name: sha256(database)}
        members = [(database, database_name)]
        for root in media_roots():
            if not root.path.is_dir():
                continue
            for file in sorted(p for p in root.path.rglob("*") if p.is_file()):
                name = f"{root.folder}/{file.relative_to(root.path).as_posix()}"
                files[name] = sha256(file)
                members.append((file, name))
        manifest = {
            "format": FORMAT,
            "engine": engine(),
            "created_at": timezone.now().isoformat(),
            "migrations": applied_migrations(),
            "database": database_name,
            "files": files,
        }
        partial = target.with_name(target.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(data), int(timezone.now().timestamp())
            tar.addfile(info, fileobj=io.BytesIO(data))
            for file, name in members:
                tar.add(file, arcname=name, recursive=False)
        partial.replace(target)  # a backup that broke off never looks complete
    return target, manifest


def read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        manifest = json.load(tar.extractfile(MANIFEST))
    except (KeyError, ValueError, TypeError) as error:
        raise BackupError("This is not a Klynge backup: it has no manifest.") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    return manifest


def restore(path: Path, *, force: bool = False) -> dict:
    """Replace the database and the media folders with the archive's. Returns the manifest."""
    if not path.is_file():
        raise BackupError(f"{path} does not exist.")
    with tarfile.open(path, "r:gz") as tar, tempfile.TemporaryDirectory() as tmp:
        manifest = read_manifest(tar)
        if manifest["engine"] != engine():
            raise BackupError(
                f"This backup is of a {manifest['engine']} database and restores only into "
                f"{manifest['engine']}; this site uses {engine()}."
            )
        if has_content() and not force:
            raise BackupError(
                "The database is not empty. Restoring replaces everything in it; "
                "run again with --force to do so."
            )
        unpacked = Path(tmp)
        _extract(tar, unpacked)
        for name, digest in manifest["files"].items():
            member = unpacked / name
            if not member.is_file() or sha256(member) != digest:
                raise BackupError(f"The backup is damaged: {name} is missing or changed.")
        load_database(unpacked / manifest["database"])
        for root in media_roots():
            _replace_folder(root.path, unpacked / root.folder)
    return manifest


def _extract(tar: tarfile.TarFile, target: Path) -> None:
    """Unpack only plain files and folders, and only below ``target``."""
    for member in tar.getmembers():
        name = Path(member.name)
        if name.is_absolute() or ".." in name.parts or not (member.isfile() or member.isdir()):
            raise BackupError(f"The backup holds an unsafe member: {member.name}")
    if hasattr(tarfile, "data_filter"):  # Python 3.11.4 and later check again
        tar.extractall(target, filter="data")
    else:
        tar.extractall(target)


def _replace_folder(target: Path, source: Path) -> None:
    """Swap in the restored folder, then drop the old one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    incoming = target.with_name(f".{target.name}.restoring")
    shutil.rmtree(incoming, ignore_errors=True)
    if source.is_dir():
        shutil.copytree(source, incoming)
    else:
        incoming.mkdir()
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    incoming.rename(target)
    shutil.rmtree(old, ignore_errors=True)
