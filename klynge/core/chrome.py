"""The site header, drawn once per address, language and kind of reader.

Every page draws the same header: the menu twice (wide and folded), the language
buttons twice, some twenty links. For a signed-in reader it holds a sign-out and
a language form with the CSRF token, so the page cache cannot keep it; this
module keeps the header's HTML with a placeholder where the token goes, and
puts this request's token in when it is shown.

What the header depends on is the key: the address (the current menu entry and
the language form's ``next``), the language, and the reader as the menu sees
them (signed in, staff, has a profile). It is filed under the site's content
version (klynge/core/pagecache.py), so it is never older than the last write.
The copies live in each web process's memory (a few hundred small strings):
the version is read once a request for the cached parts anyway, so a header
costs no round trip to the shared cache.

``page_around`` keeps a whole page around its cached parts the same way, for the
signed-in lists whose page shows nothing of the reader but what the header does.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict

from django.conf import settings
from django.contrib.messages import get_messages
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from klynge.core.fragments import request_version, with_token, without_token

KEPT = 512  # headers per process, the least recently shown dropped first
KEPT_PAGES = 256  # pages around their parts (``page_around``), the same way

_kept: OrderedDict[tuple, str] = OrderedDict()
_kept_pages: OrderedDict[tuple, list[tuple[str, bool]]] = OrderedDict()
_lock = threading.Lock()


def reader(request: HttpRequest) -> tuple[bool, bool, bool]:
    """The reader as the menu sees them."""
    user = request.user
    if not user.is_authenticated:
        return (False, False, False)
    # The menu's "My profile" (core/_nav.html); a missing profile raises an AttributeError.
    return (True, bool(user.is_staff), hasattr(user, "person"))


def header(request: HttpRequest) -> SafeString:
    """The header's HTML for this request, with this request's CSRF token."""
    if not settings.PAGE_CACHE_SECONDS:
        return mark_safe(render_to_string("core/_header.html", request=request))  # noqa: S308
    key = (request_version(request), get_language(), request.get_full_path(), reader(request))
    with _lock:
        html = _kept.get(key)
        if html is not None:
            _kept.move_to_end(key)
    if html is None:
        html = render_to_string("core/_header.html", without_token({}), request)
        _keep(_kept, key, html, KEPT)
    if getattr(request, "_drawing_kept_page", False):
        return mark_safe(html)  # noqa: S308 - the token goes in when the page is shown
    return mark_safe(with_token(request, html))  # noqa: S308 - our own rendered template


def _keep(kept: OrderedDict, key: tuple, value, most: int) -> None:
    with _lock:
        kept[key] = value
        while len(kept) > most:
            kept.popitem(last=False)


def page_around(
    request: HttpRequest, template: str, context: dict, parts: dict[str, str]
) -> str | None:
    """The whole page ``template``, drawn around its ``parts`` (their HTML by the name
    the template shows them with), kept in this process like the header; or None
    when the page must be drawn as usual (a message to show, the cache off).

    Only for a page whose template shows nothing of the reader beyond what the
    header's key holds (signed in, staff, has a profile) and nothing from the
    database outside its parts: the people list and the needs board."""
    if not settings.PAGE_CACHE_SECONDS or len(get_messages(request)) > 0:
        return None
    version = request_version(request)
    key = (version, get_language(), request.get_full_path(), reader(request), template)
    with _lock:
        pieces = _kept_pages.get(key)
        if pieces is not None:
            _kept_pages.move_to_end(key)
    if pieces is None:
        marks = {name: f"klynge-part-{name}-placeholder" for name in parts}
        request._drawing_kept_page = True
        try:
            html = render_to_string(template, without_token({**context, **_safe(marks)}), request)
        finally:
            request._drawing_kept_page = False
        # Split at the marks, so a part's own text is never searched for a mark.
        # (re.split with a group puts each mark found at the odd places.)
        names = {mark: name for name, mark in marks.items()}
        split = re.split(_either(marks), html)
        pieces = [(names[p], True) if i % 2 else (p, False) for i, p in enumerate(split)]
        _keep(_kept_pages, key, pieces, KEPT_PAGES)
    return "".join(parts[piece] if is_part else with_token(request, piece)
                   for piece, is_part in pieces)  # fmt: skip


def _safe(marks: dict[str, str]) -> dict[str, SafeString]:
    return {name: mark_safe(mark) for name, mark in marks.items()}  # noqa: S308 - our own


def _either(marks: dict[str, str]) -> str:
    return "(" + "|".join(re.escape(mark) for mark in marks.values()) + ")"
