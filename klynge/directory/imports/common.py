"""Helpers both imports share: opening files, URLs, and what a write returns."""

from __future__ import annotations

import gzip
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import connection, models

GZIP_MAGIC = b"\x1f\x8b"
URL_MAX_LENGTH = 200  # Django's URLField default, which our models use

_url_validator = URLValidator(schemes=["http", "https"])
_PLAIN_URL = re.compile(
    r"https?://(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(?:/[A-Za-z0-9._~%/+-]*)?",
    re.IGNORECASE,
)


class ImportFileError(Exception):
    """The file as a whole cannot be imported (missing, wrong format, broken)."""


@dataclass
class WriteResult:
    """What one write function did: the ids it created and updated.

    ``ids`` maps each written record's key (external_id or org_number) to the
    row's id. ``claimed`` holds the keys of records left alone because their
    owner has claimed the profile or listing.
    """

    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    ids: dict[str, int] = field(default_factory=dict)
    claimed: list[str] = field(default_factory=list)

    def extend(self, other: WriteResult) -> None:
        self.created += other.created
        self.updated += other.updated
        self.ids.update(other.ids)
        self.claimed += other.claimed


def open_binary(path: str | Path) -> BinaryIO:
    """Open a file for reading, decompressing it on the fly if it is gzipped."""
    path = Path(path)
    try:
        raw = path.open("rb")
    except OSError as exc:
        raise ImportFileError(f"cannot open {path}: {exc.strerror}") from exc
    if raw.peek(2)[:2] == GZIP_MAGIC:
        # The default 8 KB reads make gzip the bottleneck; 1 MB keeps it cheap.
        return io.BufferedReader(gzip.GzipFile(fileobj=raw), buffer_size=1 << 20)
    return raw


def clean_url(value: str) -> str | None:
    """A web address with its scheme, or None if it is not one.

    Registers and spreadsheets often write ``www.example.no``; we add https://.
    A plain address (scheme, a host with a dot, no spaces) passes a quick test;
    anything else goes through Django's URLValidator, which is thorough but
    costs more than the rest of a record's checks together.
    """
    value = value.strip()
    if not value:
        return None
    if "://" not in value:
        value = "https://" + value
    if len(value) > URL_MAX_LENGTH:
        return None
    if _PLAIN_URL.fullmatch(value):
        return value
    try:
        _url_validator(value)
    except ValidationError:
        return None
    return value


def refresh_statistics(models_: list) -> None:
    """ANALYZE the tables of ``models_`` that have grown to twice the rows last counted.

    PostgreSQL plans every query by its statistics of the tables, which
    autovacuum renews a minute or more after a table grew. A first import into
    a fresh database would meanwhile look skills and index rows up as if the
    tables were empty, scanning them whole on every chunk: its time grew with
    the square of its size. Between chunks, outside their transactions.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    by_table = {model._meta.db_table: model for model in models_}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s.relname FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid "
            "WHERE s.relname = ANY(%s) AND s.n_live_tup > 2 * GREATEST(c.reltuples, 500)",
            [list(by_table)],
        )
        for (table,) in cursor.fetchall():
            # Only the columns lookups filter on: the statistics of long texts and of
            # index expressions (30,000 tsvectors for the search index) cost the most
            # and matter least here; autovacuum renews them later.
            fields = by_table[table]._meta.concrete_fields
            short = [f for f in fields if not isinstance(f, models.TextField | models.JSONField)]
            columns = ", ".join(quote(f.column) for f in short)
            cursor.execute(f"ANALYZE {quote(table)} ({columns})")


def prepare_connection() -> None:
    """Give SQLite a 64 MB page cache for this connection (the default is 2 MB).

    With the small cache, a large import spends most of its time evicting and
    re-reading index pages.
    """
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -65536")
