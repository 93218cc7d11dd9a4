"""Emails to participants. Each is claimed in the Notification table before it
is queued, so it goes out exactly once however often a task or command runs.

Called from services, inside their transaction: a rolled-back write leaves
neither the claim nor the email. The request only claims the email (in the
transaction) and queues the task ``registration_email_send`` once it commits; a
task worker renders the email and its calendar file and queues it for sending.
A sign-up's answer thus waits for no template, and 1,000 sign-ups at once cost
the web nodes no rendering.
"""

from __future__ import annotations

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from klynge.core.mail import email_queue, render_email
from klynge.events import ics
from klynge.events.links import registration_token, site_url
from klynge.events.models import Notification, Registration

Kind = Notification.Kind

# These carry the event as an .ics file, so it lands in the person's calendar.
WITH_CALENDAR = {Kind.CONFIRMED, Kind.PROMOTED, Kind.CHANGED, Kind.CANCELLED}


def claim(
    registration: Registration, kind: str, version: int = 0, *, fresh: bool = False
) -> Notification | None:
    """Record that this email is being sent; None if it already was.

    ``fresh``: the registration row was inserted in this transaction, so it has no
    claims yet and the insert needs no savepoint (two statements fewer under a lock)."""
    if fresh:
        return Notification.objects.create(registration=registration, kind=kind, version=version)
    try:
        with transaction.atomic():
            return Notification.objects.create(
                registration=registration, kind=kind, version=version
            )
    except IntegrityError:
        return None


def notify(registration: Registration, kind: str, *, version: int = 0, fresh: bool = False) -> bool:
    """Queue email ``kind`` to the person behind ``registration``, once (``fresh``: see claim)."""
    if not registration.recipient:
        return False
    notification = claim(registration, kind, version, fresh=fresh)
    if notification is None:
        return False
    send_claimed(registration.pk, kind, notification.pk)
    return True


def send_claimed(registration_pk: int, kind: str, notification_pk: int) -> None:
    """Have the worker draw and send a claimed email once this transaction commits
    (at once outside one): sign-ups hold the event's lock no longer than the claim
    takes, and the claim keeps a second run from sending it again."""
    transaction.on_commit(
        lambda: registration_email_send.enqueue(registration_pk, kind, notification_pk)
    )


def remind(registration: Registration) -> None:
    """Send a registered person their confirmation (or waitlist) email again.

    Not claimed: it answers a request (a guest sign-up for an address that is
    already registered), and the per-address rate limit keeps it from repeating.
    """
    kind = Kind.CONFIRMED if registration.is_confirmed else Kind.WAITLISTED
    registration_pk = registration.pk
    transaction.on_commit(lambda: registration_email_send.enqueue(registration_pk, kind, None))


@task()
def registration_email_send(
    registration_id: int, kind: str, notification_id: int | None = None
) -> bool:
    """Render email ``kind`` for a registration as it is now, and queue it for sending.

    With ``notification_id`` (a claimed email), at most once: the claim is locked
    and marked queued in the same transaction as the queued email."""
    with transaction.atomic():
        if notification_id is not None:
            notification = (
                Notification.objects.select_for_update().filter(pk=notification_id).first()
            )
            if notification is None or notification.queued_at is not None:
                return False
        registration = (
            Registration.objects.select_related("event", "user").filter(pk=registration_id).first()
        )
        if registration is None or not registration.recipient:
            return False
        email_queue(build(registration, kind))
        if notification_id is not None:
            notification.queued_at = timezone.now()
            notification.save(update_fields=["queued_at"])
    return True


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
