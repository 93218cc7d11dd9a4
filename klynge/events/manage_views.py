"""The organisers' side of events: create, edit, publish, check in, export."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Avg
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from klynge.audit.models import Action
from klynge.audit.services import audit_record
from klynge.events import rules, services
from klynge.events.forms import EventForm, SeriesForm, WalkInForm
from klynge.events.models import Event, Feedback


def editable_event(request: HttpRequest, slug: str) -> Event:
    event = get_object_or_404(Event.objects.with_counts(), slug=slug)
    if not rules.can_edit(request.user, event):
        raise PermissionDenied
    return event


def organiser_required(view):
    def wrapped(request, *args, **kwargs):
        if not rules.can_organise(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)


@organiser_required
@require_http_methods(["GET", "HEAD", "POST"])
def event_create(request: HttpRequest) -> HttpResponse:
    form = EventForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        event = services.event_create(by=request.user, tags=form.tag_list(), **form.details())
        messages.success(request, _("The event is saved as a draft. Publish it when it is ready."))
        return redirect("events:manage", slug=event.slug)
    return render(request, "events/form.html", {"form": form, "event": None})


@organiser_required
@require_http_methods(["GET", "HEAD", "POST"])
def series_create(request: HttpRequest) -> HttpResponse:
    form = SeriesForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        details = form.details()
        repeat, count = details.pop("repeat"), details.pop("count")
        events = services.series_create(
            by=request.user, repeat=repeat, count=count, tags=form.tag_list(), **details
        )
        messages.success(request, _("%(count)d draft events are created.") % {"count": len(events)})
        return redirect("events:manage", slug=events[0].slug)
    return render(request, "events/form.html", {"form": form, "event": None, "series": True})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def event_edit(request: HttpRequest, slug: str) -> HttpResponse:
    event = editable_event(request, slug)
    form = EventForm(request.POST or None, request.FILES or None, instance=event)
    if request.method == "POST" and form.is_valid():
        # The form must not save: the service decides what a change means.
        event.refresh_from_db()
        services.event_update(event=event, by=request.user, tags=form.tag_list(), **form.details())
        messages.success(request, _("The event is saved."))
        return redirect("events:manage", slug=event.slug)
    return render(request, "events/form.html", {"form": form, "event": event})


@login_required
@require_POST
def event_publish(request: HttpRequest, slug: str) -> HttpResponse:
    event = services.event_publish(event=editable_event(request, slug), by=request.user)
    messages.success(request, _("The event is published."))
    return redirect(event)


@login_required
@require_POST
def event_cancel(request: HttpRequest, slug: str) -> HttpResponse:
    event = services.event_cancel(event=editable_event(request, slug), by=request.user)
    messages.success(request, _("The event is cancelled, and everyone registered is told."))
    return redirect("events:manage", slug=event.slug)


@login_required
@require_safe
def event_manage(request: HttpRequest, slug: str) -> HttpResponse:
    event = editable_event(request, slug)
    registrations = event.registrations.exclude(status="cancelled").select_related("user")
    feedback = Feedback.objects.filter(registration__event=event)
    context = {
        "event": event,
        "registrations": registrations.order_by("status", "waitlist_position", "name"),
        "figures": attendance_figures(event),
        "feedback": feedback,
        "average_rating": feedback.aggregate(avg=Avg("rating"))["avg"],
        "sent_messages": event.messages.select_related("sent_by"),
    }
    return render(request, "events/manage.html", context)


def attendance_figures(event: Event) -> dict[str, int]:
    registrations = event.registrations
    registered = registrations.confirmed().count()
    attended = registrations.confirmed().attended().count()
    return {
        "registered": registered,
        "waitlisted": registrations.waitlisted().count(),
        "attended": attended,
        "walk_ins": registrations.confirmed().filter(is_walk_in=True).count(),
        "no_shows": registered - attended if event.is_past else 0,
    }


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def check_in(request: HttpRequest, slug: str) -> HttpResponse:
    event = editable_event(request, slug)
    query = request.GET.get("q", "")
    if request.method == "POST":
        registration = get_object_or_404(event.registrations, pk=request.POST.get("registration"))
        attended = request.POST.get("attended", "1") == "1"
        registration = services.registration_check_in(
            registration=registration, by=request.user, attended=attended
        )
        if request.headers.get("HX-Request"):
            context = {"registration": registration, "event": event, "query": query}
            return render(request, "events/_checkin_row.html", context)
        return redirect(f"{request.path}?q={query}#registration-{registration.pk}")
    registrations = event.registrations.confirmed().search(query).order_by("name")
    context = {
        "event": event,
        "registrations": registrations,
        "query": query,
        "walk_in_form": WalkInForm(),
    }
    return render(request, "events/checkin.html", context)


@login_required
@require_POST
def walk_in(request: HttpRequest, slug: str) -> HttpResponse:
    event = editable_event(request, slug)
    form = WalkInForm(request.POST)
    if form.is_valid():
        services.registration_add_walk_in(event=event, by=request.user, **form.cleaned_data)
        messages.success(request, _("%(name)s is added and checked in.") % form.cleaned_data)
    else:
        messages.error(request, _("Write the name of the walk-in."))
    return redirect("events:check_in", slug=event.slug)


@login_required
@require_safe
def export_csv(request: HttpRequest, slug: str) -> HttpResponse:
    event = editable_event(request, slug)
    audit_record(actor=request.user, action=Action.EVENT_EXPORT, target=event, request=request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.csv"'
    response.write("\ufeff")  # so that spreadsheet programs read UTF-8
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Name"),
            _("Email"),
            _("Status"),
            _("Place on the waitlist"),
            _("Dietary needs"),
            _("Accessibility needs"),
            _("Walk-in"),
            _("Checked in"),
        ]
    )
    registrations = event.registrations.exclude(status="cancelled").select_related("user")
    for r in registrations.order_by("status", "waitlist_position", "name"):
        checked_in = timezone.localtime(r.attended_at).strftime("%Y-%m-%d %H:%M")
        row = [
            r.name,
            r.recipient,
            r.get_status_display(),
            r.place_in_line or "",
            r.dietary_needs,
            r.accessibility_needs,
            _("yes") if r.is_walk_in else "",
            checked_in if r.attended_at else "",
        ]
        writer.writerow([safe_cell(value) for value in row])
    return response


def safe_cell(value) -> str:
    """Keep spreadsheet programs from running what people typed as a formula."""
    text = str(value)
    return f"'{text}" if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text
