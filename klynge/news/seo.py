"""schema.org NewsArticle markup (JSON-LD) for a post, so a shared link looks right."""

from __future__ import annotations

import json

from django.conf import settings
from django.http import HttpRequest
from django.utils.html import _json_script_escapes
from django.utils.safestring import SafeString, mark_safe

from klynge.news.models import Post


def structured_data(post: Post, request: HttpRequest) -> SafeString:
    hub = settings.KLYNGE_HUB
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": post.title[:110],
        "description": post.lead,
        "inLanguage": post.language,
        "url": request.build_absolute_uri(post.get_absolute_url()),
        "datePublished": post.published_at.isoformat() if post.published_at else None,
        "dateModified": post.updated_at.isoformat(),
        "author": {"@type": "Person", "name": post.author.name}
        if post.author and post.author.name
        else {"@type": "Organization", "name": hub["name"]},
        "publisher": {"@type": "Organization", "name": hub["name"]},
    }
    if post.image:
        data["image"] = request.build_absolute_uri(post.image.url)
    # Escape <, > and & as json_script does, so the text cannot close the tag.
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_json_script_escapes))
