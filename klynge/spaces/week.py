"""The week view's reading: each day's opening hours and each resource's bookings.

The grid of a week (``grid``) is the same for every reader who may book the same
kinds of resources: it is kept in the shared cache (klynge/core/fragments.py)
under the site's content version, so any booking, cancellation or change of
opening hours over HTTP draws it afresh at once. A job that changes bookings
outside a request must call ``klynge.core.pagecache.content_changed()``; without
that, the grid lags by at most ``PAGE_CACHE_SECONDS``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from klynge.core.errors import Invalid
from klynge.core.fragments import cached_part, without_token
from klynge.spaces.hours import Day, opening_days
from klynge.spaces.models import Booking, Place, Resource
from klynge.spaces.slots import PARTS, desk_span, hub_zone


@dataclass
class Cell:
    resource: Resource
    busy: str = ""  # "09:00–10:00, 13:00–14:00": formatted here, a tenth of the template's cost
    free_desks: list[tuple[str, str]] = field(default_factory=list)  # (part's name, free)
    may_book: bool = False
    key: str = ""  # unique in the page, for element ids
    name: str = ""


@dataclass
class WeekDay:
    day: Day
    cells: list[Cell]
    past: bool

    @property
    def iso(self) -> str:
        return self.day.date.isoformat()


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def grid(
    request: HttpRequest, place: Place, monday: date, allowed: set[str], today: date
) -> SafeString:
    """The week's days and cards as HTML, this reader's CSRF token in its forms."""
    return cached_part(
        request,
        name="spaces-week",
        # All the grid depends on besides the content and the language.
        vary=(place.pk, monday.isoformat(), tuple(sorted(allowed)), today.isoformat()),
        address=False,
        forms=True,
        render=lambda: render_to_string(
            "spaces/_week_days.html",
            without_token(
                {
                    "days": week(place, monday, allowed, today),
                    "parts": PARTS,
                    "place": place,  # the calendar feeds of what the reader may book
                    "allowed": allowed,
                }
            ),
            request,
        ),
    )


def week(place: Place, monday: date, allowed: set[str], today: date) -> list[WeekDay]:
    """Seven days from ``monday``. Four queries, whatever the number of bookings."""
    resources = list(place.resources.filter(active=True))
    days = opening_days(place, monday, 7)
    zone = hub_zone()
    start = datetime.combine(monday, datetime.min.time(), tzinfo=zone)
    end = datetime.combine(monday + timedelta(days=7), datetime.min.time(), tzinfo=zone)
    rows = (
        Booking.objects.live()
        .filter(resource__in=[r.pk for r in resources])
        .overlapping(start, end)
        .values_list("resource_id", "starts_at", "ends_at", "held_until", "seat")
        .order_by("starts_at")
    )
    by_day: dict[tuple[int, date], list[tuple]] = {}
    for resource_id, starts_at, ends_at, held, seat in rows:
        key = (resource_id, starts_at.astimezone(zone).date())
        by_day.setdefault(key, []).append((starts_at, ends_at, held, seat))
    out = []
    for opening in days:
        cells = []
        for resource in resources:
            spans = by_day.get((resource.pk, opening.date), [])
            cell = Cell(
                resource,
                may_book=resource.who in allowed,
                key=f"{resource.pk}-{opening.date:%Y%m%d}",
                name=resource.name,
            )
            if resource.is_desk:
                if not opening.closed:
                    cell.free_desks = _free_desks(resource, opening, spans)
            else:
                cell.busy = ", ".join(
                    f"{a.astimezone(zone):%H:%M}–{b.astimezone(zone):%H:%M}"
                    for a, b, _held, _seat in spans
                )
            cells.append(cell)
        out.append(WeekDay(opening, cells, opening.date < today))
    return out


def _free_desks(resource: Resource, opening: Day, spans) -> list[tuple[str, str]]:
    free = []
    for part, label in PARTS:
        try:
            a, b = desk_span(opening, part)
        except Invalid:  # the hub is not open that part of the day
            continue
        taken = {seat for s, _e, held, seat in spans if s < b and held > a}
        free.append((label, str(max(resource.count - len(taken), 0))))
    return free
