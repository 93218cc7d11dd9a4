"""Outgoing email: one way to build a message, one way to queue it, one way to send it.

Build with ``render_email`` (templates ``<base>_subject.txt``, ``<base>_message.txt``
and, if present, ``<base>_message.html``, rendered in the recipient's language with
absolute links), queue with ``email_queue`` (a row in OutgoingMail, written in the
caller's transaction), and the task ``send_outgoing`` sends it, retrying with backoff.
"""

from __future__ import annotations

import logging
from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import BadHeaderError, EmailMessage, EmailMultiAlternatives
from django.core.mail.message import make_msgid
from django.db import transaction
from django.db.models import F
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import timezone, translation
from django_tasks import task

from klynge.core.links import site_base
from klynge.core.models import MAX_ATTEMPTS, RETRY_DELAYS, OutgoingMail

log = logging.getLogger(__name__)
Status = OutgoingMail.Status


# Building


def render_email(
    template_base: str,
    context: dict,
    *,
    to: list[str],
    language: str,
    reply_to: list[str] | None = None,
    prefix_subject: bool = True,
) -> EmailMultiAlternatives:
    """The email ``template_base`` for ``to``, rendered in ``language``.

    The context gets ``hub``, ``hub_name`` and ``site_url`` (the site's absolute
    base address), so templates link with ``{{ site_url }}{{ path }}``. Text parts
    are rendered without HTML escaping: "R&D" stays "R&D" in a plain-text email.
    """
    hub = settings.KLYNGE_HUB
    full = {"hub": hub, "hub_name": hub["name"], "site_url": site_base(), **context}
    with translation.override(language):
        subject = _subject(_render(f"{template_base}_subject.txt", full, text=True))
        body = _render(f"{template_base}_message.txt", full, text=True).strip() + "\n"
        try:
            html = _render(f"{template_base}_message.html", full, text=False)
        except TemplateDoesNotExist:
            html = None
    message = EmailMultiAlternatives(
        subject=f"[{hub['name']}] {subject}" if prefix_subject else subject,
        body=body,
        to=list(to),
        reply_to=reply_to or None,
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message


def _render(name: str, context: dict, *, text: bool) -> str:
    template = get_template(name)
    if text:
        # The Django template under the backend's wrapper, so autoescape can be off.
        return template.template.render(Context(context, autoescape=False))
    return template.render(context)


def _subject(rendered: str) -> str:
    """One line. Templates may wrap their tags over several lines (allauth's do); a
    second line of text means a value held a line break, which must not reach a header."""
    lines = [line.strip() for line in rendered.splitlines() if line.strip()]
    if len(lines) > 1:
        raise BadHeaderError(f"Email subject holds a line break: {rendered!r}")
    return lines[0] if lines else ""


def check_headers(message: EmailMessage) -> None:
    """Refuse, loudly and before anything is stored, a header value with a line break."""
    values = [message.subject, *message.to, *message.cc, *message.bcc, *message.reply_to]
    values += [str(v) for v in message.extra_headers.values()]
    for value in values:
        if "\n" in value or "\r" in value:
            raise BadHeaderError(f"Email header holds a line break: {value!r}")


# Queuing


def email_queue(message: EmailMessage) -> OutgoingMail:
    """Store ``message`` and have a task send it.

    The row and the task are written in the caller's transaction (the task
    queue is a table in the same database), so a rolled-back write sends
    nothing and a committed one can never lose its email.
    """
    check_headers(message)
    payload = to_payload(message)
    payload["headers"].setdefault("Message-ID", make_msgid(domain=_msgid_domain()))
    with transaction.atomic():
        mail = OutgoingMail.objects.create(
            recipients=", ".join(payload["to"] + payload["cc"] + payload["bcc"]),
            subject=message.subject,
            message=payload,
            next_attempt_at=timezone.now(),
        )
        send_outgoing.enqueue(mail.pk)
    return mail


def _msgid_domain() -> str:
    # The same Message-ID on every attempt, from the site's own domain.
    return urlsplit(site_base()).hostname or "localhost"


def to_payload(message: EmailMessage) -> dict:
    """A message as plain data (JSON), so any worker can send it."""
    return {
        "subject": message.subject,
        "body": message.body if message.content_subtype != "html" else "",
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        # Text attachments only (calendar files); binary content would not survive JSON.
        "attachments": [
            [name, content if isinstance(content, str) else content.decode(), mimetype]
            for name, content, mimetype in message.attachments
            if name
        ],
        "html": next(
            (
                content
                for content, mimetype in getattr(message, "alternatives", [])
                if mimetype == "text/html"
            ),
            message.body if message.content_subtype == "html" else None,
        ),
    }


def build_message(payload: dict) -> EmailMessage:
    """The inverse of ``to_payload``."""
    html = payload.get("html")
    body = payload["body"] if not (html and html == payload["body"]) else ""
    message = EmailMultiAlternatives(
        subject=payload["subject"],
        body=body,
        from_email=payload["from_email"],
        to=payload["to"],
        cc=payload.get("cc") or None,
        bcc=payload.get("bcc") or None,
        reply_to=payload.get("reply_to") or None,
        headers=payload.get("headers") or None,
    )
    if html:
        message.attach_alternative(html, "text/html")
    for name, content, mimetype in payload.get("attachments") or []:
        message.attach(name, content, mimetype)
    return message


# Sending


def outgoing_send(*, mail_id: int, now: datetime | None = None) -> bool:
    """Send one queued message if it is due; True if the server accepted it.

    The conditional UPDATE is the claim: of two workers (or a task that runs
    twice) only one moves the row from queued to sending, and only that one
    talks to the server. A failure puts the row back in the queue with the
    next delay, or marks it failed after the last attempt.
    """
    now = now or timezone.now()
    claimed = (
        OutgoingMail.objects.due(now)
        .filter(pk=mail_id)
        .update(status=Status.SENDING, attempts=F("attempts") + 1)
    )
    if not claimed:
        return False
    mail = OutgoingMail.objects.get(pk=mail_id)
    try:
        build_message(mail.message).send()
    except Exception as error:  # any failure of the connection or the server
        failed_at = timezone.now()
        error_text = f"{type(error).__name__}: {error}"[:2000]
        with transaction.atomic():
            if mail.attempts >= MAX_ATTEMPTS:
                OutgoingMail.objects.filter(pk=mail_id).update(
                    status=Status.FAILED, next_attempt_at=None, last_error=error_text
                )
                log.error("Email %s failed for good after %s attempts: %s",
                          mail_id, mail.attempts, error_text)  # fmt: skip
                return False
            retry_at = failed_at + RETRY_DELAYS[mail.attempts - 1]
            OutgoingMail.objects.filter(pk=mail_id).update(
                status=Status.QUEUED, next_attempt_at=retry_at, last_error=error_text
            )
            send_outgoing.using(run_after=retry_at).enqueue(mail_id)
        log.warning("Email %s not sent (attempt %s), retrying at %s: %s",
                    mail_id, mail.attempts, retry_at, error_text)  # fmt: skip
        return False
    OutgoingMail.objects.filter(pk=mail_id).update(status=Status.SENT, sent_at=timezone.now())
    return True


@task()
def send_outgoing(mail_id: int) -> bool:
    """The task: send one stored email; a failure is retried by a later task."""
    return outgoing_send(mail_id=mail_id)


def outgoing_resend(*, mails) -> int:
    """Queue failed (or stuck) messages again, from the first delay; returns how many.

    A message stuck in "sending" (a worker died mid-send) may have reached the
    server, so it is only sent again when staff choose to.
    """
    now = timezone.now()
    ids = list(
        mails.filter(status__in=[Status.FAILED, Status.SENDING]).values_list("pk", flat=True)
    )
    with transaction.atomic():
        OutgoingMail.objects.filter(pk__in=ids).update(
            status=Status.QUEUED, attempts=0, next_attempt_at=now, last_error=""
        )
        for mail_id in ids:
            send_outgoing.enqueue(mail_id)
    return len(ids)
