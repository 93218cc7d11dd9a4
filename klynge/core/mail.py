"""Outgoing email. Views and services queue messages; only the task sends them."""

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction


def email_queue(message: EmailMessage) -> None:
    """Send ``message`` from a background task once the current transaction commits.

    Queuing on commit means a rolled-back write never sends mail, and the
    task gets plain data (never objects) so any worker can send it.
    """
    from klynge.core.tasks import send_email

    payload = {
        "subject": message.subject,
        "body": message.body,
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
    transaction.on_commit(lambda: send_email.enqueue(**payload))


def build_message(payload: dict) -> EmailMessage:
    """The inverse of the payload ``email_queue`` stores."""
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
