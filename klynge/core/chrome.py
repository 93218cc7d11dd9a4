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
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from klynge.core.fragments import request_version, with_token, without_token

KEPT = 512  # headers per process, the least recently shown dropped first

_kept: OrderedDict[tuple, str] = OrderedDict()
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
        with _lock:
            _kept[key] = html
            while len(_kept) > KEPT:
                _kept.popitem(last=False)
    return mark_safe(with_token(request, html))  # noqa: S308 - our own rendered template
