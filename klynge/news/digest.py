"""The news' part of the newsletter: posts published in the window (first
versions only; a reader's language version is one click away on the site)."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _

from klynge.core.digest import DigestItem, DigestSection
from klynge.news.models import Post

LIMIT = 20


def digest_sections(*, since: datetime, until: datetime) -> list[DigestSection]:
    posts = (
        Post.objects.published(now=until)
        .filter(translation_of__isnull=True, published_at__gte=since)
        .order_by("published_at", "id")[:LIMIT]
    )
    items = [
        DigestItem(
            key=f"post:{post.pk}",
            title=post.title,
            path=post.get_absolute_url(),
            summary=post.lead,
            when=post.published_at,
        )
        for post in posts
    ]
    return [DigestSection(key="news", title=_("News"), items=items, order=50)]
