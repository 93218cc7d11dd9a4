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
else personal: no CSRF token, no message.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from klynge.core.pagecache import content_version


def cached_part(
    request: HttpRequest, *, name: str, vary: tuple, render: Callable[[], str]
) -> SafeString:
    """The HTML ``render()`` gives, from the cache when the same part was drawn since
    the last change."""
    timeout = settings.PAGE_CACHE_SECONDS
    if not timeout:
        return mark_safe(render())  # noqa: S308 - our own rendered template
    if not hasattr(request, "_content_version"):  # once per request, for all its parts
        request._content_version = content_version()
    what = hashlib.sha256(repr((request.get_full_path(), vary)).encode()).hexdigest()[:32]
    key = f"part:{request._content_version}:{get_language()}:{name}:{what}"
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, timeout=timeout)
    return mark_safe(html)  # noqa: S308 - our own rendered template
