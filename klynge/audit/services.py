"""Writing the audit log. Every app may call ``audit_record``; nothing else writes entries."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.http import HttpRequest

from klynge.audit.middleware import current_request
from klynge.audit.models import Action, AuditEntry
from klynge.core.ratelimit import client_ip, hit

# How long failed sign-ins for one address are counted before an entry is written.
SIGNIN_FAILURE_WINDOW = "15m"


def audit_record(
    *,
    actor,
    action: Action | str,
    target: models.Model | None = None,
    summary: str = "",
    request: HttpRequest | None = None,
) -> AuditEntry:
    """Write one entry: ``actor`` (a user, or None for the system or a visitor) did
    ``action`` to ``target``. The address comes from ``request``, or from the
    request being served when a service records without one.

    It joins the caller's transaction, so a rolled-back action leaves no entry.
    """
    request = request or current_request()
    signed_in = actor is not None and actor.is_authenticated
    return AuditEntry.objects.create(
        actor=actor if signed_in else None,
        actor_label=actor.email if signed_in else "",
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:200] if target is not None else "",
        summary=summary[:500],
        ip=(client_ip(request) or None) if request is not None else None,
    )


def signin_failure_record(*, email: str, request: HttpRequest | None = None) -> AuditEntry | None:
    """Count a failed sign-in for ``email``; from the threshold on, record each one.

    One mistyped password is not a security event; several in a row for one
    account are (AUDIT_SIGNIN_FAILURE_THRESHOLD within 15 minutes). allauth's
    own limit locks the account soon after, so the entries stay few.
    """
    threshold = settings.AUDIT_SIGNIN_FAILURE_THRESHOLD
    email = (email or "").strip().lower()
    if hit("audit-signin-failed", email, f"{threshold - 1}/{SIGNIN_FAILURE_WINDOW}"):
        return None
    account = get_user_model().objects.filter(email__iexact=email).first()
    return audit_record(
        actor=None,
        action=Action.SIGNIN_FAILED,
        target=account,
        summary=email,
        request=request,
    )
