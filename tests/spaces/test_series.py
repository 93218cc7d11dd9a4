"""Weekly bookings: every date checked by the rules, skipped dates reported, the
wall-clock time kept across the switch to and from summer time, one date or the
rest cancelled, and one email for the whole series."""

from __future__ import annotations

import email
from datetime import UTC, date, time, timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from klynge.core.errors import Conflict, Invalid, NotAllowed
from klynge.spaces import series, services
from klynge.spaces.models import Booking, OpeningException
from klynge.spaces.slots import local, local_datetime
from tests.spaces.conftest import a_weekday_next_week


def last_sunday(year: int, month: int) -> date:
    day = date(year, month + 1, 1) - timedelta(days=1)
    return day - timedelta(days=(day.weekday() + 1) % 7)


def next_clock_change() -> date:
    """The next switch to or from summer time at least two weeks away."""
    soon = timezone.localdate() + timedelta(days=14)
    changes = [last_sunday(y, m) for y in (soon.year, soon.year + 1) for m in (3, 10)]
    return min(day for day in changes if day > soon)


@pytest.mark.django_db
def test_a_weekly_room_keeps_nine_o_clock_across_the_clock_change(room, member):
    sunday = next_clock_change()
    tuesday = sunday - timedelta(days=5)
    room.days_ahead = 400
    room.save()
    result = series.series_create(
        resource=room, user=member, first=tuesday, until=tuesday + timedelta(weeks=2),
        start=time(9), end=time(10),
    )  # fmt: skip
    assert result.skipped == []
    assert [local(b.starts_at).date() for b in result.booked] == [
        tuesday,
        tuesday + timedelta(weeks=1),
        tuesday + timedelta(weeks=2),
    ]
    assert {local(b.starts_at).time() for b in result.booked} == {time(9)}
    offsets = [local(b.starts_at).utcoffset() for b in result.booked]
    assert offsets[0] != offsets[1] == offsets[2]  # the UTC time moved, the wall clock not
    assert len({b.series for b in result.booked}) == 1


@pytest.mark.django_db
def test_dates_that_break_a_rule_are_skipped_and_reported(room, member, user, staff, hub):
    first = a_weekday_next_week()
    second, third = first + timedelta(weeks=1), first + timedelta(weeks=2)
    room.days_ahead = 60  # for the other booking in the third week
    room.save()
    OpeningException.objects.create(place=hub, date=second, note_nb="Dugnad")
    services.booking_create(
        resource=room, user=user, by=staff,
        starts_at=local_datetime(third, time(9, 30)), ends_at=local_datetime(third, time(11)),
    )  # fmt: skip
    result = series.series_create(
        resource=room, user=member, first=first, until=third, start=time(9), end=time(10)
    )
    assert [local(b.starts_at).date() for b in result.booked] == [first]
    assert [day for day, _ in result.skipped] == [second, third]
    assert "closed" in result.skipped[0][1]
    assert "already booked" in result.skipped[1][1]
    assert Booking.objects.filter(user=member).count() == 1  # nothing left from a refusal


@pytest.mark.django_db
def test_a_series_where_nothing_fits_is_refused_whole(room, member, hub):
    first = a_weekday_next_week()
    for n in range(2):
        OpeningException.objects.create(place=hub, date=first + timedelta(weeks=n))
    with pytest.raises(Conflict, match="None of the dates"):
        series.series_create(
            resource=room, user=member, first=first, until=first + timedelta(weeks=1),
            start=time(9), end=time(10),
        )  # fmt: skip
    assert not Booking.objects.exists()


@pytest.mark.django_db
def test_limits_of_a_series(room, desks, member, user):
    first = a_weekday_next_week()
    with pytest.raises(Invalid, match="at most 26 weeks"):
        series.series_create(
            resource=room, user=member, first=first, until=first + timedelta(weeks=27),
            start=time(9), end=time(10),
        )  # fmt: skip
    with pytest.raises(Invalid, match="on or after"):
        series.series_create(
            resource=room, user=member, first=first, until=first - timedelta(days=1),
            start=time(9), end=time(10),
        )  # fmt: skip
    with pytest.raises(NotAllowed):  # members only
        series.series_create(
            resource=room, user=user, first=first, until=first, start=time(9), end=time(10)
        )
    # "how far ahead" holds for the first date only; a desk series books whole days
    far = first + timedelta(weeks=5)
    with pytest.raises(Conflict, match="21 days ahead"):
        series.series_create(resource=desks, user=user, first=far, until=far, part="day")
    result = series.series_create(resource=desks, user=user, first=first, until=far, part="morning")
    assert len(result.booked) + len(result.skipped) == 6
    assert {local(b.ends_at).time() for b in result.booked} == {time(12)}


@pytest.mark.django_db
def test_cancel_one_date_or_the_rest(room, member, user):
    first = a_weekday_next_week()
    result = series.series_create(
        resource=room, user=member, first=first, until=first + timedelta(weeks=3),
        start=time(9), end=time(10),
    )  # fmt: skip
    one, two, three, four = result.booked
    services.booking_cancel(booking=two, by=member)
    assert [b.pk for b in Booking.objects.live()] == [one.pk, three.pk, four.pk]
    with pytest.raises(NotAllowed):
        series.series_cancel_rest(booking=three, by=user)
    cancelled = series.series_cancel_rest(booking=three, by=member)
    assert [b.pk for b in cancelled] == [three.pk, four.pk]
    assert [b.pk for b in Booking.objects.live()] == [one.pk]
    with pytest.raises(Conflict, match="already cancelled"):
        series.series_cancel_rest(booking=four, by=member)


def test_one_email_for_the_series_with_every_date(tasks, smtp_server, room, member, hub):
    first = a_weekday_next_week()
    OpeningException.objects.create(place=hub, date=first + timedelta(weeks=1))
    result = series.series_create(
        resource=room, user=member, first=first, until=first + timedelta(weeks=2),
        start=time(9), end=time(10),
    )  # fmt: skip
    tasks.run()
    (envelope,) = smtp_server.envelopes
    message = email.message_from_bytes(envelope.content)
    subject = str(email.header.make_header(email.header.decode_header(message["Subject"])))
    assert "2" in subject and "Hallingskarvet" in subject
    body = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    text = body.get_payload(decode=True).decode()
    assert f"{first + timedelta(weeks=1):%-d}." in text  # the skipped date is named
    (ics,) = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    events = Calendar.from_ical(ics.get_payload(decode=True)).walk("VEVENT")
    assert [e.decoded("dtstart") for e in events] == [
        b.starts_at.astimezone(UTC) for b in result.booked
    ]


@pytest.mark.django_db
def test_book_weekly_by_the_form(member_client, member, room):
    member_client.cookies["django_language"] = "en"
    first = a_weekday_next_week()
    data = {"resource": room.pk, "date": first.isoformat(), "start": "10:00", "end": "11:00",
            "repeat_until": (first + timedelta(weeks=3)).isoformat()}  # fmt: skip
    response = member_client.post("/huset/booking/bestill/", data, follow=True)
    assert "Booked 4 dates." in response.content.decode()
    bookings = Booking.objects.filter(user=member)
    assert bookings.count() == 4 and len({b.series for b in bookings}) == 1
    page = member_client.get("/huset/booking/mine/").content.decode()
    assert page.count("/avbestill-resten/") == 4 and "weekly" in page
