"""Check-in and releasing no-shows.

A person checks in to a booking from "My bookings" or by scanning the QR code
on the desk or room (``qr.py``), from ``CHECK_IN_EARLY`` before it starts
until it ends. A resource with ``release_after_minutes`` releases a booking
no one checked in that long after it started: the booking is cancelled (so
the seat can be booked again), marked ``released_at`` (a no-show staff see on
the overview), and the person gets a short email. ``release_no_shows`` runs
from the task worker (``tasks.py``) and the timed job ``run_spaces_jobs``; it
is safe to run again or twice at once: each booking is released by one
conditional update, and only the run whose update changed the row sends mail.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.core.errors import Conflict, Invalid, NotAllowed
from klynge.core.pagecache import content_changed
from klynge.spaces.booking_mail import tell_released
from klynge.spaces.models import Booking, Resource
from klynge.spaces.slots import local

CHECK_IN_EARLY = timedelta(minutes=30)


@transaction.atomic
def booking_check_in(*, booking: Booking, by) -> Booking:
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.user_id is None or booking.user_id != by.pk:
        raise NotAllowed(_("You can only check in to your own booking."))
    if booking.cancelled:
        if booking.released_at:
            raise Conflict(_("This booking was released because no one checked in."))
        raise Conflict(_("This booking is cancelled."))
    now = timezone.now()
    if now < booking.starts_at - CHECK_IN_EARLY:
        raise Invalid(_("You can check in from 30 minutes before the booking starts."))
    if now >= booking.ends_at:
        raise Invalid(_("This booking has ended."))
    if booking.checked_in_at is None:
        booking.checked_in_at = now
        booking.save(update_fields=["checked_in_at"])
    return booking


def booking_to_check_in(*, resource: Resource, user) -> Booking | None:
    """The person's booking of ``resource`` today that a scan of its QR code checks in:
    the one going on or starting soonest."""
    now = timezone.now()
    today = local(now).date()
    return (
        Booking.objects.live()
        .filter(resource=resource, user=user, ends_at__gt=now)
        .filter(starts_at__lte=now + CHECK_IN_EARLY)
        .filter(starts_at__date=today)
        .order_by("starts_at")
        .first()
    )


def release_no_shows(*, now: datetime | None = None) -> int:
    """Release every booking not checked in in time; returns how many this run released."""
    now = now or timezone.now()
    released = 0
    for resource in Resource.objects.filter(release_after_minutes__gt=0):
        late = now - timedelta(minutes=resource.release_after_minutes)
        due = (
            Booking.objects.live()
            .filter(resource=resource, blocked=False, user__isnull=False)
            .filter(checked_in_at__isnull=True, starts_at__lte=late, ends_at__gt=now)
            .values_list("pk", flat=True)
        )
        for pk in list(due):
            released += _release(pk, now)
    if released:
        content_changed()  # the freed seats show at once in the cached week view
    return released


@transaction.atomic
def _release(pk: int, now: datetime) -> int:
    changed = Booking.objects.filter(
        pk=pk, cancelled_at__isnull=True, checked_in_at__isnull=True
    ).update(cancelled_at=now, released_at=now)
    if changed:
        tell_released(Booking.objects.select_related("user", "resource__place").get(pk=pk))
    return changed
