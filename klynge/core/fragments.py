"""Rendered parts of signed-in pages, kept in the shared cache while nothing changes.

A signed-in list page (the people list, the needs board) spends most of its
time drawing cards. ``cached_part`` keeps the HTML of such a part under the
site's content version (klynge/core/pagecache.py): any write starts a new one,
so a part is never older than the last change, and it expires after
``PAGE_CACHE_SECONDS`` for what changes with the clock.

The caller names everything the part depends on besides the address and the
language in ``vary``: who is looking, as narrowly as the part needs it (the
viewer's audience and own profile for people, the account for needs, whose
visibility depends on what they posted or answered). A part must hold nothing
else personal: no message, and no CSRF token: a part with forms is drawn with
``csrf_token=CSRF_MARK`` in its context (``without_token``) and ``forms=True``
puts this request's token in where the mark is, each time it is shown.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from klynge.core.pagecache import content_version

# Where a form's CSRF token goes in a kept part; a kept part never holds a real one.
CSRF_MARK = "klynge-csrf-token-placeholder"


def without_token(context: dict) -> dict:
    """``context`` for drawing a part to keep: its forms get the mark, not a token."""
    return {**context, "csrf_token": CSRF_MARK}


def with_token(request: HttpRequest, html: str) -> str:
    """A kept part with this request's CSRF token where the mark is."""
    return html.replace(CSRF_MARK, get_token(request)) if CSRF_MARK in html else html


def request_version(request: HttpRequest) -> str:
    """The content version, read once per request for all its cached parts."""
    if not hasattr(request, "_content_version"):
        request._content_version = content_version()
    return request._content_version


def cached_part(
    request: HttpRequest,
    *,
    name: str,
    vary: tuple,
    render: Callable[[], str],
    address: bool = True,
    forms: bool = False,
) -> SafeString:
    """The HTML ``render()`` gives, from the cache when the same part was drawn since
    the last change. ``address=False``: the part does not depend on the address
    (``vary`` names all it depends on). ``forms=True``: ``render()`` draws with
    ``without_token``, and the token is put in here."""
    timeout = settings.PAGE_CACHE_SECONDS
    if not timeout:
        html = render()
        return mark_safe(with_token(request, html) if forms else html)  # noqa: S308
    where = request.get_full_path() if address else ""
    what = hashlib.sha256(repr((where, vary)).encode()).hexdigest()[:32]
    key = f"part:{request_version(request)}:{get_language()}:{name}:{what}"
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, timeout=timeout)
    if forms:
        html = with_token(request, html)
    return mark_safe(html)  # noqa: S308 - our own rendered template
