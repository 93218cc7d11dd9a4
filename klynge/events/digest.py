"""The events' part of the newsletter: public events coming up after the issue
(published and open to all, as the public feeds show them)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils.translation import gettext as _

from klynge.core.digest import DigestItem, DigestSection
from klynge.events.models import Event

AHEAD = timedelta(days=60)
LIMIT = 20


def digest_sections(*, since: datetime, until: datetime) -> list[DigestSection]:
    events = (
        Event.objects.public()
        .filter(status=Event.Status.PUBLISHED, starts_at__gte=until, starts_at__lt=until + AHEAD)
        .order_by("starts_at", "id")[:LIMIT]
    )
    items = [
        DigestItem(
            key=f"event:{event.pk}",
            title=event.title,
            path=event.get_absolute_url(),
            summary=event.venue or "",
            when=event.starts_at,
        )
        for event in events
    ]
    return [DigestSection(key="events", title=_("Coming events"), items=items, order=40)]
