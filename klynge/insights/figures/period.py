"""The period a figure covers: whole days in the hub's time zone, from the first
day up to (not including) the last."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

MAX_DAYS = 366 * 10


class PeriodError(ValueError):
    """The period asked for makes no sense. The message is shown to people."""


def local_midnight(day: date) -> datetime:
    """The start of ``day`` in Europe/Oslo (settings.TIME_ZONE), as an aware datetime."""
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


@dataclass(frozen=True)
class Period:
    start: date  # the first day counted
    end: date  # the first day not counted

    def __post_init__(self):
        if self.end <= self.start:
            raise PeriodError(_("The period must end after it starts."))
        if (self.end - self.start).days > MAX_DAYS:
            raise PeriodError(_("Choose a period of at most ten years."))

    @property
    def starts_at(self) -> datetime:
        return local_midnight(self.start)

    @property
    def ends_at(self) -> datetime:
        return local_midnight(self.end)

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    def months(self) -> list[date]:
        """The first day of every calendar month the period touches."""
        months, month = [], self.start.replace(day=1)
        while month < self.end:
            months.append(month)
            month = (month + timedelta(days=32)).replace(day=1)
        return months

    @classmethod
    def this_year(cls, today: date | None = None) -> Period:
        today = today or timezone.localdate()
        return cls(date(today.year, 1, 1), date(today.year + 1, 1, 1))

    @classmethod
    def last_12_months(cls, today: date | None = None) -> Period:
        """Twelve calendar months: the eleven before this one, and this one up to today."""
        today = today or timezone.localdate()
        index = today.year * 12 + today.month - 1 - 11
        return cls(date(index // 12, index % 12 + 1, 1), today + timedelta(days=1))

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year + 1, 1, 1))
