"""Atom feeds of the news: all of it, and one per tag."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from klynge.core.markdown import render_markdown
from klynge.news.models import Post, Tag

FEED_SIZE = 30


class NewsFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return _("News from %(hub)s") % {"hub": settings.KLYNGE_HUB["name"]}

    def link(self):
        return "/nytt/"

    def items(self):
        return Post.objects.published().for_language().newest().select_related("author")[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return f"<p>{item.lead}</p>" + render_markdown(item.body)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.author.name if item.author else settings.KLYNGE_HUB["name"]


class TagFeed(NewsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def title(self, tag):
        return _("News from %(hub)s: %(tag)s") % {"hub": settings.KLYNGE_HUB["name"], "tag": tag}

    def link(self, tag):
        return f"/nytt/?tag={tag.slug}"

    def items(self, tag):
        return Post.objects.published().for_language().filter(tags=tag).newest()[:FEED_SIZE]
