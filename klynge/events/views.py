"""The public side of events: lists, pages, sign-up, cancel, feedback, calendars."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from klynge.core.errors import DomainError, show_error
from klynge.core.markdown import render_markdown
from klynge.core.pagecache import anonymous_cache
from klynge.core.ratelimit import hit, ratelimit
from klynge.events import ics, rules, services
from klynge.events.forms import FeedbackForm, GuestRegistrationForm, RegistrationForm
from klynge.events.links import GUEST_CONFIRM_MAX_AGE, registration_from_token, registration_token
from klynge.events.models import CalendarFeed, Event, Registration, Tag
from klynge.events.seo import structured_data

GUEST_RATE = "10/h"
# Per address, whoever asks: a sign-up form must not mail one address over and over.
GUEST_ADDRESS_RATE = "3/h"


def visible_event(request: HttpRequest, slug: str) -> Event:
    return get_object_or_404(Event.objects.visible_to(request.user).with_counts(), slug=slug)


def own_registration(request: HttpRequest, event: Event) -> Registration | None:
    if not request.user.is_authenticated:
        return None
    return event.registrations.filter(user=request.user).first()


def token_registration(token: str, purpose: str, max_age: int | None = None) -> Registration:
    registration = registration_from_token(token, purpose, max_age)
    if registration is None:
        raise Http404
    return registration


@require_safe
@anonymous_cache
def event_list(request: HttpRequest) -> HttpResponse:
    events = Event.objects.visible_to(request.user).with_counts().prefetch_related("tags")
    tag = Tag.objects.filter(slug=request.GET.get("tag", "")).first()
    if tag:
        events = events.filter(tags=tag)
    context = {
        "upcoming": events.upcoming(),
        "past": events.past()[:10],
        "tag": tag,
        "can_organise": rules.can_organise(request.user),
    }
    return render(request, "events/list.html", context)


@require_safe
@anonymous_cache
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = visible_event(request, slug)
    registration = own_registration(request, event)
    context = {
        "event": event,
        "description": render_markdown(event.description),
        "registration": registration if registration and registration.is_active else None,
        "form": RegistrationForm(),
        "may_register": rules.may_register(request.user, event),
        "participants": event.registrations.publicly_listed(),
        "can_edit": rules.can_edit(request.user, event),
        "jsonld": structured_data(event, request),
    }
    return render(request, "events/detail.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def event_register(request: HttpRequest, slug: str) -> HttpResponse:
    event = visible_event(request, slug)
    form = RegistrationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.registration_create(
                event=event, user=request.user, **form.cleaned_data
            )
        except DomainError as error:
            show_error(request, error)
            return redirect(event)
        if registration.is_confirmed:
            messages.success(request, _("You are registered. See you there!"))
        else:
            messages.success(request, _("The event is full: you are on the waitlist."))
        return redirect("events:registration", slug=event.slug)
    return render(request, "events/register.html", {"event": event, "form": form})


@ratelimit("events.guest", GUEST_RATE)
@require_http_methods(["GET", "HEAD", "POST"])
def guest_register(request: HttpRequest, slug: str) -> HttpResponse:
    event = visible_event(request, slug)
    form = GuestRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        address = form.cleaned_data["email"].strip().casefold()
        if not hit("events.guest-address", address, GUEST_ADDRESS_RATE):
            # The same page as ever: the limit must not tell about the address either.
            return render(request, "events/guest_sent.html", {"event": event})
        try:
            services.registration_create_guest(
                event=event, language=get_language(), **form.cleaned_data
            )
        except DomainError as error:
            show_error(request, error, form)
        else:
            return render(request, "events/guest_sent.html", {"event": event})
    return render(request, "events/guest_register.html", {"event": event, "form": form})


@require_http_methods(["GET", "HEAD", "POST"])
def guest_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET only shows a button: link checkers in mail programs must not confirm."""
    registration = token_registration(token, "confirm", GUEST_CONFIRM_MAX_AGE)
    if request.method == "POST":
        try:
            services.registration_confirm_guest(registration=registration)
        except DomainError as error:
            show_error(request, error)
        cancel_token = registration_token(registration, "cancel")
        return redirect("events:cancel_token", token=cancel_token)
    return render(request, "events/guest_confirm.html", {"registration": registration})


