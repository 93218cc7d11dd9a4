"""The events API: the same rules as the pages, through the same services.

Errors have one shape, ``{"detail": "..."}``.
"""

from __future__ import annotations

from datetime import datetime

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.security import django_auth

from klynge.core.api import ErrorOut
from klynge.events import rules, services
from klynge.events.models import Event, Registration

router = Router(tags=["events"])


class EventOut(Schema):
    id: int
    title: str
    url: str
    starts_at: datetime
    ends_at: datetime
    format: str
    location: str
    audience: str
    status: str
    capacity: int | None
    places_left: int | None
    is_full: bool
    registration_open: bool
    tags: list[str]


class EventDetailOut(EventOut):
    description: str


class RegistrationIn(Schema):
    dietary_needs: str = ""
    accessibility_needs: str = ""
    show_publicly: bool = False


class RegistrationOut(Schema):
    id: int
    event_id: int
    status: str
    waitlist_position: int | None


def event_out(request: HttpRequest, event: Event) -> dict:
    return {
        "id": event.pk,
        "title": event.title,
        "url": request.build_absolute_uri(event.get_absolute_url()),
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "format": event.format,
        "location": event.location_text,
        "audience": event.audience,
        "status": event.status,
        "capacity": event.capacity,
        "places_left": event.places_left,
        "is_full": event.is_full,
        "registration_open": event.registration_is_open,
        "tags": [tag.name for tag in event.tags.all()],
        "description": event.description,
    }


def registration_out(registration: Registration, *, just_placed: bool = False) -> dict:
    """``just_placed``: the service placed it a moment ago (and counted the line then)."""
    known = getattr(registration, "known_place_in_line", None) if just_placed else None
    return {
        "id": registration.pk,
        "event_id": registration.event_id,
        "status": registration.status,
        "waitlist_position": known or registration.place_in_line,
    }


def visible_event(request: HttpRequest, id: int) -> Event:
    events = Event.objects.visible_to(request.user).with_counts()
    return get_object_or_404(events, pk=id)


@router.get("", response=list[EventOut])
def list_events(request: HttpRequest):
    """Upcoming events the caller may see, soonest first."""
    events = Event.objects.visible_to(request.user).with_counts().upcoming()
    return [event_out(request, event) for event in events.prefetch_related("tags")[:200]]


@router.get("/{id}", response={200: EventDetailOut, 404: ErrorOut})
def get_event(request: HttpRequest, id: int):
    return event_out(request, visible_event(request, id))


@router.post(
    "/{id}/registrations",
    auth=django_auth,
    response={201: RegistrationOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
)
def register(request: HttpRequest, id: int, payload: RegistrationIn):
    """Sign the signed-in user up: a place, or a place on the waitlist."""
    # The cheap path, for a thousand at once: the event row alone, no counts, and
    # membership asked only of a members-only event (the rules of visible_to).
    event = Event.objects.filter(pk=id).first()
    if event is None or not rules.may_see(request.user, event):
        raise Http404
    registration = services.registration_create(event=event, user=request.user, **payload.dict())
    return Status(201, registration_out(registration, just_placed=True))


@router.delete(
    "/{id}/registrations",
    auth=django_auth,
    response={200: RegistrationOut, 404: ErrorOut, 409: ErrorOut},
)
def cancel_registration(request: HttpRequest, id: int):
    """Cancel the signed-in user's own registration."""
    event = visible_event(request, id)
    registration = get_object_or_404(event.registrations.active(), user=request.user)
    registration = services.registration_cancel(registration=registration)
    return registration_out(registration)
