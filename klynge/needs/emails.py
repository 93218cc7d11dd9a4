"""The needs board's emails, each rendered in its recipient's language.

Services decide who gets what and when; this module only builds and queues.
Queuing goes through core.mail.email_queue, so mail leaves from a task after
the write commits. Thread emails never carry the other side's address.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from klynge.core.links import site_url
from klynge.core.mail import email_queue

SUBJECTS = {
    "staff_pending": lambda: _("A need waits for approval: %(title)s"),
    "approved": lambda: _("Your need is published: %(title)s"),
    "declined": lambda: _("Your need was not published: %(title)s"),
    "match": lambda: _("A need that matches you: %(title)s"),
    "digest": lambda: _("New needs that match you"),
    "invited": lambda: _("You are invited to answer: %(title)s"),
    "answer_new": lambda: _("New answer to your need: %(title)s"),
    "answer_withdrawn": lambda: _("An answer was withdrawn: %(title)s"),
    "message_new": lambda: _("New message about: %(title)s"),
    "settled": lambda: _("The need is settled: %(title)s"),
    "expiry_reminder": lambda: _("Your need closes soon: %(title)s"),
    "follow_up": lambda: _("Did the help work? %(title)s"),
}


def send(template: str, users, context: dict) -> int:
    """Queue email ``template`` to each user (not to inactive ones), each in their language."""
    sent = 0
    for user in users:
        if user is None or not user.is_active or not user.email:
            continue
        with translation.override(user.language or settings.LANGUAGE_CODE):
            full = {"hub": settings.KLYNGE_HUB, "recipient": user, "site": site_url(""), **context}
            for key, value in context.items():
                if hasattr(value, "get_absolute_url"):
                    full[f"{key}_url"] = site_url(value.get_absolute_url())
            need = context.get("need")
            subject = SUBJECTS[template]() % {"title": need.title if need else ""}
            body = render_to_string(f"needs/email/{template}.txt", full)
        email_queue(
            EmailMessage(
                subject=f"[{settings.KLYNGE_HUB['name']}] {subject}", body=body, to=[user.email]
            )
        )
        sent += 1
    return sent
