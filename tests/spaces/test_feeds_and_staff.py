"""A resource's calendar feed (busy times, never who), parsed back; staff actions on
record (block, booking on someone's behalf, cancelling someone's booking) and the
email to the person whose booking a staff cancel or a block overrides."""

from __future__ import annotations

from datetime import UTC, time

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from klynge.audit.models import Action, AuditEntry
from klynge.core.errors import Conflict
from klynge.core.models import OutgoingMail
from klynge.spaces import services
from klynge.spaces.models import Booking, BookingFeed, Resource
from klynge.spaces.slots import local_datetime
from tests.spaces.conftest import a_weekday_next_week

pytestmark = pytest.mark.django_db


def at(day, hour, minute=0):
    return local_datetime(day, time(hour, minute))


def test_a_resource_feed_shows_busy_times_and_never_who(client, room, member, staff):
    day = a_weekday_next_week()
    booking = services.booking_create(
        resource=room, user=member, starts_at=at(day, 9), ends_at=at(day, 10)
    )
    services.block_create(
        resource=room, starts_at=at(day, 13), ends_at=at(day, 15), by=staff, note="Styremøte"
    )
    response = client.get(reverse("spaces:resource_feed", args=[room.pk]))  # not signed in
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert member.name not in body and member.email not in body and "Styremøte" not in body
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [(e.decoded("dtstart"), e.decoded("dtend")) for e in events] == [
        (booking.starts_at.astimezone(UTC), booking.ends_at.astimezone(UTC)),
        (at(day, 13).astimezone(UTC), at(day, 15).astimezone(UTC)),
    ]
    services.booking_cancel(booking=booking, by=member)
    again = Calendar.from_ical(client.get(reverse("spaces:resource_feed", args=[room.pk])).content)
    assert len(again.walk("VEVENT")) == 1  # a cancelled booking is gone


def test_a_staff_only_resource_feed_is_for_staff(staff_client, hub):
    booth = Resource.objects.create(
        place=hub, kind=Resource.Kind.BOOTH, name_nb="Telefonboks", who=Resource.Who.STAFF
    )
    url = reverse("spaces:resource_feed", args=[booth.pk])
    assert Client().get(url).status_code == 404
    assert Calendar.from_ical(staff_client.get(url).content).walk("VEVENT") == []


def test_booking_on_behalf_is_on_record(room, user, staff):
    day = a_weekday_next_week()
    booking = services.booking_create(
        resource=room, user=user, starts_at=at(day, 9), ends_at=at(day, 10), by=staff
    )
    (entry,) = AuditEntry.objects.filter(action=Action.BOOKING_ON_BEHALF)
    assert entry.actor == staff and entry.target_id == str(booking.pk)
    assert user.email in entry.summary


def test_own_actions_are_not_on_record(room, member):
    day = a_weekday_next_week()
    booking = services.booking_create(
        resource=room, user=member, starts_at=at(day, 9), ends_at=at(day, 10)
    )
    services.booking_cancel(booking=booking, by=member)
    assert not AuditEntry.objects.exists()


def test_staff_cancel_is_recorded_and_the_person_told(room, member, staff):
    member.language = "en"
    member.save()
    day = a_weekday_next_week()
    booking = services.booking_create(
        resource=room, user=member, starts_at=at(day, 9), ends_at=at(day, 10)
    )
    services.booking_cancel(booking=booking, by=staff)
    (entry,) = AuditEntry.objects.filter(action=Action.BOOKING_CANCEL)
    assert entry.actor == staff and member.email in entry.summary
    (mail,) = OutgoingMail.objects.filter(subject__contains="cancelled")
    assert mail.recipients == member.email
    assert "Hallingskarvet" in mail.subject


