"""Emails to participants. Each is claimed in the Notification table before it
is queued, so it goes out exactly once however often a task or command runs.

Called from services, inside their transaction: a rolled-back write leaves
neither the claim nor the email.
"""

from __future__ import annotations

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from klynge.core.mail import email_queue, render_email
from klynge.events import ics
from klynge.events.links import registration_token, site_url
from klynge.events.models import Notification, Registration

Kind = Notification.Kind

# These carry the event as an .ics file, so it lands in the person's calendar.
WITH_CALENDAR = {Kind.CONFIRMED, Kind.PROMOTED, Kind.CHANGED, Kind.CANCELLED}


def claim(registration: Registration, kind: str, version: int = 0) -> bool:
    """Record that this email is being sent; False if it already was."""
    try:
        with transaction.atomic():
            Notification.objects.create(registration=registration, kind=kind, version=version)
    except IntegrityError:
        return False
    return True


def notify(registration: Registration, kind: str, *, version: int = 0) -> bool:
    """Queue email ``kind`` to the person behind ``registration``, once."""
    if not registration.recipient or not claim(registration, kind, version):
        return False
    # Rendered after the commit, so that sign-ups do not hold the event's lock
    # while templates render; email_queue then queues the task at once.
    transaction.on_commit(lambda: email_queue(build(registration, kind)))
    return True


def remind(registration: Registration) -> None:
    """Send a registered person their confirmation (or waitlist) email again.

    Not claimed: it answers a request (a guest sign-up for an address that is
    already registered), and the per-address rate limit keeps it from repeating.
    """
    kind = Kind.CONFIRMED if registration.is_confirmed else Kind.WAITLISTED
    transaction.on_commit(lambda: email_queue(build(registration, kind)))


def build(registration: Registration, kind: str) -> EmailMessage:
    event = registration.event
    context = {
        "registration": registration,
        "event": event,
        "event_url": site_url(event.get_absolute_url()),
        "cancel_url": site_url(reverse_token("events:cancel_token", registration, "cancel")),
        "confirm_url": site_url(reverse_token("events:guest_confirm", registration, "confirm")),
        "feedback_url": site_url(reverse_token("events:feedback", registration, "feedback")),
        "show_online_link": registration.is_confirmed and event.online_url,
    }
    message = render_email(
        f"events/email/{kind}",
        context,
        to=[registration.recipient],
        language=registration.recipient_language,
    )
    if kind in WITH_CALENDAR:
        links = {event.pk} if registration.is_confirmed else set()
        with translation.override(registration.recipient_language):
            calendar = ics.calendar([event], name=event.title, online_links_for=links)
        message.attach("event.ics", calendar.decode(), "text/calendar")
    return message


def reverse_token(name: str, registration: Registration, purpose: str) -> str:
    return reverse(name, args=[registration_token(registration, purpose)])
