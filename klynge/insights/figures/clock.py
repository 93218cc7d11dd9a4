"""Moments read exactly from the database, and their local clock readings.

A datetime comes from the database as whole microseconds since 1970
(``EpochMicroseconds``), not as a datetime parsed in Python. Its hour and
weekday in the hub's time are then worked out in Python (``LocalClock``): the
UTC time plus the zone's offset of its season (summer time), found once for
the period. Django's ``ExtractHour(tzinfo=...)`` calls a Python function per
row on SQLite, and an expression per reading in SQL costs more than the sum
in Python (docs/BENCHMARKS.md, "the last mile to 300 ms").
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.db.models import Func, IntegerField
from django.utils import timezone


class EpochMicroseconds(Func):
    """A datetime as whole microseconds since 1970 (UTC), exact.

    Reading datetimes into Python costs a parse of each (most of the first
    answer's time at full size); a float from ``julianday`` would not be exact
    (SQLite keeps milliseconds). SQLite stores a datetime as text,
    'YYYY-MM-DD HH:MM:SS[.ffffff]': the whole seconds from ``strftime('%s')``,
    the fraction from the text. PostgreSQL's epoch is exact (numeric)."""

    output_field = IntegerField()
    arity = 1

    @property
    def convert_value(self):
        # Both engines already give an int: no converter called per row.
        return self._convert_value_noop

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


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECONDS = {"hour": 3_600_000_000, "day": 86_400_000_000, "minute": 60_000_000}


def epoch_microseconds(moment: datetime) -> int:
    """``moment`` as ``EpochMicroseconds`` reads it from the database."""
    return (moment - EPOCH) // timedelta(microseconds=1)


class LocalClock:
    """Local clock readings of moments given as ``EpochMicroseconds``, for moments
    in [start, end): the UTC time plus the zone's offset of its season."""

    def __init__(self, start: datetime, end: datetime):
        self.spans = [
            (epoch_microseconds(since), epoch_microseconds(until),
             minutes * MICROSECONDS["minute"])
            for since, until, minutes in offsets(start, end)
        ]  # fmt: skip

    def local(self, micro: int) -> int:
        for since, until, offset in self.spans:
            if since <= micro < until:
                return micro + offset
        raise ValueError("a moment outside the clock's period")

    def hour_and_weekday(self, micro: int) -> tuple[int, int]:
        """The hour (0-23) and the ISO weekday (1 Monday - 7 Sunday), in local time."""
        local = self.local(micro)
        day = local // MICROSECONDS["day"]
        return (local // MICROSECONDS["hour"]) % 24, (day + 3) % 7 + 1  # 1 Jan 1970: Thursday
