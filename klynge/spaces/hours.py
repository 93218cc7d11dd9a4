"""Opening hours for a run of dates: weekly rules, public holidays and exceptions.

The order of precedence for a date: an exception staff wrote for it, then a
Norwegian public holiday (closed), then the weekly hours.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from functools import lru_cache

import holidays
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klynge.spaces.models import Place

# The holidays library names days in English; these are our own words for them.
HOLIDAY_NAMES = {
    "New Year's Day": _("New Year's Day"),
    "Maundy Thursday": _("Maundy Thursday"),
    "Good Friday": _("Good Friday"),
    "Easter Sunday": _("Easter Sunday"),
    "Easter Monday": _("Easter Monday"),
    "Labor Day": _("Labour Day"),
    "Ascension Day": _("Ascension Day"),
    "Constitution Day": _("Constitution Day"),
    "Pentecost": _("Whit Sunday"),
    "Pentecost Monday": _("Whit Monday"),
    "Christmas Day": _("Christmas Day"),
    "Second Day of Christmas": _("Boxing Day"),
}


@dataclass(frozen=True)
class Day:
    date: date
    intervals: tuple[tuple[time, time], ...]
    note: str = ""
    holiday: bool = False
    changed: bool = False  # staff set other hours than usual for this date

    @property
    def closed(self) -> bool:
        return not self.intervals

    @property
    def is_today(self) -> bool:
        return self.date == timezone.localdate()


@lru_cache(maxsize=8)
def _holidays(year: int) -> dict[date, str]:
    return dict(holidays.Norway(years=year, include_sundays=False, language="en_US"))


def holiday_name(day: date) -> str:
    """The public holiday on ``day`` in the reader's language, or ""."""
    name = _holidays(day.year).get(day, "")
    return str(HOLIDAY_NAMES.get(name, name))


def opening_days(place: Place, start: date, count: int = 7) -> list[Day]:
    """``count`` days from ``start``, each with its opening hours (none: closed). Two queries."""
    end = start + timedelta(days=count - 1)
    weekly: dict[int, list[tuple[time, time]]] = {}
    for rule in place.hours.all():
        weekly.setdefault(rule.weekday, []).append((rule.opens, rule.closes))
    exceptions = {e.date: e for e in place.exceptions.filter(date__gte=start, date__lte=end)}
    days = []
    for offset in range(count):
        day = start + timedelta(days=offset)
        exception = exceptions.get(day)
        holiday = holiday_name(day)
        if exception is not None:
            intervals = () if exception.closed else ((exception.opens, exception.closes),)
            days.append(Day(day, intervals, exception.note or holiday, bool(holiday), True))
        elif holiday:
            days.append(Day(day, (), holiday, holiday=True))
        else:
            days.append(Day(day, tuple(sorted(weekly.get(day.weekday(), ())))))
    return days


def week_from_today(place: Place) -> list[Day]:
    return opening_days(place, timezone.localdate(), 7)


def upcoming_exceptions(place: Place, days: int = 60):
    """What staff changed in the next ``days`` days, for the hub page's notice list."""
    today = timezone.localdate()
    return place.exceptions.filter(date__gte=today, date__lte=today + timedelta(days=days))
