"""The waitlist: who gets a place, and in which order.

Every function here expects the caller to hold the event's lock (see
``services.lock_event``), so that the count of places and the positions
cannot change under it.
"""

from __future__ import annotations

from django.db.models import Count, Max, Q
from django.utils import timezone

from klynge.events.models import Event, Notification, Registration
from klynge.events.notifications import notify


def place(registration: Registration, event: Event) -> None:
    """Give a confirmed place if one is free, else the next place in line.

    One query (none without a capacity): the places taken, the people waiting and
    the last position, so a waitlisted answer knows its place in line too."""
    if event.capacity is not None:
        Status = Registration.Status
        counts = Registration.objects.filter(event_id=event.pk).aggregate(
            taken=Count("pk", filter=Q(status=Status.CONFIRMED)),
            waiting=Count("pk", filter=Q(status=Status.WAITLISTED)),
            last=Max("waitlist_position"),
        )
    if event.capacity is None or counts["taken"] < event.capacity:
        registration.status = Registration.Status.CONFIRMED
        registration.waitlist_position = None
        registration.confirmed_at = timezone.now()
    else:
        registration.status = Registration.Status.WAITLISTED
        registration.waitlist_position = (counts["last"] or 0) + 1
        # The last in line, as counted under the lock: the API's answer needs no count.
        registration.known_place_in_line = counts["waiting"] + 1


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
