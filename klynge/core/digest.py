"""The newsletter's digest, gathered from the apps without the newsletter importing them.

An app that has something to tell subscribers writes a ``digest.py`` with::

    def digest_sections(*, since: datetime, until: datetime) -> list[DigestSection]: ...

returning what is new in that window (only what anyone may see: the newsletter goes
to people who are not signed in). Titles are translated when the function is called,
so the caller activates the language first. ``sections()`` asks every app, in
INSTALLED_APPS order, and sorts the sections by their ``order``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from klynge.core.app_modules import app_modules


@dataclass(frozen=True)
class DigestItem:
    """One line of a section: what it is, where it is on the site, and a short text."""

    key: str  # stable within its section, e.g. "event:12", so a composer can cut or move it
    title: str
    path: str  # the site path, e.g. "/arrangement/kodekveld/"; the mail makes it absolute
    summary: str = ""  # plain text, a line or two
    when: datetime | None = None


@dataclass(frozen=True)
class DigestSection:
    key: str  # stable: "members", "companies", "needs", "events", "news", "jobs", ...
    title: str
    items: list[DigestItem] = field(default_factory=list)
    order: int = 100


def sections(*, since: datetime, until: datetime) -> list[DigestSection]:
    """Every app's sections for the window, non-empty ones only, in their order."""
    found: list[DigestSection] = []
    for module in app_modules("digest"):
        collect = getattr(module, "digest_sections", None)
        if collect is not None:
            found.extend(s for s in collect(since=since, until=until) if s.items)
    return sorted(found, key=lambda s: s.order)
