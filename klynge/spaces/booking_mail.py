"""The confirmation email of a booking, with the booking as an .ics file."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlparse

from django.urls import reverse
from django.utils import translation
from icalendar import Calendar, Event

from klynge.core.links import site_base, site_url
from klynge.core.mail import email_queue, render_email


def booking_ics(booking) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Klynge//spaces//")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", f"booking-{booking.pk}@{urlparse(site_base()).hostname or 'klynge'}")
    event.add("dtstamp", datetime.now(UTC))
    event.add("dtstart", booking.starts_at.astimezone(UTC))
    event.add("dtend", booking.ends_at.astimezone(UTC))
    event.add("summary", f"{booking.resource.name} – {booking.resource.place.name}")
    event.add("location", booking.resource.place.name)
    event.add("url", site_url(reverse("spaces:my_bookings")))
    calendar.add_component(event)
    return calendar.to_ical()


def tell_booked(booking) -> None:
    user = booking.user
    message = render_email(
        "spaces/email/booked",
        {"booking": booking, "my_bookings": site_url(reverse("spaces:my_bookings"))},
        to=[user.email],
        language=user.language,
    )
    with translation.override(user.language):  # the resource's name in the booker's language
        ics = booking_ics(booking)
    message.attach("booking.ics", ics.decode(), "text/calendar")
    email_queue(message)
