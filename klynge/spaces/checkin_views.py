"""Check-in pages, the staff page of QR codes, and cancelling the rest of a weekly booking."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from klynge.core.decorators import staff_required
from klynge.core.errors import DomainError, show_error
from klynge.core.links import site_url
from klynge.spaces import checkin, rules, series
from klynge.spaces.booking_views import current_place
from klynge.spaces.models import Booking


@login_required
@require_POST
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    booking = get_object_or_404(Booking, pk=pk, user=request.user)
    try:
        checkin.booking_check_in(booking=booking, by=request.user)
    except DomainError as error:
        show_error(request, error)
    else:
        messages.success(request, _("You are checked in. Welcome!"))
    return redirect("spaces:my_bookings")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def scan(request: HttpRequest, pk: int) -> HttpResponse:
    """Where a resource's QR code points: the person's booking of it today, to check in."""
    resource = get_object_or_404(current_place().resources.filter(active=True), pk=pk)
    booking = checkin.booking_to_check_in(resource=resource, user=request.user)
    if request.method == "POST" and booking is not None:
        try:
            checkin.booking_check_in(booking=booking, by=request.user)
        except DomainError as error:
            show_error(request, error)
        else:
            messages.success(request, _("You are checked in. Welcome!"))
            return redirect("spaces:my_bookings")
    return render(request, "spaces/scan.html", {"resource": resource, "booking": booking})


@staff_required
@require_safe
def qr_codes(request: HttpRequest) -> HttpResponse:
    """One QR code per resource, to print and put on the desk or the door."""
    codes = []
    for resource in current_place().resources.filter(active=True):
        url = site_url(reverse("spaces:scan", args=[resource.pk]))
        title = _("Check in: %(name)s") % {"name": resource.name}
        svg = segno.make(url, error="m").svg_inline(scale=5, title=title, svgclass="qr")
        codes.append({"resource": resource, "url": url, "svg": svg})
    return render(request, "spaces/qr_codes.html", {"codes": codes})


@login_required
@require_POST
def cancel_rest(request: HttpRequest, pk: int) -> HttpResponse:
    booking = get_object_or_404(Booking, pk=pk)
    if not rules.can_cancel(request.user, booking):
        raise Http404
    try:
        cancelled = series.series_cancel_rest(booking=booking, by=request.user)
    except DomainError as error:
        show_error(request, error)
    else:
        messages.success(
            request, _("%(count)d bookings are cancelled.") % {"count": len(cancelled)}
        )
    return redirect("spaces:my_bookings")
