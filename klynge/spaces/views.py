"""The hub page: what is there, when it is open and how to get there."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from klynge.core.pagecache import anonymous_cache
from klynge.spaces.hours import upcoming_exceptions, week_from_today
from klynge.spaces.models import Place
from klynge.spaces.presence import may_see, present_today


@require_safe
@anonymous_cache
def place_page(request: HttpRequest) -> HttpResponse:
    place = Place.objects.current()
    context = {"place": place}
    if place is not None:
        context |= {"week": week_from_today(place), "exceptions": upcoming_exceptions(place)}
    if may_see(request.user):
        context |= {"sees_present": True, "present": present_today(request.user)}
    return render(request, "spaces/place.html", context)
