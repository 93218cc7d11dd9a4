"""A small fixed-window rate limit on the shared cache, for posting forms.

Sign-in and sign-up have allauth's own limits (settings.ACCOUNT_RATE_LIMITS).
"""

from __future__ import annotations

import functools
import hashlib

from django.core.cache import cache
from django.http import HttpRequest
from django.shortcuts import render

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """'5/h' -> (5, 3600); '10/15m' -> (10, 900)."""
    count, period = rate.split("/")
    number = period[:-1] or "1"
    return int(count), int(number) * UNITS[period[-1]]


def client_ip(request: HttpRequest) -> str:
    """The address a request came from; the one place that decides it."""
    return request.META.get("REMOTE_ADDR", "")


def client_key(request: HttpRequest) -> str:
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return f"ip:{client_ip(request)}"


def hit(scope: str, key: str, rate: str) -> bool:
    """Count one attempt; False when the limit for this window is already used up."""
    limit, seconds = parse_rate(rate)
    digest = hashlib.sha256(f"{scope}:{key}".encode()).hexdigest()[:32]
    cache_key = f"rl:{digest}"
    cache.add(cache_key, 0, timeout=seconds)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=seconds)
        count = 1
    return count <= limit


def ratelimit(scope: str, rate: str, methods: tuple[str, ...] = ("POST",)):
    """Refuse a view with the 429 page once a user (or address) passes ``rate``."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods and not hit(scope, client_key(request), rate):
                return render(request, "429.html", status=429)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
