"""The needs board's timed work: expiry reminders, expiry, follow-ups, digests.

Run by ``manage.py run_needs_jobs`` from cron (hourly is right) or as the
``run_jobs`` task. Each email is claimed by stamping the need with a
conditional UPDATE first, so running the jobs again, or twice at once, sends
nothing twice.
"""

from __future__ import annotations

from datetime import timedelta

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from klynge.core.links import site_url
from klynge.core.pagecache import content_changed
from klynge.needs import alerts, emails
from klynge.needs.models import Need

OUTCOME_SALT = "klynge.needs.outcome"
REMIND_BEFORE = timedelta(days=7)  # before a need expires, its poster is asked to keep it
FOLLOW_UP_AFTER = timedelta(days=14)  # after a need is filled, "did the help work?"


def outcome_token(need: Need) -> str:
    return signing.dumps(need.pk, salt=OUTCOME_SALT)


def need_from_outcome_token(token: str) -> Need | None:
    try:
        pk = signing.loads(token, salt=OUTCOME_SALT)
    except signing.BadSignature:
        return None
    return Need.objects.filter(pk=pk).first()


def _claim(need: Need, field: str, now) -> bool:
    return bool(
        Need.objects.filter(pk=need.pk, **{f"{field}__isnull": True}).update(**{field: now})
    )


def expiry_reminders_send(now=None) -> int:
    now = now or timezone.now()
    due = (
        Need.objects.open()
        .filter(expires_at__lte=now + REMIND_BEFORE, expiry_reminded_at__isnull=True)
        .select_related("poster")
    )
    sent = 0
    for need in due:
        with transaction.atomic():
            if _claim(need, "expiry_reminded_at", now):
                sent += emails.send("expiry_reminder", [need.poster], {"need": need})
    return sent


def needs_expire(now=None) -> int:
    """Close open needs past their time, but only once the poster has been reminded."""
    now = now or timezone.now()
    expired = Need.objects.open().filter(
        expires_at__lte=now, expiry_reminded_at__isnull=False
    ).update(
        status=Need.Status.CLOSED, close_reason=Need.CloseReason.EXPIRED,
        settled_at=now, updated_at=now,
    )  # fmt: skip
    if expired:
        content_changed()  # they leave the board's cached pages
    return expired


def follow_ups_send(now=None) -> int:
    now = now or timezone.now()
    due = Need.objects.filter(
        status=Need.Status.FILLED,
        settled_at__lte=now - FOLLOW_UP_AFTER,
        follow_up_sent_at__isnull=True,
    ).select_related("poster")
    sent = 0
    for need in due:
        with transaction.atomic():
            if _claim(need, "follow_up_sent_at", now):
                base = site_url(reverse("needs:outcome", args=[outcome_token(need)]))
                links = {v.replace("-", "_"): f"{base}?svar={v}" for v in Need.Outcome.values}
                sent += emails.send("follow_up", [need.poster], {"need": need, "links": links})
    return sent


def run_all(now=None) -> dict[str, int]:
    now = now or timezone.now()
    return {
        "reminders": expiry_reminders_send(now),
        "expired": needs_expire(now),
        "follow_ups": follow_ups_send(now),
        "digests": alerts.digests_send(now),
    }
