"""Messages from an organiser to an event's participants ("blasts").

One call writes the message and queues one email per recipient in the same
transaction; each email is claimed first (``notifications.claim``), so neither
a form sent twice nor a task run twice sends anyone the same message twice.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from klynge.core.errors import Conflict, Invalid, NotAllowed
from klynge.core.mail import email_queue, render_email
from klynge.events import rules
from klynge.events.links import site_url
from klynge.events.models import Event, EventMessage, Notification, Registration
from klynge.events.notifications import claim
from klynge.lib.text import is_one_line

Audience = EventMessage.Audience


def recipients(event: Event, audience: str):
    registrations = event.registrations
    if audience == Audience.WAITLISTED:
        chosen = registrations.waitlisted()
    elif audience == Audience.ATTENDED:
        chosen = registrations.confirmed().attended()
    else:
        chosen = registrations.confirmed()
    return chosen.select_related("user").order_by("id")


def message_send(
    *, event: Event, by, audience: str, subject: str, body: str, nonce: str
) -> EventMessage:
    if not rules.can_edit(by, event):
        raise NotAllowed(_("Only the event's organisers can write to its participants."))
    subject, body = subject.strip(), body.strip()
    if not subject or not body:
        raise Invalid(_("Write both a subject and a message."))
    if not is_one_line(subject):
        raise Invalid(_("Write the subject on one line."))
    if audience not in Audience.values:
        raise Invalid(_("Choose who the message goes to."))
    try:
        with transaction.atomic():
            message = EventMessage.objects.create(
                event=event, audience=audience, subject=subject, body=body, sent_by=by, nonce=nonce
            )
    except IntegrityError:
        raise Conflict(_("This message has already been sent.")) from None
    with transaction.atomic():
        sent = 0
        for registration in recipients(event, audience):
            if registration.recipient and claim(
                registration, Notification.Kind.MESSAGE, message.pk
            ):
                email_queue(build(registration, message))
                sent += 1
        EventMessage.objects.filter(pk=message.pk).update(recipients=sent)
    message.recipients = sent
    return message


def build(registration: Registration, message: EventMessage):
    event = registration.event
    context = {
        "registration": registration,
        "event": event,
        "message": message,
        "event_url": site_url(event.get_absolute_url()),
    }
    return render_email(
        "events/email/message",
        context,
        to=[registration.recipient],
        language=registration.recipient_language,
    )