@login_required
@require_safe
def my_registration(request: HttpRequest, slug: str) -> HttpResponse:
    event = visible_event(request, slug)
    registration = get_object_or_404(event.registrations, user=request.user)
    action = reverse("events:cancel", args=[event.slug])
    context = {"registration": registration, "event": event, "cancel_action": action}
    return render(request, "events/registration.html", context)


@login_required
@require_POST
def cancel(request: HttpRequest, slug: str) -> HttpResponse:
    event = visible_event(request, slug)
    registration = get_object_or_404(event.registrations, user=request.user)
    return cancel_and_redirect(request, registration, redirect("events:registration", slug=slug))


@require_http_methods(["GET", "HEAD", "POST"])
def cancel_token(request: HttpRequest, token: str) -> HttpResponse:
    """The link in every confirmation email: no sign-in needed."""
    registration = token_registration(token, "cancel")
    if request.method == "POST":
        return cancel_and_redirect(request, registration, redirect(request.path))
    context = {"registration": registration, "event": registration.event, "cancel_action": ""}
    return render(request, "events/registration.html", context)


def cancel_and_redirect(request, registration: Registration, response) -> HttpResponse:
    try:
        services.registration_cancel(registration=registration)
    except DomainError as error:
        show_error(request, error)
    else:
        messages.success(request, _("Your registration is cancelled."))
    return response


@ratelimit("events.feedback", "20/h")
@require_http_methods(["GET", "HEAD", "POST"])
def feedback(request: HttpRequest, token: str) -> HttpResponse:
    registration = token_registration(token, "feedback")
    existing = getattr(registration, "feedback", None)
    initial = {"rating": existing.rating, "comment": existing.comment} if existing else None
    form = FeedbackForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_submit(registration=registration, **form.cleaned_data)
        except DomainError as error:
            show_error(request, error, form)
        else:
            messages.success(request, _("Thank you for your feedback!"))
            return redirect(request.path)
    context = {"form": form, "registration": registration, "event": registration.event}
    return render(request, "events/feedback.html", context)


# Calendars


def ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_safe
def event_ics(request: HttpRequest, slug: str) -> HttpResponse:
    event = visible_event(request, slug)
    registration = own_registration(request, event)
    links = {event.pk} if registration and registration.is_confirmed else set()
    content = ics.calendar([event], name=event.title, online_links_for=links)
    return ics_response(content, f"{event.slug}.ics")


@require_safe
def public_ics(request: HttpRequest) -> HttpResponse:
    events = Event.objects.public().upcoming()
    return ics_response(ics.calendar(events, name=_("Events")), "events.ics")


@require_safe
def personal_ics(request: HttpRequest, token: str) -> HttpResponse:
    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token)
    registrations = Registration.objects.active().filter(user=feed.user).select_related("event")
    events = [r.event for r in registrations if not r.event.is_draft]
    links = {r.event_id for r in registrations if r.is_confirmed}
    content = ics.calendar(events, name=_("My events"), online_links_for=links)
    return ics_response(content, "my-events.ics")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def my_calendar(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        services.calendar_feed_regenerate(user=request.user)
        messages.success(
            request, _("Your calendar has a new address. The old one no longer works.")
        )
        return redirect("events:calendar")
    feed = services.calendar_feed_get_or_create(user=request.user)
    registrations = (
        Registration.objects.active().filter(user=request.user).select_related("event")
    ).order_by("-event__starts_at")
    context = {
        "feed_url": request.build_absolute_uri(feed.get_absolute_url()),
        "public_url": request.build_absolute_uri(reverse("events:public_ics")),
        "registrations": registrations,
    }
    return render(request, "events/calendar.html", context)


class NewEventsFeed(Feed):
    """Atom feed of newly published events that anyone may see."""

    feed_type = Atom1Feed
    title = gettext_lazy("New events")
    subtitle = gettext_lazy("Events at the hub and online, newest first.")

    def link(self):
        return reverse("events:list")

    def items(self):
        return Event.objects.public().order_by("-published_at", "-id")[:30]

    def item_title(self, item: Event) -> str:
        return item.title

    def item_description(self, item: Event) -> str:
        return render_markdown(item.description)

    def item_pubdate(self, item: Event):
        return item.published_at

    def item_updateddate(self, item: Event):
        return item.updated_at
