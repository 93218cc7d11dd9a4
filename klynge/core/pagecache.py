"""Anonymous pages from the shared cache, and answers to conditional requests.

A newsletter or a shared event sends most of the region to the same few pages
within minutes, nearly all of them signed out. Those pages are the same for
every visitor who speaks the same language, so ``@anonymous_cache`` keeps each
rendered page in the shared cache (Redis in production) for every web node.

Staleness: every cached page is filed under the site's content version. Any
successful write over HTTP (``ContentVersionMiddleware``), and any job or command
that changes what pages show (``content_changed()``), starts a new version, so
the next visitor gets a freshly rendered page the moment something changed.
Pages also expire after ``PAGE_CACHE_SECONDS``, for what changes by the clock
alone (an event that has begun). One version for the whole site keeps this
simple and safe: a write costs each page one new rendering.

Pages with a form that carries a CSRF token, or with a message for this
visitor, are never cached: they belong to one person.

In front of the nodes, nginx may keep a page for signed-out visitors a little
longer: ``X-Accel-Expires: PAGE_CACHE_PROXY_SECONDS`` (1 s) on the pages served
from here, and on nothing else, lets it answer a burst without asking the app;
a signed-out visitor then sees a change at most that many seconds late.
"""

from __future__ import annotations

import hashlib
import time
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language

VERSION_KEY = "pagecache:version"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


def content_version() -> str:
    """The current version; a new one if the cache lost it (never an old one again)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, str(time.time_ns()), timeout=None)  # the first writer wins
        version = cache.get(VERSION_KEY) or str(time.time_ns())
    return version


def content_changed() -> None:
    """Everything cached so far is stale, from the moment the current transaction commits."""
    transaction.on_commit(lambda: cache.set(VERSION_KEY, str(time.time_ns()), timeout=None))


def _key(request: HttpRequest, version: str) -> str:
    fragment = request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"page:{version}:{get_language()}:{int(fragment)}:{path}"


def _personal(request: HttpRequest) -> bool:
    return (
        request.user.is_authenticated
        or "HTTP_AUTHORIZATION" in request.META
        or len(get_messages(request)) > 0  # counting does not use them up
    )


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # a form with a token was drawn
        and not response.has_header("Cache-Control")  # the view decided for itself
    )


def _response(entry: dict) -> HttpResponse:
    response = HttpResponse(entry["content"], status=200)
    for name, value in entry["headers"]:
        response[name] = value
    return response


def anonymous_cache(view):
    """Serve ``view`` to signed-out visitors from the shared cache; see the module docstring."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD") or _personal(request):
            response = view(request, *args, **kwargs)
            if request.user.is_authenticated:
                patch_cache_control(response, private=True, no_cache=True)
            return response
        timeout = settings.PAGE_CACHE_SECONDS
        key = _key(request, content_version()) if timeout else ""  # before rendering: see
        entry = cache.get(key) if timeout else None  # content_changed for why
        if entry is None:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            if not _storable(request, response):
                return response
            entry = {
                "content": response.content,
                "headers": [(k, v) for k, v in response.items()],
                "etag": f'"{hashlib.sha256(response.content).hexdigest()[:32]}"',
                "modified": time.time(),
            }
            if timeout:
                cache.set(key, entry, timeout=timeout)
        conditional = get_conditional_response(
            request, etag=entry["etag"], last_modified=int(entry["modified"])
        )
        response = conditional or _response(entry)
        response["ETag"] = entry["etag"]
        response["Last-Modified"] = http_date(entry["modified"])
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        patch_vary_headers(response, ("Cookie", "Accept-Language", "HX-Request"))
        if settings.PAGE_CACHE_PROXY_SECONDS and response.status_code == 200:
            response["X-Accel-Expires"] = str(settings.PAGE_CACHE_PROXY_SECONDS)
        return response

    return wrapper


class ContentVersionMiddleware:
    """After a successful write over HTTP, pages are rendered afresh."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.read_only = tuple(settings.PAGE_CACHE_READ_ONLY_POSTS)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.method not in SAFE_METHODS
            and response.status_code < 400
            and not request.path.startswith(self.read_only)
        ):
            content_changed()
        return response