def test_a_block_refuses_or_overrides_bookings(room, desks, member, user, staff):
    member.language = user.language = "en"
    member.save()
    user.save()
    day = a_weekday_next_week()
    mine = services.booking_create(
        resource=room, user=member, starts_at=at(day, 9), ends_at=at(day, 10)
    )
    with pytest.raises(Conflict, match="1 bookings"):
        services.block_create(
            resource=room, starts_at=at(day, 8), ends_at=at(day, 12), by=staff, note="Kurs"
        )
    assert not AuditEntry.objects.exists()  # refused: nothing on record
    blocks = services.block_create(
        resource=room, starts_at=at(day, 8), ends_at=at(day, 12), by=staff,
        note="Kurs: Skyen for småbedrifter", override=True,
    )  # fmt: skip
    mine.refresh_from_db()
    assert mine.cancelled and [b.blocked for b in blocks] == [True]
    actions = sorted(AuditEntry.objects.values_list("action", flat=True))
    assert actions == [Action.BOOKING_BLOCK, Action.BOOKING_CANCEL]
    (mail,) = OutgoingMail.objects.filter(subject__contains="cancelled")
    assert mail.recipients == member.email
    assert "Kurs: Skyen for småbedrifter" in str(mail.message)


def test_the_block_page_takes_an_event_from_the_address(staff_client, room):
    day = a_weekday_next_week()
    url = reverse("spaces:block")
    query = f"?tittel=Frokostm%C3%B8te&dato={day:%Y-%m-%d}&fra=08:00&til=10:00&rom={room.pk}"
    page = staff_client.get(url + query).content.decode()
    assert 'value="Frokostmøte"' in page and f'value="{day:%Y-%m-%d}"' in page
    response = staff_client.post(
        url, {"resource": room.pk, "date": day.isoformat(), "start": "08:00",
              "end": "10:00", "note": "Frokostmøte"},
    )  # fmt: skip
    assert response.status_code == 302
    (block,) = Booking.objects.filter(blocked=True)
    assert block.note == "Frokostmøte" and block.starts_at == at(day, 8)


def test_my_bookings_feed_lists_my_live_bookings_only(room, member, staff):
    day = a_weekday_next_week()
    mine = services.booking_create(
        resource=room, user=member, starts_at=at(day, 9), ends_at=at(day, 10), by=member
    )
    gone = services.booking_create(
        resource=room, user=member, starts_at=at(day, 11), ends_at=at(day, 12), by=member
    )
    services.booking_cancel(booking=gone, by=member)
    services.booking_create(
        resource=room, user=staff, starts_at=at(day, 13), ends_at=at(day, 14), by=staff
    )
    member_client = Client()
    member_client.force_login(member)
    page = member_client.get(reverse("spaces:my_bookings")).content.decode()
    assert "Få en kalenderadresse" in page  # bokmål by default
    assert member_client.post(reverse("spaces:my_feed_renew")).status_code == 302
    feed = BookingFeed.objects.get(user=member)
    url = reverse("spaces:my_feed", args=[feed.token])
    assert url in member_client.get(reverse("spaces:my_bookings")).content.decode()
    response = Client().get(url)  # a calendar app, not signed in
    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [e.decoded("dtstart") for e in events] == [mine.starts_at.astimezone(UTC)]
    assert room.name in str(events[0]["summary"])
    assert not AuditEntry.objects.filter(action=Action.CALENDAR_REGENERATE).exists()


def test_a_new_calendar_address_revokes_the_old_one(member):
    member_client = Client()
    member_client.force_login(member)
    member_client.post(reverse("spaces:my_feed_renew"))
    old = BookingFeed.objects.get(user=member).token
    member_client.post(reverse("spaces:my_feed_renew"))
    new = BookingFeed.objects.get(user=member).token
    assert new != old
    assert Client().get(reverse("spaces:my_feed", args=[old])).status_code == 404
    assert Client().get(reverse("spaces:my_feed", args=[new])).status_code == 200
    entry = AuditEntry.objects.get(action=Action.CALENDAR_REGENERATE)
    assert entry.actor == member
