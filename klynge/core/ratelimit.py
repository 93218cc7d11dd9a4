"""A small fixed-window rate limit for posting forms, and the one place that
decides a request's client address.

Sign-in and sign-up have allauth's own limits (settings.ACCOUNT_RATE_LIMITS).
Both keep their counters in the "ratelimit" cache, never in the default one:
search statistics there are culled and flushed, and the counters went with them.
"""

from __future__ import annotations

import functools
import hashlib
import ipaddress

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.shortcuts import render
from django.utils.connection import ConnectionProxy

RATELIMIT_CACHE = "ratelimit"
store = ConnectionProxy(caches, RATELIMIT_CACHE)  # like django.core.cache.cache, per thread

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """'5/h' -> (5, 3600); '10/15m' -> (10, 900)."""
    count, period = rate.split("/")
    number = period[:-1] or "1"
    return int(count), int(number) * UNITS[period[-1]]


Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def _address(text: str) -> Address | None:
    """An address as a proxy may write it: bare, with a port, or [IPv6]:port."""
    text = text.strip()
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:
        text = text.partition(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _trusted(address: Address, proxies) -> bool:
    return any(address in network for network in proxies)


def client_ip(request: HttpRequest) -> str:
    """The visitor's address, for rate limits (ours and allauth's).

    Without settings.TRUSTED_PROXIES it is the connection's address and
    X-Forwarded-For is ignored: anyone can send that header. With a number N of
    proxies, each appends the address it was reached from, so the client is the
    N-th entry from the end; anything further left came from the client. With
    the proxies' addresses, the client is the first address from the end that is
    not one of them. A request that did not come through the proxies (too short a
    chain, or an untrusted connection) is keyed on its connection.
    """
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    proxies = settings.TRUSTED_PROXIES
    header = request.headers.get("X-Forwarded-For", "")
    if remote is None:
        return ""
    if not proxies or not header:
        return str(remote)
    forwarded = [_address(part) for part in header.split(",")]
    if isinstance(proxies, int):
        if len(forwarded) < proxies:
            return str(remote)
        return str(forwarded[-proxies] or remote)
    current = remote
    for entry in reversed(forwarded):
        if not _trusted(current, proxies) or entry is None:
            break
        current = entry
    return str(current)


def client_key(request: HttpRequest) -> str:
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    address = _address(client_ip(request))
    if isinstance(address, ipaddress.IPv6Address):
        # One IPv6 connection usually holds a whole /64; key on that, as allauth does.
        return f"ip:{ipaddress.IPv6Network((address, 64), strict=False).network_address}/64"
    return f"ip:{address or ''}"


def hit(scope: str, key: str, rate: str) -> bool:
    """Count one attempt; False when the limit for this window is already used up."""
    limit, seconds = parse_rate(rate)
    digest = hashlib.sha256(f"{scope}:{key}".encode()).hexdigest()[:32]
    cache_key = f"rl:{digest}"
    store.add(cache_key, 0, timeout=seconds)
    try:
        count = store.incr(cache_key)
    except ValueError:  # expired between add and incr
        store.set(cache_key, 1, timeout=seconds)
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


def route_allauth_counters() -> None:
    """Make allauth keep its rate-limit counters in our store (called once at start).

    allauth has no setting for this: its rate-limit module uses the default
    cache through a module global, which this replaces.
    """
    from allauth.core.internal import ratelimit as allauth_ratelimit

    if not hasattr(allauth_ratelimit, "cache"):
        raise ImproperlyConfigured(
            "allauth.core.internal.ratelimit no longer has a module-level cache: "
            "find the new way to give allauth's rate limits the 'ratelimit' cache"
        )
    allauth_ratelimit.cache = store
