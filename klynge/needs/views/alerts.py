"""A provider's alert settings, the Atom feeds, and the follow-up answer."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from klynge.audit.models import Action
from klynge.audit.services import audit_record
from klynge.core.errors import DomainError, show_error
from klynge.core.markdown import render_markdown
from klynge.needs import jobs, services
from klynge.needs.alerts import needs_for_feed
from klynge.needs.forms import AlertSettingsForm
from klynge.needs.models import AlertSettings, Need, new_feed_token

FEED_SIZE = 50


@login_required
def alert_settings(request):
    alerts, _created = AlertSettings.objects.get_or_create(user=request.user)
    form = AlertSettingsForm(request.POST or None, instance=alerts)
    if request.method == "POST":
        if "new_link" in request.POST:
            alerts.feed_token = new_feed_token()
            alerts.save(update_fields=["feed_token"])
            audit_record(actor=request.user, action=Action.NEEDS_FEED_REGENERATE, target=alerts)
            messages.success(
                request, _("Your feed has a new address. The old one no longer works.")
            )
            return redirect("needs:alerts")
        if form.is_valid():
            form.save()
            messages.success(request, _("Your choice is saved."))
            return redirect("needs:alerts")
    feed_url = request.build_absolute_uri(reverse("needs:my_feed", args=[alerts.feed_token]))
    return render(request, "needs/alerts.html", {"form": form, "feed_url": feed_url})


class NeedFeed(Feed):
    """Atom feed of open needs that anyone may see."""

    feed_type = Atom1Feed
    title = gettext_lazy("Open needs")
    subtitle = gettext_lazy("What businesses and municipalities need help with, newest first.")

    def link(self):
        return reverse("needs:list")

    def items(self):
        return Need.objects.visible_to(None).open().order_by("-published_at", "-id")[:FEED_SIZE]

    def item_title(self, need):
        return need.title

    def item_description(self, need):
        return render_markdown(need.description)

    def item_pubdate(self, need):
        return need.published_at

    def item_updateddate(self, need):
        return need.updated_at


class MatchingNeedFeed(NeedFeed):
    """A provider's own feed: the open needs matched to them or that they were invited to."""

    title = gettext_lazy("Needs that match you")

    def get_object(self, request, token: str):
        alerts = get_object_or_404(AlertSettings.objects.select_related("user"), feed_token=token)
        if not alerts.user.is_active:
            raise Http404
        return alerts.user

    def items(self, user):
        return needs_for_feed(user)[:FEED_SIZE]


def outcome(request, token: str):
    """The follow-up email's links land here with the answer chosen, and the page sends
    it at once (autosubmit.js): one click in the email. A GET never saves by itself, or
    the mail scanners that open every link would answer both "yes" and "no"."""
    need = jobs.need_from_outcome_token(token)
    if need is None or need.status != Need.Status.FILLED:
        raise Http404
    chosen = request.POST.get("svar") or request.GET.get("svar")
    if request.method == "POST":
        try:
            services.outcome_record(need=need, outcome=chosen)
        except DomainError as error:
            show_error(request, error)
        else:
            messages.success(request, _("Thank you! Your answer helps the hub show what works."))
            return redirect(request.path)
    context = {
        "need": need,
        "chosen": chosen,
        "choices": Need.Outcome.choices,
        "autosubmit": request.method == "GET" and chosen in Need.Outcome.values,
    }
    return render(request, "needs/outcome.html", context)
