"""A calendar feed per resource: busy times only, never who booked or why.

Anyone may subscribe to the feed of a resource that members or anyone signed in
can book (the week view shows the same busy times); a staff-only resource's
feed is for staff. A desk pool shows one event per booked desk.

A person's own bookings have a feed of their own at a secret address
(``BookingFeed``): what, where and when, for the calendar on their phone. The
address is the key, so it works without signing in; a new one revokes the old.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import urlparse

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from icalendar import Calendar, Event

from klynge.core.links import site_base
from klynge.spaces import rules, services
from klynge.spaces.booking_views import current_place
from klynge.spaces.models import Booking, BookingFeed, Resource

DAYS_BACK = 7
DAYS_AHEAD = 190  # a weekly booking can reach 26 weeks ahead


def _host() -> str:
    return urlparse(site_base()).hostname or "klynge"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Klynge//spaces//")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    return calendar


def resource_ics(resource: Resource) -> bytes:
    now = timezone.now()
    host = _host()
    calendar = _calendar(f"{resource.name} – {resource.place.name}")
    spans = (
        Booking.objects.live()
        .filter(resource=resource)
        .filter(ends_at__gt=now - timedelta(days=DAYS_BACK))
        .filter(starts_at__lt=now + timedelta(days=DAYS_AHEAD))
        .order_by("starts_at")
        .values_list("pk", "starts_at", "ends_at", "blocked")
    )
    for pk, starts_at, ends_at, blocked in spans:
        event = Event()
        event.add("uid", f"busy-{pk}@{host}")
        event.add("dtstamp", datetime.now(UTC))
        event.add("dtstart", starts_at.astimezone(UTC))
        event.add("dtend", ends_at.astimezone(UTC))
        event.add("summary", _("Not available") if blocked else _("Busy"))
        event.add("transp", "OPAQUE")
        calendar.add_component(event)
    return calendar.to_ical()


@require_safe
def resource_feed(request: HttpRequest, pk: int) -> HttpResponse:
    resource = get_object_or_404(current_place().resources.filter(active=True), pk=pk)
    if resource.who == Resource.Who.STAFF and not rules.can_manage(request.user):
        raise Http404
    response = HttpResponse(resource_ics(resource), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="resource-{resource.pk}.ics"'
    return response


def personal_ics(feed: BookingFeed) -> bytes:
    """The person's live bookings from a week back: the resource, the hub, the time."""
    now = timezone.now()
    host = _host()
    calendar = _calendar(_("My bookings"))
    bookings = (
        Booking.objects.live()
        .filter(user_id=feed.user_id, blocked=False)
        .filter(ends_at__gt=now - timedelta(days=DAYS_BACK))
        .select_related("resource", "resource__place")
        .order_by("starts_at")
    )
    for booking in bookings:
        place = booking.resource.place
        event = Event()
        event.add("uid", f"booking-{booking.pk}@{host}")
        event.add("dtstamp", datetime.now(UTC))
        event.add("dtstart", booking.starts_at.astimezone(UTC))
        event.add("dtend", booking.ends_at.astimezone(UTC))
        event.add("summary", f"{booking.resource.name} – {place.name}")
        event.add("location", place.name)
        calendar.add_component(event)
    return calendar.to_ical()


@require_safe
def personal_feed(request: HttpRequest, token: str) -> HttpResponse:
    feed = get_object_or_404(BookingFeed, token=token)
    response = HttpResponse(personal_ics(feed), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="bookings.ics"'
    return response


@login_required
@require_POST
def personal_feed_renew(request: HttpRequest) -> HttpResponse:
    """Make the address (the first time) or a new one, which revokes the old."""
    created = services.booking_feed_renew(user=request.user)
    if created:
        messages.success(request, _("Your calendar address is ready."))
    else:
        messages.success(
            request, _("You have a new calendar address; the old one no longer works.")
        )
    return redirect("spaces:my_bookings")
