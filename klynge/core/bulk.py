"""Writing many rows fast, for imports and the search index."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, models

# Django's bulk_create spends ~10 µs of Python on every value it prepares,
# which alone is more than the imports' whole budget per record (see
# bench/imports/README.md). This helper sends the same INSERT (or upsert)
# itself, preparing only the values that need it (JSON, datetimes), the way
# the fields would.


class AnyOf(models.Lookup):
    """``field__any=values``: the field equals one of a long list of values.

    Like ``__in``, but the list travels as one parameter (an array on
    PostgreSQL, JSON on SQLite) instead of one placeholder each, which Django
    prepares and psycopg binds value by value: for the 1,000 ids of an import
    chunk that cost more than the query. The values are used as they are
    (ids, external ids), not converted by the field.
    """

    lookup_name = "any"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        values = list(self.rhs)
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", [*params, values]
        return f"{lhs} IN (SELECT value FROM json_each(%s))", [*params, json.dumps(values)]


def register_lookups() -> None:
    """Called once from CoreConfig.ready(), so every query may use ``__any``."""
    models.Field.register_lookup(AnyOf)
    models.ForeignObject.register_lookup(AnyOf)  # foreign keys keep lookups of their own


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
    get ``now``; generated columns (``GeneratedField``) are left to the
    database. With ``conflict`` (a unique column), a row that clashes on it
    updates the columns in ``update`` instead: INSERT ... ON CONFLICT DO UPDATE.
    Call it inside a transaction (the write functions are atomic).
    """
    if not connection.in_atomic_block:
        raise RuntimeError("insert_rows() must run inside transaction.atomic()")
    # A generated column is the database's to fill: naming it in an INSERT is an error.
    fields = [f for f in model._meta.concrete_fields if not f.primary_key and not f.generated]
    defaults = {f.attname: _default(f, now) for f in fields}
    # The connection itself: `connection` is a proxy that costs a lookup on every use.
    db = connections[DEFAULT_DB_ALIAS]
    json_encoders = {f.attname: f.encoder for f in fields if isinstance(f, models.JSONField)}
    datetime_fields = {f.attname: f for f in fields if isinstance(f, models.DateTimeField)}
    quote = db.ops.quote_name
    table, columns = quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields)
    tail = ""
    if conflict:
        updated = [model._meta.get_field(name).column for name in update]
        tail = " ON CONFLICT ({}) DO UPDATE SET {}".format(
            quote(model._meta.get_field(conflict).column),
            ", ".join(f"{quote(c)} = EXCLUDED.{quote(c)}" for c in updated),
        )
    names = [f.attname for f in fields]
    datetimes: dict[datetime, Any] = {}  # most are `now`: adapt each value once
    params = []
    for row in rows:
        values = defaults | row
        for name, encoder in json_encoders.items():
            value = values[name]
            if value is not None:  # None is SQL NULL, as JSONField stores it
                values[name] = json.dumps(value, cls=encoder)
        for name, field in datetime_fields.items():
            value = values[name]
            if value is not None:
                if value not in datetimes:
                    datetimes[value] = field.get_db_prep_save(value, db)
                values[name] = datetimes[value]
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
