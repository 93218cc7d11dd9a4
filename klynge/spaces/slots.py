"""Booking times: wall-clock times at the hub (Europe/Oslo) to aware datetimes and back.

Everything here returns UTC datetimes: Python compares and subtracts two
datetimes with the same tzinfo by their wall-clock times, which is an hour
wrong across the switch to or from summer time.

Bookings are stored as aware datetimes; the rules compute in the hub's time
zone, so that a day with the switch to or from summer time is 23 or 25 hours
long and a length is always real minutes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from klynge.core.errors import Invalid
from klynge.spaces.hours import Day, opening_days
from klynge.spaces.models import Place

NOON = time(12, 0)
PARTS = [
    ("day", _lazy("Whole day")),
    ("morning", _lazy("Morning")),
    ("afternoon", _lazy("Afternoon")),
]


def hub_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def local_datetime(day: date, at: time) -> datetime:
    """``at`` on ``day`` at the hub; a time the clock skips (summer time) is refused."""
    zone = hub_zone()
    moment = datetime.combine(day, at, tzinfo=zone)
    back = moment.astimezone(ZoneInfo("UTC")).astimezone(zone)
    if (back.date(), back.time()) != (day, at):
        raise Invalid(_("That time does not exist on that day (the clocks change)."))
    return moment.astimezone(UTC)


def local(moment: datetime) -> datetime:
    return moment.astimezone(hub_zone())


def open_intervals(place: Place, day: date) -> list[tuple[datetime, datetime]]:
    """The hub's opening hours on ``day`` as aware datetimes."""
    (opening,) = opening_days(place, day, 1)
    return intervals_of(opening)


def intervals_of(opening: Day) -> list[tuple[datetime, datetime]]:
    zone = hub_zone()
    day = opening.date
    return [
        (
            datetime.combine(day, a, tzinfo=zone).astimezone(UTC),
            datetime.combine(day, b, tzinfo=zone).astimezone(UTC),
        )
        for a, b in opening.intervals
    ]


def desk_span(opening: Day, part: str) -> tuple[datetime, datetime]:
    """A desk for the whole opening day, the morning (to noon) or the afternoon (from noon)."""
    intervals = intervals_of(opening)
    day = opening.date
    if not intervals:
        raise Invalid(_("The hub is closed that day."))
    start, end = intervals[0][0], intervals[-1][1]
    noon = datetime.combine(day, NOON, tzinfo=hub_zone()).astimezone(UTC)
    if part == "morning":
        end = min(end, noon)
    elif part == "afternoon":
        start = max(start, noon)
    elif part != "day":
        raise Invalid(_("Choose a whole day, a morning or an afternoon."))
    if start >= end:
        raise Invalid(_("The hub is not open then."))
    return start, end


def minutes(start: datetime, end: datetime) -> int:
    """Real minutes. (Python subtracts two times of one zone by the wall clock, so in UTC.)"""
    return int((end.astimezone(UTC) - start.astimezone(UTC)) / timedelta(minutes=1))
