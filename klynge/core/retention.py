"""Retention: what the site keeps about people, for how long, and the job that ends it.

Each app lists its rules as ``RETENTION = [Rule(...)]`` in its ``privacy``
module (beside ``export`` and ``forget``); this module gathers them, runs them
(``manage.py run_retention`` or the ``run_retention`` task, daily) and feeds
the privacy page, so the page and the job cannot say different things. The
number of days for a rule is ``settings.KLYNGE_RETENTION[rule.key]``.

A rule's ``purge(cutoff)`` deletes or anonymises what has been kept since
before ``cutoff`` and returns how many rows it changed. It must be safe to run
again: a second run the same day changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from klynge.core.app_modules import app_modules


@dataclass(frozen=True)
class Rule:
    key: str  # in settings.KLYNGE_RETENTION, and the job's report
    what: str  # what is stored, for the privacy page (lazily translated)
    then: str  # what happens when the time is up, for the privacy page
    purge: Callable[[datetime], int] | None = None  # None: kept until the person deletes it

    @property
    def days(self) -> int | None:
        return settings.KLYNGE_RETENTION[self.key] if self.purge else None


def rules() -> list[Rule]:
    """Every app's rules: those kept until deleted first, then by app (INSTALLED_APPS)."""
    found = [rule for module in app_modules("privacy") for rule in getattr(module, "RETENTION", [])]
    return sorted(found, key=lambda rule: rule.purge is not None)


def run(now: datetime | None = None) -> dict[str, int]:
    """Apply every rule that has a time limit; rows changed per rule."""
    now = now or timezone.now()
    return {rule.key: rule.purge(now - timedelta(days=rule.days)) for rule in rules() if rule.purge}
