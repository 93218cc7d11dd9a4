"""Hours and local clock readings of a datetime column, read natively by the database.

Django's ``ExtractHour(tzinfo=...)`` and duration sums call a Python function
per row on SQLite, which at a year of bookings was most of the panel's time.
Here SQLite gets its own ``strftime`` and ``julianday``: the local time is the
UTC time plus the zone's offset, taken from a CASE over the zone's changes
(summer time) in the period, worked out once in Python. PostgreSQL converts
time zones natively, so it keeps Django's functions.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.db import connection
from django.db.models import FloatField, Func, IntegerField
from django.db.models.expressions import RawSQL
from django.db.models.functions import ExtractHour, ExtractIsoWeekDay
from django.utils import timezone


class Hours(Func):
    """``Hours(end, start)``: end minus start in hours, as a float."""

    output_field = FloatField()
    arity = 2

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="((julianday(%(expressions)s)) * 24.0)",
                           arg_joiner=") - julianday(", **extra)  # fmt: skip

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection,
                           template="(EXTRACT(EPOCH FROM (%(expressions)s)) / 3600.0)",
                           arg_joiner=" - ", **extra)  # fmt: skip


class EpochMicroseconds(Func):
    """A datetime as whole microseconds since 1970 (UTC), exact.

    Reading datetimes into Python costs a parse of each (most of the first
    answer's time at full size); a float from ``julianday`` would not be exact
    (SQLite keeps milliseconds). SQLite stores a datetime as text,
    'YYYY-MM-DD HH:MM:SS[.ffffff]': the whole seconds from ``strftime('%s')``,
    the fraction from the text. PostgreSQL's epoch is exact (numeric)."""

    output_field = IntegerField()
    arity = 1

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.get_source_expressions()[0])
        return (
            f"(CAST(strftime('%%s', {sql}) AS INTEGER) * 1000000"
            f" + CAST(substr(substr({sql}, 21) || '000000', 1, 6) AS INTEGER))",
            [*params, *params],
        )

    def as_postgresql(self, compiler, connection, **extra):
        template = "(EXTRACT(EPOCH FROM %(expressions)s) * 1000000)::bigint"
        return self.as_sql(compiler, connection, template=template, **extra)


def offsets(start: datetime, end: datetime) -> list[tuple[datetime, datetime, int]]:
    """The default zone's UTC offset in minutes over [start, end), as spans
    (from, to, minutes): one span a season, found by days, then to the minute."""
    zone = timezone.get_default_timezone()

    def offset(moment: datetime) -> int:
        return int(moment.astimezone(zone).utcoffset().total_seconds() // 60)

    # In UTC: arithmetic on datetimes in the local zone would step in wall-clock time.
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    spans, since, current = [], start, offset(start)
    day = start
    while day < end:
        following = min(day + timedelta(days=1), end)
        if offset(following) != current or following == end:
            if offset(following) != current:
                # Zones change on a whole minute: halve the minutes of the day down to it.
                low, high = 0, int((following - day).total_seconds() // 60)
                while high - low > 1:
                    middle = (low + high) // 2
                    if offset(day + timedelta(minutes=middle)) == current:
                        low = middle
                    else:
                        high = middle
                high = day + timedelta(minutes=high)
                spans.append((since, high, current))
                since, current = high, offset(high)
            if following == end:
                spans.append((since, end, current))
        day = following
    return spans


def _sqlite_local(column: str, start: datetime, end: datetime, fmt: str) -> tuple[str, list]:
    adapt = connection.ops.adapt_datetimefield_value
    cases, params = [], []
    for since, until, minutes in offsets(start, end):
        cases.append(f"WHEN {column} >= %s AND {column} < %s THEN %s")
        params += [adapt(since), adapt(until), f"{minutes:+d} minutes"]
    modifier = f"CASE {' '.join(cases)} ELSE '+0 minutes' END"
    return f"CAST(strftime('{fmt}', {column}, {modifier}) AS INTEGER)", params


def local_hour(model, field: str, start: datetime, end: datetime):
    """The hour (0-23) of ``field`` in the hub's time, for rows in [start, end)."""
    if connection.vendor == "sqlite":
        column = f'"{model._meta.db_table}"."{model._meta.get_field(field).column}"'
        sql, params = _sqlite_local(column, start, end, "%H")
        return RawSQL(sql, params, output_field=IntegerField())
    return ExtractHour(field, tzinfo=timezone.get_default_timezone())


def local_iso_weekday(model, field: str, start: datetime, end: datetime):
    """The ISO weekday (1 Monday - 7 Sunday) of ``field`` in the hub's time."""
    if connection.vendor == "sqlite":
        column = f'"{model._meta.db_table}"."{model._meta.get_field(field).column}"'
        sql, params = _sqlite_local(column, start, end, "%w")  # 0 is Sunday
        return RawSQL(f"(({sql} + 6) % 7 + 1)", params, output_field=IntegerField())
    return ExtractIsoWeekDay(field, tzinfo=timezone.get_default_timezone())
