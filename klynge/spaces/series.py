"""Weekly bookings: the same time on the same weekday, until a date.

Every occurrence is a real booking, checked by every rule of ``book_locked``
(opening hours that day, length, pause, per-person limit, a free seat), all in
one transaction on the locked resource. A date that cannot be booked (a public
holiday, someone else's booking) is skipped and reported with its reason, and
the rest is booked: a person booking every Tuesday wants the Tuesdays they can
have, and is told which ones they cannot. Only when no date at all can be
booked is the whole series refused, with the list.

"How far ahead" is checked for the first date only: the point of a standing
weekly booking is to hold the time for months, and ``MAX_WEEKS`` caps it.

The wall-clock time is kept: 09:00 is 09:00 at the hub on every date, also
after the switch to or from summer time (each date is computed at the hub and
then turned into UTC).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from klynge.audit.models import Action
from klynge.audit.services import audit_record
from klynge.core.errors import Conflict, DomainError, Invalid, NotAllowed
from klynge.spaces import rules, services
from klynge.spaces.booking_mail import tell_series_booked
from klynge.spaces.hours import opening_days
from klynge.spaces.models import Booking, Resource
from klynge.spaces.slots import desk_span, local_datetime

MAX_WEEKS = 26


@dataclass
class SeriesResult:
    booked: list[Booking] = field(default_factory=list)
    skipped: list[tuple[date, str]] = field(default_factory=list)


def series_dates(first: date, until: date) -> list[date]:
    if until < first:
        raise Invalid(_("The last date must be on or after the first."))
    if until > first + timedelta(weeks=MAX_WEEKS):
        raise Invalid(
            _("A weekly booking can last at most %(weeks)d weeks.") % {"weeks": MAX_WEEKS}
        )
    weeks = (until - first).days // 7
    return [first + timedelta(weeks=n) for n in range(weeks + 1)]


def _span(resource: Resource, day: date, part: str, start: time | None, end: time | None):
    if resource.is_desk:
        (opening,) = opening_days(resource.place, day, 1)
        return desk_span(opening, part or "day")
    return local_datetime(day, start), local_datetime(day, end)


@transaction.atomic
def series_create(
    *,
    resource: Resource,
    user,
    first: date,
    until: date,
    part: str = "",
    start: time | None = None,
    end: time | None = None,
    by=None,
) -> SeriesResult:
    """Book ``resource`` every week from ``first`` to ``until`` (a desk by ``part``,
    a room from ``start`` to ``end``). Returns what was booked and what was skipped."""
    by = by or user
    on_behalf = services.check_may_book(resource=resource, user=user, by=by)
    if not resource.is_desk and (start is None or end is None):
        raise Invalid(_("Give the time from and to."))
    days = series_dates(first, until)
    resource = services._lock(resource)
    result = SeriesResult()
    series = uuid.uuid4()
    for n, day in enumerate(days):
        try:
            with transaction.atomic():  # a refused date leaves nothing behind
                starts_at, ends_at = _span(resource, day, part, start, end)
                booking = services.book_locked(
                    resource, user, starts_at, ends_at, by=by, series=series, window=n == 0
                )
        except DomainError as error:
            result.skipped.append((day, str(error.message)))
        else:
            result.booked.append(booking)
    if not result.booked:
        lines = "; ".join(f"{day:%d.%m.%Y}: {reason}" for day, reason in result.skipped)
        raise Conflict(_("None of the dates could be booked: %(dates)s") % {"dates": lines})
    if on_behalf:
        audit_record(
            actor=by, action=Action.BOOKING_ON_BEHALF, target=result.booked[0],
            summary=f"{user.email}: {len(result.booked)} weekly from {result.booked[0]}",
        )  # fmt: skip
    tell_series_booked(result.booked, result.skipped)
    return result


@transaction.atomic
def series_cancel_rest(*, booking: Booking, by) -> list[Booking]:
    """Cancel ``booking`` and every later live occurrence of its series."""
    if booking.series is None:
        raise Invalid(_("This booking is not part of a weekly booking."))
    if not rules.can_cancel(by, booking):
        raise NotAllowed(_("You cannot cancel this booking."))
    rest = list(
        Booking.objects.live()
        .filter(series=booking.series, starts_at__gte=booking.starts_at)
        .order_by("starts_at")
    )
    if not rest:
        raise Conflict(_("This booking is already cancelled."))
    # The first is the earliest: if it may be cancelled, so may the later ones.
    return [services.booking_cancel(booking=b, by=by) for b in rest]
