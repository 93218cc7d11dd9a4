"""Booking pages: the week view, booking, my bookings and cancelling."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from klynge.accounts.models import User
from klynge.core.errors import DomainError, Invalid, NotFound, show_error
from klynge.core.ratelimit import ratelimit
from klynge.spaces import presence, rules, series, services
from klynge.spaces.checkin import CHECK_IN_EARLY
from klynge.spaces.forms import BookForm
from klynge.spaces.hours import opening_days
from klynge.spaces.models import Booking, BookingFeed, Place
from klynge.spaces.slots import desk_span, local_datetime
from klynge.spaces.week import grid, monday_of


def current_place() -> Place:
    place = Place.objects.current()
    if place is None:
        raise Http404
    return place


def week_url(day: date) -> str:
    return f"{reverse('spaces:week')}?fra={monday_of(day):%Y-%m-%d}"


@login_required
@require_safe
def week_page(request: HttpRequest) -> HttpResponse:
    place = current_place()
    today = timezone.localdate()
    try:
        monday = monday_of(date.fromisoformat(request.GET.get("fra", "")))
    except ValueError:
        monday = monday_of(today)
    allowed = rules.allowed_who(request.user)
    context = {
        "place": place,
        "grid": grid(request, place, monday, allowed, today),
        "monday": monday,
        "previous": monday - timedelta(days=7),
        "next": monday + timedelta(days=7),
    }
    return render(request, "spaces/week.html", context)


def _span(place, resource, data):
    day = data["date"]
    if resource.is_desk:
        (opening,) = opening_days(place, day, 1)
        return desk_span(opening, data.get("part") or "day")
    if data.get("start") is None or data.get("end") is None:
        raise Invalid(_("Give the time from and to."))
    return local_datetime(day, data["start"]), local_datetime(day, data["end"])


@login_required
@require_POST
@ratelimit("spaces.book", "60/h")
def book(request: HttpRequest) -> HttpResponse:
    place = current_place()
    form = BookForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a date and a time, and try again."))
        return redirect("spaces:week")
    data = form.cleaned_data
    resource = place.resources.filter(pk=data["resource"]).first()
    try:
        if resource is None:
            raise NotFound(_("There is no such resource."))
        user = request.user
        if data.get("for_email"):
            if not rules.can_manage(request.user):
                raise Invalid(_("Only staff can book for someone else."))
            user = User.objects.filter(email__iexact=data["for_email"]).first()
            if user is None:
                raise NotFound(_("No one has an account with that email address."))
        if data.get("repeat_until"):
            result = series.series_create(
                resource=resource, user=user, first=data["date"], until=data["repeat_until"],
                part=data.get("part") or "", start=data.get("start"), end=data.get("end"),
                by=request.user,
            )  # fmt: skip
        else:
            start, end = _span(place, resource, data)
            services.booking_create(
                resource=resource, user=user, starts_at=start, ends_at=end, by=request.user
            )
            result = None
    except DomainError as error:
        show_error(request, error)
        return redirect(week_url(data["date"]))
    if result is not None:
        _tell_series(request, result)
    else:
        messages.success(request, _("Booked. A confirmation is on its way by email."))
    if user.pk != request.user.pk:
        return redirect("spaces:overview")
    return redirect("spaces:my_bookings")


def _tell_series(request: HttpRequest, result) -> None:
    messages.success(
        request,
        ngettext(
            "Booked %(count)d date. A confirmation is on its way by email.",
            "Booked %(count)d dates. A confirmation is on its way by email.",
            len(result.booked),
        )
        % {"count": len(result.booked)},
    )
    for day, reason in result.skipped:
        messages.warning(
            request,
            _("Not booked %(date)s: %(reason)s") % {"date": f"{day:%d.%m.%Y}", "reason": reason},
        )


@login_required
@require_safe
def my_bookings(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    mine = Booking.objects.filter(user=request.user).select_related("resource", "resource__place")
    context = {
        "upcoming": mine.live().filter(ends_at__gte=now).order_by("starts_at"),
        "past": mine.filter(ends_at__lt=now).order_by("-starts_at")[:20],
        "may_show": presence.may_show(request.user),
        "check_in_from": now + CHECK_IN_EARLY,
        "feed": BookingFeed.objects.filter(user=request.user).first(),
    }
    return render(request, "spaces/my_bookings.html", context)


@login_required
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    booking = get_object_or_404(Booking, pk=pk)
    if not rules.can_cancel(request.user, booking):
        raise Http404
    try:
        services.booking_cancel(booking=booking, by=request.user)
    except DomainError as error:
        show_error(request, error)
    else:
        messages.success(request, _("The booking is cancelled."))
    if rules.can_manage(request.user) and booking.user_id != request.user.pk:
        return redirect("spaces:overview")
    return redirect("spaces:my_bookings")


@login_required
@require_POST
def show_at_hub(request: HttpRequest, pk: int) -> HttpResponse:
    booking = get_object_or_404(Booking, pk=pk, user=request.user)
    show = request.POST.get("show") == "1"
    try:
        presence.booking_show_at_hub(booking=booking, by=request.user, show=show)
    except DomainError as error:
        show_error(request, error)
    else:
        if show:
            messages.success(request, _("Members can see on the hub page that you are there."))
        else:
            messages.success(request, _("You are no longer shown as at the hub."))
    return redirect("spaces:my_bookings")
