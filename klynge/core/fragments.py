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

One round trip: a page asks for all its parts at once (``cached_parts``), and the
content version comes in the same read. So a part is kept under a key without
the version, beside the version it was drawn under, and shown only while that
is still the current one; an older one is drawn again and replaces it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from klynge.core.pagecache import VERSION_KEY, content_version

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


@dataclass(frozen=True)
class Part:
    """One part of a page to keep: see ``cached_part`` for the fields."""

    name: str
    vary: tuple
    render: Callable[[], str]
    address: bool = True
    forms: bool = False


def _key(request: HttpRequest, part: Part) -> str:
    where = request.get_full_path() if part.address else ""
    what = hashlib.sha256(repr((where, part.vary)).encode()).hexdigest()[:32]
    return f"part:{get_language()}:{part.name}:{what}"


def cached_parts(request: HttpRequest, parts: Sequence[Part]) -> list[SafeString]:
    """The HTML of each part, those drawn since the last change from the cache: the
    parts and the content version in one read, the parts drawn afresh in one write."""
    timeout = settings.PAGE_CACHE_SECONDS
    if not timeout:
        htmls = [part.render() for part in parts]
    else:
        keys = [_key(request, part) for part in parts]
        known = hasattr(request, "_content_version")
        found = cache.get_many(keys if known else [VERSION_KEY, *keys])
        if not known:
            request._content_version = found.get(VERSION_KEY) or content_version()
        version = request._content_version
        htmls, drawn = [], {}
        for key, part in zip(keys, parts, strict=True):
            kept = found.get(key)
            if kept is not None and kept[0] == version:
                htmls.append(kept[1])
            else:
                htmls.append(part.render())
                drawn[key] = (version, htmls[-1])
        if drawn:
            cache.set_many(drawn, timeout=timeout)
    return [
        mark_safe(with_token(request, html) if part.forms else html)  # noqa: S308 - our own
        for part, html in zip(parts, htmls, strict=True)
    ]


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
    part = Part(name=name, vary=vary, render=render, address=address, forms=forms)
    return cached_parts(request, [part])[0]
