"""Emails to participants. Each is claimed in the Notification table before it
is queued, so it goes out exactly once however often a task or command runs.

Called from services, inside their transaction: a rolled-back write leaves
neither the claim nor the email.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from klynge.core.mail import email_queue
from klynge.events import ics
from klynge.events.links import registration_token, site_url
from klynge.events.models import Notification, Registration

Kind = Notification.Kind

SUBJECTS = {
    Kind.GUEST_CONFIRM: lambda: _("Confirm your registration: %(title)s"),
    Kind.CONFIRMED: lambda: _("You are registered: %(title)s"),
    Kind.WAITLISTED: lambda: _("You are on the waitlist: %(title)s"),
    Kind.PROMOTED: lambda: _("You have a place: %(title)s"),
    Kind.REMINDER: lambda: _("Reminder: %(title)s"),
    Kind.THANKS: lambda: _("Thank you for coming: %(title)s"),
    Kind.CHANGED: lambda: _("Changed: %(title)s"),
    Kind.CANCELLED: lambda: _("Cancelled: %(title)s"),
}
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


def build(registration: Registration, kind: str) -> EmailMessage:
    event = registration.event
    with translation.override(registration.recipient_language):
        context = {
            "registration": registration,
            "event": event,
            "hub": settings.KLYNGE_HUB,
            "event_url": site_url(event.get_absolute_url()),
            "cancel_url": site_url(reverse_token("events:cancel_token", registration, "cancel")),
            "confirm_url": site_url(reverse_token("events:guest_confirm", registration, "confirm")),
            "feedback_url": site_url(reverse_token("events:feedback", registration, "feedback")),
            "show_online_link": registration.is_confirmed and event.online_url,
        }
        subject = SUBJECTS[kind]() % {"title": event.title}
        body = render_to_string(f"events/email/{kind}.txt", context)
        message = EmailMessage(
            subject=f"[{settings.KLYNGE_HUB['name']}] {subject}",
            body=body,
            to=[registration.recipient],
        )
        if kind in WITH_CALENDAR:
            links = {event.pk} if registration.is_confirmed else set()
            message.attach(
                "event.ics",
                ics.calendar([event], name=event.title, online_links_for=links).decode(),
                "text/calendar",
            )
    return message


def reverse_token(name: str, registration: Registration, purpose: str) -> str:
    return reverse(name, args=[registration_token(registration, purpose)])
