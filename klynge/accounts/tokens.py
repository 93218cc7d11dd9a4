"""Personal API tokens: making them, and signing API requests in with them.

A token is ``klg_`` and 43 random characters (32 bytes). Only its sha256 is
stored, with the first characters as a visible prefix, so a stolen database
holds no usable secret. sha256 and not a password hash: the secret is random
and long, so there is nothing to guess, and every API request checks it.

``ApiTokenMiddleware`` reads ``Authorization: Bearer <token>`` on API requests
only, and makes the token's owner the request's user. Every endpoint then
sees the same user, visibility and rules as with a session, without each of
them declaring token auth. A token is not sent by browsers on their own, so
token requests skip the CSRF check that session requests keep.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.accounts.models import ApiToken
from klynge.core.ratelimit import hit

PREFIX = "klg_"
VISIBLE = len(PREFIX) + 8  # characters of the secret kept as the token's visible prefix
API_PATH = "/api/"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
# last_used_at is written at most this often per token, not on every request.
LAST_USED_PRECISION = timedelta(minutes=1)


@dataclass(frozen=True)
class NewSecret:
    secret: str
    prefix: str
    digest: str


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret() -> NewSecret:
    secret = PREFIX + secrets.token_urlsafe(32)
    return NewSecret(secret=secret, prefix=secret[:VISIBLE], digest=digest_of(secret))


def bearer(request: HttpRequest) -> str | None:
    """The token in ``Authorization: Bearer <token>``, or None without one."""
    scheme, _space, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    return value.strip()


def _refuse(status: int, detail: str) -> JsonResponse:
    response = JsonResponse({"detail": detail}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def _touch(token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)


class ApiTokenMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        secret = bearer(request) if request.path_info.startswith(API_PATH) else None
        if secret is None:
            return self.get_response(request)
        token = (
            ApiToken.objects.active().select_related("user").filter(digest=digest_of(secret))
            .first()
        )  # fmt: skip
        if token is None or not token.user.is_active:
            return _refuse(401, _("The API token is unknown or has been revoked."))
        if not hit("api-token", str(token.pk), settings.API_TOKEN_RATE_LIMIT):
            return _refuse(429, _("Too many requests with this API token. Try again later."))
        if request.method not in SAFE_METHODS and not token.can_write:
            return _refuse(403, _("This API token may only read."))
        _touch(token)
        request.user = token.user
        request._dont_enforce_csrf_checks = True
        return self.get_response(request)
