"""Typed readers for settings that come from the environment.

Each reader takes the environment mapping explicitly so that tests can pass
their own dictionary instead of patching ``os.environ``.
"""

from __future__ import annotations

import ipaddress
import json
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit, urlunsplit

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


class EnvError(ValueError):
    """A setting in the environment has a value we cannot use."""


def env_str(name: str, default: str = "", environ: Mapping[str, str] | None = None) -> str:
    environ = os.environ if environ is None else environ
    return environ.get(name, default)


def env_bool(name: str, default: bool, environ: Mapping[str, str] | None = None) -> bool:
    environ = os.environ if environ is None else environ
    if name not in environ:
        return default
    value = environ[name].strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise EnvError(f"{name} must be true or false, not {environ[name]!r}")


def env_int(name: str, default: int, environ: Mapping[str, str] | None = None) -> int:
    environ = os.environ if environ is None else environ
    if name not in environ or not environ[name].strip():
        return default
    try:
        return int(environ[name])
    except ValueError:
        raise EnvError(f"{name} must be a whole number, not {environ[name]!r}") from None


def env_list(name: str, default: list[str], environ: Mapping[str, str] | None = None) -> list[str]:
    """A comma-separated list; blanks are dropped."""
    environ = os.environ if environ is None else environ
    if name not in environ:
        return list(default)
    return [item.strip() for item in environ[name].split(",") if item.strip()]


def env_json(name: str, default, environ: Mapping[str, str] | None = None):
    environ = os.environ if environ is None else environ
    if name not in environ or not environ[name].strip():
        return default
    try:
        return json.loads(environ[name])
    except json.JSONDecodeError as exc:
        raise EnvError(f"{name} is not valid JSON: {exc}") from None


def parse_cache_url(url: str, max_entries: int | None = None) -> dict:
    """Turn a cache URL into one entry of Django's CACHES setting.

    Supported: ``locmem://[name]``, ``db://table``, ``dummy://``,
    ``redis://host:port/db`` and ``rediss://`` (TLS). ``max_entries`` sizes
    the caches that cull (locmem and db); Redis only ever drops expired keys.
    """
    parts = urlsplit(url)
    scheme = parts.scheme
    options = {"OPTIONS": {"MAX_ENTRIES": max_entries}} if max_entries else {}
    if scheme == "locmem":
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": parts.netloc or "klynge",
            **options,
        }
    if scheme == "db":
        table = parts.netloc or parts.path.lstrip("/")
        if not table:
            raise EnvError("CACHE_URL db:// needs a table name, for example db://klynge_cache")
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": table,
            **options,
        }
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    if scheme in {"redis", "rediss"}:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    raise EnvError(f"CACHE_URL scheme {scheme!r} is not supported (locmem, db, dummy, redis)")


REDIS_DATABASES = 16  # redis-server's default number of numbered databases


def ratelimit_cache_url(cache_url: str) -> str:
    """Where rate-limit counters go when RATELIMIT_CACHE_URL is not set.

    With a Redis CACHE_URL: the same server, the next numbered database, so that
    a flush of the default cache (FLUSHDB) leaves them alone. Otherwise a
    database table of their own.
    """
    parts = urlsplit(cache_url)
    if parts.scheme not in {"redis", "rediss"}:
        return "db://klynge_ratelimit"
    number = parts.path.strip("/") or "0"
    if not number.isdigit() or int(number) + 1 >= REDIS_DATABASES:
        raise EnvError(
            f"CACHE_URL {cache_url!r} leaves no next Redis database for rate limits: "
            "set RATELIMIT_CACHE_URL"
        )
    return urlunsplit(parts._replace(path=f"/{int(number) + 1}"))


Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_trusted_proxies(value: str) -> int | tuple[Network, ...]:
    """TRUSTED_PROXIES: how many proxies stand in front (``1``), or their
    addresses and networks (``10.0.0.0/8,2001:db8::1``). Empty or ``0``: none,
    and X-Forwarded-For is ignored.
    """
    value = value.strip()
    if not value:
        return 0
    if value.isdigit():
        return int(value)
    networks = []
    for item in value.split(","):
        item = item.strip()
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise EnvError(
                f"TRUSTED_PROXIES must be a number of proxies or a list of addresses "
                f"and networks, and {item!r} is neither"
            ) from None
    return tuple(networks)


def parse_email_url(url: str) -> dict:
    """Turn ``smtp://user:password@host:port?tls=true`` into Django email settings.

    ``console://`` prints mail, ``file:///path`` writes each message to a file.
    """
    parts = urlsplit(url)
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    if parts.scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parts.scheme == "file":
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": unquote(parts.path),
        }
    if parts.scheme in {"smtp", "smtps"}:
        tls = query.get("tls", "").lower() in TRUE_WORDS
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": parts.hostname or "localhost",
            "EMAIL_PORT": parts.port or (465 if parts.scheme == "smtps" else 25),
            "EMAIL_HOST_USER": unquote(parts.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
            "EMAIL_USE_SSL": parts.scheme == "smtps",
            "EMAIL_USE_TLS": tls and parts.scheme == "smtp",
        }
    raise EnvError(
        f"EMAIL_URL scheme {parts.scheme!r} is not supported (smtp, smtps, file, console)"
    )


def local_secret_key(path: Path) -> str:
    """Read a development secret key from ``path``, creating it on first use."""
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key)
    path.chmod(0o600)
    return key
