"""The emails of bookings: confirmation (with an .ics), a series booked, a booking
cancelled by staff or a block, a desk released as a no-show. All through email_queue."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlparse

from django.urls import reverse
from django.utils import translation
from icalendar import Calendar, Event

from klynge.core.links import site_base, site_url
from klynge.core.mail import email_queue, render_email


def _event(booking) -> Event:
    event = Event()
    event.add("uid", f"booking-{booking.pk}@{urlparse(site_base()).hostname or 'klynge'}")
    event.add("dtstamp", datetime.now(UTC))
    event.add("dtstart", booking.starts_at.astimezone(UTC))
    event.add("dtend", booking.ends_at.astimezone(UTC))
    event.add("summary", f"{booking.resource.name} – {booking.resource.place.name}")
    event.add("location", booking.resource.place.name)
    event.add("url", site_url(reverse("spaces:my_bookings")))
    return event


def bookings_ics(bookings) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Klynge//spaces//")
    calendar.add("version", "2.0")
    for booking in bookings:
        calendar.add_component(_event(booking))
    return calendar.to_ical()


def booking_ics(booking) -> bytes:
    return bookings_ics([booking])


def _send(template: str, user, context: dict, bookings=()) -> None:
    if user is None or not user.email:
        return
    context = {"my_bookings": site_url(reverse("spaces:my_bookings")), **context}
    message = render_email(template, context, to=[user.email], language=user.language)
    if bookings:
        with translation.override(user.language):  # resource names in the booker's language
            ics = bookings_ics(bookings)
        message.attach("booking.ics", ics.decode(), "text/calendar")
    email_queue(message)


def tell_booked(booking) -> None:
    _send("spaces/email/booked", booking.user, {"booking": booking}, [booking])


def tell_series_booked(bookings, skipped) -> None:
    """One email for a weekly booking: every date booked in one .ics, and what was not."""
    first = bookings[0]
    context = {"booking": first, "bookings": bookings, "skipped": skipped}
    _send("spaces/email/series_booked", first.user, context, bookings)


def tell_cancelled_by_staff(booking, *, reason: str) -> None:
    _send("spaces/email/cancelled_by_staff", booking.user, {"booking": booking, "reason": reason})


def tell_released(booking) -> None:
    _send("spaces/email/released", booking.user, {"booking": booking})
