"""The front page. It shows what several apps have (events, needs), so it lives
above all of them, at the project level, and not in core, which they all stand on."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from klynge.core.pagecache import anonymous_cache
from klynge.events.models import Event
from klynge.needs.models import Need
from klynge.news.models import Post
from klynge.spaces.hours import week_from_today
from klynge.spaces.models import Place

HOME_LIST_SIZE = 3


@require_safe
@anonymous_cache
def home(request: HttpRequest) -> HttpResponse:
    """The front door: what the hub is, what is coming up, and what people need."""
    user = request.user
    events = Event.objects.visible_to(user).published().upcoming().with_counts()
    needs = Need.objects.visible_to(user).open().select_related("public_body")
    place = Place.objects.current()
    context = {
        "place": place,
        "week": week_from_today(place) if place else [],
        "events": events[:HOME_LIST_SIZE],
        "posts": Post.objects.published()
        .for_language()
        .newest()
        .prefetch_related("tags")[:HOME_LIST_SIZE],
        "needs": needs.order_by("-published_at", "-id")[:HOME_LIST_SIZE],
    }
    return render(request, "core/home.html", context)
