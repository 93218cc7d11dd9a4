"""Absolute links for emails and calendars, and the signed tokens in them.

Emails are sent from tasks with no request, so links are built from
settings.SITE_URL (or, without it, the sites framework's domain).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core import signing

from klynge.core.links import site_base, site_url  # noqa: F401 (used by events' emails)
from klynge.events.models import Registration

GUEST_CONFIRM_MAX_AGE = 7 * 24 * 3600
SALTS = {
    "confirm": "klynge.events.guest-confirm",
    "cancel": "klynge.events.cancel",
    "feedback": "klynge.events.feedback",
}


def calendar_host() -> str:
    """The host part of iCalendar UIDs: the domain without scheme or port."""
    return urlsplit(site_base()).hostname or "localhost"


def registration_token(registration: Registration, purpose: str) -> str:
    return signing.dumps(registration.pk, salt=SALTS[purpose])


def registration_from_token(
    token: str, purpose: str, max_age: int | None = None
) -> Registration | None:
    """The registration a token was made for, or None if it is forged, expired or gone."""
    try:
        pk = signing.loads(token, salt=SALTS[purpose], max_age=max_age)
    except signing.BadSignature:
        return None
    return Registration.objects.select_related("event", "user").filter(pk=pk).first()
