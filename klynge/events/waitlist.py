"""The waitlist: who gets a place, and in which order.

Every function here expects the caller to hold the event's lock (see
``services.lock_event``), so that the count of places and the positions
cannot change under it.
"""

from __future__ import annotations

from django.db.models import Max
from django.utils import timezone

from klynge.events.models import Event, Notification, Registration
from klynge.events.notifications import notify


def place(registration: Registration, event: Event) -> None:
    """Give a confirmed place if one is free, else the next place in line."""
    if event.capacity is None or event.confirmed_count() < event.capacity:
        registration.status = Registration.Status.CONFIRMED
        registration.waitlist_position = None
        registration.confirmed_at = timezone.now()
    else:
        last = event.registrations.aggregate(last=Max("waitlist_position"))["last"] or 0
        registration.status = Registration.Status.WAITLISTED
        registration.waitlist_position = last + 1


def waitlist_promote(*, event: Event) -> list[Registration]:
    """Move people up from the front of the waitlist while places are free, and tell them."""
    waiting = event.registrations.waitlisted().select_related("user", "event")
    if event.capacity is not None:
        free = max(event.capacity - event.confirmed_count(), 0)
        waiting = waiting[:free]
    promoted = list(waiting)
    for registration in promoted:
        registration.status = Registration.Status.CONFIRMED
        registration.waitlist_position = None
        registration.confirmed_at = timezone.now()
        registration.save(update_fields=["status", "waitlist_position", "confirmed_at"])
        notify(registration, Notification.Kind.PROMOTED, version=registration.attempt)
    return promoted
