"""The teams' emails, each rendered in its recipient's language.

Services decide who gets what; this module only builds and queues, through
core.mail's render_email and email_queue, so mail leaves from a task once the
write commits. No email names a team member: the link leads to the team's page,
which shows each member as the directory lets the reader see them.
"""

from __future__ import annotations

from django.conf import settings

from klynge.core.links import site_url
from klynge.core.mail import email_queue, render_email


def send(template: str, users, context: dict) -> int:
    """Queue email ``template`` to each active user once, each in their language."""
    sent, seen = 0, set()
    for user in users:
        if user is None or not user.is_active or not user.email or user.pk in seen:
            continue
        seen.add(user.pk)
        full = {"recipient": user, **context}
        for key, value in context.items():
            if hasattr(value, "get_absolute_url"):
                full[f"{key}_url"] = site_url(value.get_absolute_url())
        language = user.language or settings.LANGUAGE_CODE
        email_queue(
            render_email(f"teams/email/{template}", full, to=[user.email], language=language)
        )
        sent += 1
    return sent
