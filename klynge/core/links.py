"""Absolute links for emails and feeds, which are built with no request at hand."""

from __future__ import annotations

from django.conf import settings
from django.contrib.sites.models import Site


def site_base() -> str:
    """settings.SITE_URL where it is set, else the sites framework's domain."""
    base = getattr(settings, "SITE_URL", "")
    if base:
        return base.rstrip("/")
    scheme = "https" if settings.SESSION_COOKIE_SECURE else "http"
    return f"{scheme}://{Site.objects.get_current().domain}"


def site_url(path: str) -> str:
    return f"{site_base()}{path}"
