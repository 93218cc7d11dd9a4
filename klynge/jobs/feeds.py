"""The Atom feed of open jobs."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from klynge.core.markdown import render_markdown
from klynge.jobs.models import JobPosting

FEED_SIZE = 50


class JobsFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return _("IT jobs in %(region)s") % {"region": settings.KLYNGE_HUB["region"]}

    def link(self):
        return "/jobb/"

    def items(self):
        return JobPosting.objects.open().newest().select_related("company")[:FEED_SIZE]

    def item_title(self, item):
        return f"{item.title} – {item.company.name}"

    def item_description(self, item):
        deadline = _("Apply by %(date)s.") % {"date": date_format(item.deadline)}
        return render_markdown(item.description) + f"<p>{deadline}</p>"

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.company.name
