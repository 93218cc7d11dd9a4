"""Staff pages: the day's and week's bookings, blocking a resource, booking for someone."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from klynge.core.decorators import staff_required
from klynge.core.errors import DomainError, show_error
from klynge.spaces import services
from klynge.spaces.booking_views import current_place
from klynge.spaces.forms import PARTS, BlockForm, block_initial
from klynge.spaces.models import Booking
from klynge.spaces.slots import hub_zone, local_datetime


@staff_required
@require_safe
def overview(request: HttpRequest) -> HttpResponse:
    place = current_place()
    try:
        day = date.fromisoformat(request.GET.get("dag", ""))
    except ValueError:
        day = timezone.localdate()
    zone = hub_zone()
    start = datetime.combine(day, datetime.min.time(), tzinfo=zone)
    end = datetime.combine(day + timedelta(days=7), datetime.min.time(), tzinfo=zone)
    bookings = (
        Booking.objects.live()
        .filter(resource__place=place)
        .overlapping(start, end)
        .select_related("resource", "user")
        .order_by("starts_at", "resource__order", "seat")
    )
    no_shows = (
        Booking.objects.filter(resource__place=place, released_at__isnull=False)
        .overlapping(start, end)
        .select_related("resource", "user")
    )
    days: dict[date, list[Booking]] = {day + timedelta(days=n): [] for n in range(7)}
    for booking in sorted([*bookings, *no_shows], key=lambda b: (b.starts_at, b.seat)):
        days.setdefault(booking.starts_at.astimezone(zone).date(), []).append(booking)
    context = {
        "day": day,
        "days": days,
        "resources": place.resources.filter(active=True),
        "parts": PARTS,
        "previous": day - timedelta(days=7),
        "next": day + timedelta(days=7),
    }
    return render(request, "spaces/overview.html", context)


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def block(request: HttpRequest) -> HttpResponse:
    place = current_place()
    form = BlockForm(
        request.POST or None, resources=place.resources.all(), initial=block_initial(request.GET)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.block_create(
                resource=data["resource"],
                starts_at=local_datetime(data["date"], data["start"]),
                ends_at=local_datetime(data["date"], data["end"]),
                by=request.user,
                note=data["note"],
                override=data["override"],
            )
        except DomainError as error:
            show_error(request, error, form)
        else:
            messages.success(request, _("The resource is blocked for that time."))
            return redirect(f"{reverse('spaces:overview')}?dag={data['date']:%Y-%m-%d}")
    return render(request, "spaces/block.html", {"form": form})
