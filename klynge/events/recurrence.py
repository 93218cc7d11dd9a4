"""Dates of a repeating series, in local wall-clock time.

Each occurrence keeps the local time of the first (18:00 stays 18:00 across
the change to and from daylight saving time), and is only then turned into an
aware datetime in the site's time zone.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Repeat(models.TextChoices):
    WEEKLY = "weekly", _("Every week")
    FORTNIGHTLY = "fortnightly", _("Every other week")
    MONTHLY_WEEKDAY = (
        "monthly_weekday",
        _("Monthly, on the same weekday (for example the first Thursday)"),
    )


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th ``weekday`` (0 = Monday) of a month; n = -1 is the last one."""
    days = calendar.monthrange(year, month)[1]
    if n == -1:
        last = date(year, month, days)
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def week_of_month(day: date) -> int:
    """1 to 4 for the first to fourth weekday of its kind; -1 for a fifth (the last)."""
    n = (day.day - 1) // 7 + 1
    return -1 if n == 5 else n


def occurrences(first: datetime, repeat: str, count: int) -> list[datetime]:
    """``count`` aware start times, the first being ``first``."""
    local = timezone.localtime(first)
    wall = local.replace(tzinfo=None)
    tz = timezone.get_current_timezone()
    days: list[date] = []
    if repeat in {Repeat.WEEKLY, Repeat.FORTNIGHTLY}:
        step = 7 if repeat == Repeat.WEEKLY else 14
        days = [wall.date() + timedelta(days=step * i) for i in range(count)]
    elif repeat == Repeat.MONTHLY_WEEKDAY:
        n, weekday = week_of_month(wall.date()), wall.weekday()
        year, month = wall.year, wall.month
        for _ in range(count):
            days.append(nth_weekday(year, month, weekday, n))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    else:
        raise ValueError(f"Unknown repeat rule {repeat!r}")
    return [timezone.make_aware(datetime.combine(d, wall.time()), tz) for d in days]
