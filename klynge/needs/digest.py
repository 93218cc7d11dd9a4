"""The needs board's part of the newsletter: public needs published in the window
that still take answers (what a visitor may see, by ``visible_to``)."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _

from klynge.core.digest import DigestItem, DigestSection
from klynge.needs.models import Need

LIMIT = 20


def digest_sections(*, since: datetime, until: datetime) -> list[DigestSection]:
    needs = (
        Need.objects.visible_to(AnonymousUser())
        .open()
        .filter(published_at__gte=since, published_at__lt=until)
        .order_by("published_at", "id")[:LIMIT]
    )
    items = [
        DigestItem(
            key=f"need:{need.pk}",
            title=need.title,
            path=need.get_absolute_url(),
            summary=(need.description or "").strip().split("\n", 1)[0][:200],
            when=need.published_at,
        )
        for need in needs
    ]
    return [DigestSection(key="needs", title=_("Open needs"), items=items, order=30)]
