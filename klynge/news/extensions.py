"""What the news adds to the pages of the apps beside it (core's ``{% extensions %}``
tag finds this module by name): the published posts about an event, a need or a
company, on that page. The page itself has already decided that the viewer may
see the object, and posts are public, so nothing more is asked here."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string

from klynge.news.models import Post

MOST = 5


def posts_about(request, obj) -> str:
    kind = ContentType.objects.get_for_model(obj)  # cached per process after the first
    posts = list(
        Post.objects.published()
        .for_language()
        .filter(about_type=kind, about_id=obj.pk)
        .newest()[:MOST]
    )
    if not posts:
        return ""
    return render_to_string("news/_posts_about.html", {"posts": posts}, request=request)


PLACES = {"events.event": posts_about, "needs.need": posts_about, "directory.company": posts_about}
