"""The needs board's emails, each rendered in its recipient's language.

Services decide who gets what and when; this module only builds and queues.
Built with core.mail.render_email and queued with core.mail.email_queue, so
mail leaves from a task once the write commits. Thread emails never carry the other side's address.
"""

from __future__ import annotations

from django.conf import settings

from klynge.core.links import site_url
from klynge.core.mail import email_queue, render_email


def send(template: str, users, context: dict) -> int:
    """Queue email ``template`` to each user (not to inactive ones), each in their language."""
    sent = 0
    for user in users:
        if user is None or not user.is_active or not user.email:
            continue
        full = {"recipient": user, "site": site_url(""), **context}
        for key, value in context.items():
            if hasattr(value, "get_absolute_url"):
                full[f"{key}_url"] = site_url(value.get_absolute_url())
        language = user.language or settings.LANGUAGE_CODE
        email_queue(
            render_email(f"needs/email/{template}", full, to=[user.email], language=language)
        )
        sent += 1
    return sent
