"""Helpers both imports share: opening files, URLs, and what a write returns."""

from __future__ import annotations

import gzip
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

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


# Django's bulk_create spends ~10 µs of Python on every value it prepares,
# which alone is more than the imports' whole budget per record (see
# bench/imports/README.md). This helper sends the same INSERT (or upsert)
# itself, preparing only the values that need it (JSON, datetimes).


def insert_rows(
    model: type[models.Model],
    rows: Iterable[Mapping[str, Any]],
    *,
    conflict: str | None = None,
    update: Sequence[str] = (),
    now: datetime,
) -> None:
    """INSERT rows of ``model`` (dicts of attname -> value) in few statements.

    A column a row leaves out gets the model field's default; auto_now fields
    get ``now``. With ``conflict`` (a unique column), a row that clashes on it
    updates the columns in ``update`` instead: INSERT ... ON CONFLICT DO UPDATE.
    Call it inside a transaction (the write functions are atomic).
    """
    if not connection.in_atomic_block:
        raise RuntimeError("insert_rows() must run inside transaction.atomic()")
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: _default(f, now) for f in fields}
    adapt = [f.attname for f in fields if isinstance(f, models.JSONField | models.DateTimeField)]
    quote = connection.ops.quote_name
    table, columns = quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields)
    tail = ""
    if conflict:
        updated = [model._meta.get_field(name).column for name in update]
        tail = " ON CONFLICT ({}) DO UPDATE SET {}".format(
            quote(model._meta.get_field(conflict).column),
            ", ".join(f"{quote(c)} = EXCLUDED.{quote(c)}" for c in updated),
        )
    by_name = {f.attname: f for f in fields}
    names = [f.attname for f in fields]
    datetimes: dict[datetime, Any] = {}  # most are `now`: adapt each value once
    params = []
    for row in rows:
        values = defaults | row
        for name in adapt:
            value = values[name]
            if isinstance(value, datetime):
                if value not in datetimes:
                    datetimes[value] = by_name[name].get_db_prep_save(value, connection)
                values[name] = datetimes[value]
            else:
                values[name] = by_name[name].get_db_prep_save(value, connection)
        params.append([values[name] for name in names])
    if not params:
        return
    if connection.vendor == "postgresql":
        _insert_postgresql(table, columns, tail, params)
        return
    placeholders = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders}){tail}", params)


def _insert_postgresql(table: str, columns: str, tail: str, params: list[list]) -> None:
    """COPY the rows in; for an upsert, COPY them to a temporary table first.

    COPY streams rows without a statement per row, and bypasses Django's
    psycopg cursor, which binds values on the client in Python.
    """
    import psycopg

    connection.ensure_connection()
    # wrap_database_errors turns psycopg's errors into Django's (IntegrityError...).
    with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
        target = table
        if tail:
            target = connection.ops.quote_name("import_" + table.strip('"'))
            cursor.execute(
                f"CREATE TEMPORARY TABLE {target} ON COMMIT DROP AS "
                f"SELECT {columns} FROM {table} WITH NO DATA"
            )
        with cursor.copy(f"COPY {target} ({columns}) FROM STDIN") as copy:
            for row in params:
                copy.write_row(row)
        if tail:
            cursor.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {target}{tail}")
            cursor.execute(f"DROP TABLE {target}")


def _default(field: models.Field, now: datetime) -> Any:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    return field.get_default()


def prepare_connection() -> None:
    """Give SQLite a 64 MB page cache for this connection (the default is 2 MB).

    With the small cache, a large import spends most of its time evicting and
    re-reading index pages.
    """
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -65536")
