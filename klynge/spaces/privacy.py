"""The bookings' part of a person's data export and account deletion."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klynge.core.retention import Rule
from klynge.spaces.models import Booking

DELETION_NOTE = _(
    "Your coming bookings of desks and rooms are cancelled, so that others can book them. "
    "Past bookings are kept without your name, as counts of use."
)


def export(user) -> dict:
    bookings = Booking.objects.filter(user=user).select_related("resource")
    return {
        "bookings": [
            {
                "resource": b.resource.name,
                "starts_at": b.starts_at,
                "ends_at": b.ends_at,
                "seat": b.seat,
                "note": b.note,
                "shown_as_at_the_hub": b.show_at_hub,
                "created_at": b.created_at,
                "cancelled_at": b.cancelled_at,
            }
            for b in bookings
        ]
    }


@transaction.atomic
def forget(user) -> None:
    """Coming bookings are cancelled; every booking loses who made it."""
    now = timezone.now()
    Booking.objects.live().filter(user=user, starts_at__gt=now).update(cancelled_at=now)
    Booking.objects.filter(user=user).update(user=None, note="", show_at_hub=False)
    Booking.objects.filter(booked_by=user).update(booked_by=None)


def _forget_old_bookers(cutoff) -> int:
    return Booking.objects.filter(user__isnull=False, ends_at__lt=cutoff).update(
        user=None, booked_by=None, note=""
    )


RETENTION = [
    Rule(
        key="bookings",
        what=_("Who booked a desk or a room, counted from the end of the booking"),
        then=_("made anonymous: only the use of the resource is kept"),
        purge=_forget_old_bookers,
    ),
]
