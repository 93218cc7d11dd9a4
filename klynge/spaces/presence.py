"""Who is at the hub today: members who booked and chose to be shown.

Off by default and chosen per booking; only members and staff see the list,
and it shows only what the person chose to share there: the name, the
headline and, when the profile is listed, a link to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.core.errors import Conflict, NotAllowed
from klynge.directory.roles import is_member, is_staff
from klynge.spaces.booking_models import Booking


@dataclass(frozen=True)
class Present:
    name: str
    headline: str
    url: str


def may_see(user) -> bool:
    return is_member(user) or is_staff(user)


def may_show(user) -> bool:
    return is_member(user) and getattr(user, "person", None) is not None


@transaction.atomic
def booking_show_at_hub(*, booking: Booking, by, show: bool) -> Booking:
    if booking.user_id != by.pk or not may_show(by):
        raise NotAllowed(_("Only members can be shown as at the hub, for their own bookings."))
    if booking.cancelled_at is not None or booking.blocked:
        raise Conflict(_("The booking is cancelled."))
    Booking.objects.filter(pk=booking.pk).update(show_at_hub=show)
    booking.show_at_hub = show
    return booking


def present_today(viewer) -> list[Present]:
    """The people at the hub today who chose to be shown; empty for non-members."""
    if not may_see(viewer):
        return []
    today = timezone.localdate()
    zone = timezone.get_current_timezone()
    start = datetime.combine(today, time.min, tzinfo=zone)
    end = datetime.combine(today + timedelta(days=1), time.min, tzinfo=zone)
    bookings = (
        Booking.objects.live()
        .filter(show_at_hub=True, blocked=False, starts_at__lt=end, ends_at__gt=start)
        .select_related("user__person")
        .order_by("user__person__name")
    )
    found, seen = [], set()
    for booking in bookings:
        person = getattr(booking.user, "person", None) if booking.user else None
        if person is None or person.pk in seen:
            continue
        seen.add(person.pk)
        url = person.get_absolute_url() if person.is_listed else ""
        found.append(Present(person.name, person.headline, url))
    return found
