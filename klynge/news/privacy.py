"""The news' part of a person's data export and account deletion.

A post is the hub's publication and stays when its author leaves; the
author's name is taken off it.
"""

from django.utils.translation import gettext_lazy as _

from klynge.news.models import Post

DELETION_NOTE = _("News posts you wrote stay on the site as the hub's, without your name.")


def export(user) -> dict:
    return {
        "news_posts": [
            {
                "title": p.title,
                "language": p.language,
                "published_at": p.published_at,
                "created_at": p.created_at,
            }
            for p in Post.objects.filter(author=user).order_by("created_at")
        ]
    }


def forget(user) -> None:
    Post.objects.filter(author=user).update(author=None)
