"""The events' part of a person's data export and account deletion."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
