"""The confirmation of a booking goes through a real SMTP conversation, in the
booker's language, with the booking as an .ics file that reads back right."""

from __future__ import annotations

import email
from datetime import UTC, time

from icalendar import Calendar

from klynge.spaces import services
from klynge.spaces.slots import local_datetime
from tests.spaces.conftest import a_weekday_next_week


def test_the_confirmation_carries_the_booking_as_a_calendar_file(tasks, smtp_server, room, member):
    member.language = "nn"
    member.save()
    day = a_weekday_next_week()
    start, end = local_datetime(day, time(9, 30)), local_datetime(day, time(11))
    booking = services.booking_create(resource=room, user=member, starts_at=start, ends_at=end)
    assert smtp_server.envelopes == []  # nothing leaves from the request itself
    tasks.run()
    (envelope,) = smtp_server.envelopes
    assert envelope.rcpt_tos == [member.email]
    message = email.message_from_bytes(envelope.content)
    subject = str(email.header.make_header(email.header.decode_header(message["Subject"])))
    assert "Bestilt: Møterommet Hallingskarvet" in subject
    text = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    body = text.get_payload(decode=True).decode()
    assert "09:30–11:00" in body
    assert "/huset/booking/mine/" in body
    assert "Bestillinga di er stadfesta" in body  # nynorsk, the member's language
    (ics,) = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    assert ics.get_filename() == "booking.ics"
    (event,) = Calendar.from_ical(ics.get_payload(decode=True)).walk("VEVENT")
    assert event.decoded("dtstart") == start.astimezone(UTC)
    assert event.decoded("dtend") == end.astimezone(UTC)
    assert str(event["uid"]).startswith(f"booking-{booking.pk}@")
    assert "Møterommet Hallingskarvet" in str(event["summary"])
