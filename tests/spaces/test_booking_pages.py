"""The booking pages: week view, booking by form, my bookings, cancelling, the staff pages."""

from __future__ import annotations

from datetime import time

import pytest
from django.test import Client

from klynge.spaces.models import Booking
from klynge.spaces.slots import local, local_datetime
from tests.spaces.conftest import a_weekday_next_week, next_monday

pytestmark = pytest.mark.django_db


def test_the_week_view_shows_free_desks_and_booked_times(user_client, desks, room, member):
    day = a_weekday_next_week()
    Booking.objects.create(
        resource=room, user=member, starts_at=local_datetime(day, time(9)),
        ends_at=local_datetime(day, time(10)), held_until=local_datetime(day, time(10, 15)),
    )  # fmt: skip
    page = user_client.get(f"/huset/booking/?fra={next_monday():%Y-%m-%d}").content.decode()
    assert "09:00–10:00" in page
    assert "5 ledige" in page
    assert "Medlemmer kan bestille dette." in page  # the user is no member
    assert "Mari" not in page  # who booked is not shown


def test_book_a_desk_by_form_then_cancel(user_client, user, desks):
    day = a_weekday_next_week()
    data = {"resource": desks.pk, "date": day.isoformat(), "part": "morning"}
    response = user_client.post("/huset/booking/bestill/", data)
    assert response.status_code == 302 and response.url == "/huset/booking/mine/"
    booking = Booking.objects.get(user=user)
    assert (local(booking.starts_at).hour, local(booking.ends_at).hour) == (8, 12)
    page = user_client.get("/huset/booking/mine/").content.decode()
    assert "Skriveplassar" in page and "08:00–12:00" in page
    user_client.post(f"/huset/booking/{booking.pk}/avbestill/")
    booking.refresh_from_db()
    assert booking.cancelled


def test_bad_input_changes_nothing_and_says_why(member_client, room):
    day = a_weekday_next_week()
    response = member_client.post("/huset/booking/bestill/", {"resource": room.pk, "date": "x"})
    assert response.status_code == 302
    data = {"resource": room.pk, "date": day.isoformat(), "start": "09:00", "end": "13:00"}
    response = member_client.post("/huset/booking/bestill/", data, follow=True)
    assert "høyst 180 minutter" in response.content.decode()
    assert not Booking.objects.exists()


def test_someone_elses_booking_cannot_be_cancelled(room, member, user):
    day = a_weekday_next_week()
    booking = Booking.objects.create(
        resource=room, user=member, starts_at=local_datetime(day, time(9)),
        ends_at=local_datetime(day, time(10)), held_until=local_datetime(day, time(10)),
    )  # fmt: skip
    client = Client()
    client.force_login(user)
    assert client.post(f"/huset/booking/{booking.pk}/avbestill/").status_code == 404
    booking.refresh_from_db()
    assert not booking.cancelled


def test_staff_block_a_room_and_book_for_someone(staff_client, room, user):
    day = a_weekday_next_week()
    data = {"resource": room.pk, "date": day.isoformat(), "start": "12:00", "end": "14:00",
            "note": "Privat selskap"}  # fmt: skip
    response = staff_client.post("/huset/booking/sperr/", data)
    assert response.status_code == 302
    assert Booking.objects.get().blocked
    behalf = {"for_email": user.email, "resource": room.pk, "date": day.isoformat(),
              "start": "09:00", "end": "10:00"}  # fmt: skip
    staff_client.post("/huset/booking/bestill/", behalf)
    assert Booking.objects.get(user=user).booked_by.is_staff
    page = staff_client.get(f"/huset/booking/oversikt/?dag={day:%Y-%m-%d}").content.decode()
    assert "Privat selskap" in page and (user.name or user.email) in page


def test_a_non_member_cannot_book_for_someone_else(user_client, room, member):
    day = a_weekday_next_week()
    behalf = {"for_email": member.email, "resource": room.pk, "date": day.isoformat(),
              "start": "09:00", "end": "10:00"}  # fmt: skip
    user_client.post("/huset/booking/bestill/", behalf)
    assert not Booking.objects.exists()
