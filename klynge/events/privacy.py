"""The events' part of a person's data export and account deletion."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klynge.core.retention import Rule
from klynge.events import services
from klynge.events.models import Registration

DELETION_NOTE = _(
    "Your sign-ups for coming events are cancelled, so that others get your place. "
    "Past attendance is kept only as anonymous numbers, without your name or email."
)


def export(user) -> dict:
    registrations = Registration.objects.filter(user=user).select_related("event")
    return {
        "registrations": [
            {
                "event": r.event.title,
                "starts_at": r.event.starts_at,
                "status": r.status,
                "waitlist_position": r.waitlist_position,
                "dietary_needs": r.dietary_needs,
                "accessibility_needs": r.accessibility_needs,
                "show_publicly": r.show_publicly,
                "attended_at": r.attended_at,
                "created_at": r.created_at,
                "feedback": (
                    {"rating": r.feedback.rating, "comment": r.feedback.comment}
                    if hasattr(r, "feedback")
                    else None
                ),
            }
            for r in registrations
        ]
    }


@transaction.atomic
def forget(user) -> None:
    """Cancel coming sign-ups (the waitlist moves up), then strip who the person was."""
    upcoming = Registration.objects.filter(
        user=user,
        event__starts_at__gt=timezone.now(),
        status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLISTED],
    )
    for registration in upcoming:
        services.registration_cancel(registration=registration)
    Registration.objects.filter(user=user).update(
        user=None,
        anonymised=True,
        name="",
        email="",
        dietary_needs="",
        accessibility_needs="",
        show_publicly=False,
    )


def _forget_guests(cutoff) -> int:
    """Guests' names, emails and needs go once the event is long over; the row stays,
    as for a deleted account, so that attendance figures stay true."""
    return Registration.objects.filter(
        user__isnull=True, anonymised=False, event__ends_at__lt=cutoff
    ).update(
        anonymised=True,
        name="",
        email="",
        dietary_needs="",
        accessibility_needs="",
        show_publicly=False,
    )


def _forget_unconfirmed_guests(cutoff) -> int:
    """A guest sign-up nobody confirmed holds an address that may not be the typist's."""
    pending = Registration.objects.filter(
        user__isnull=True, status=Registration.Status.PENDING, created_at__lt=cutoff
    )
    return pending.delete()[1].get(Registration._meta.label, 0)


RETENTION = [
    Rule(
        key="unconfirmed_guest_registrations",
        what=_("Sign-ups for an event without an account that were never confirmed by email"),
        then=_("deleted"),
        purge=_forget_unconfirmed_guests,
    ),
    Rule(
        key="guest_registrations",
        what=_(
            "Name, email address, dietary and accessibility needs of guests who signed up "
            "for an event without an account, counted from the end of the event"
        ),
        then=_("made anonymous: only the count of participants is kept"),
        purge=_forget_guests,
    ),
]
