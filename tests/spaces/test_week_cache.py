"""The week grid is kept in the shared cache (klynge/spaces/week.py): shown to the
next reader of the same kind without being drawn again, never older than the last
booking, never with another reader's rights or CSRF token."""

from __future__ import annotations

import re
from datetime import time

import pytest
from django.test import Client

from klynge.core.fragments import CSRF_MARK
from klynge.spaces.models import Booking
from klynge.spaces.slots import local_datetime
from tests.spaces.conftest import a_weekday_next_week, next_monday

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 60


def grid(page: str) -> str:
    return TOKEN.sub("", page[page.index('<section class="booking-day') :])


def week_url() -> str:
    return f"/huset/booking/?fra={next_monday():%Y-%m-%d}"


def test_the_second_look_reads_the_kept_grid(
    user_client, desks, room, django_assert_max_num_queries
):
    first = user_client.get(week_url()).content.decode()
    assert "5 ledige" in first
    # session, user, place, the reader's profile (rights); cache: version, the grid
    with django_assert_max_num_queries(6):
        second = user_client.get(week_url()).content.decode()
    assert grid(second) == grid(first)  # the same cards, tokens aside
    assert CSRF_MARK not in second and len(TOKEN.findall(second)) > 5


def test_a_booking_is_seen_at_once_by_the_next_reader(
    user_client, member, room, desks, django_capture_on_commit_callbacks
):
    other = Client()
    other.force_login(member)
    assert "5 ledige" in other.get(week_url()).content.decode()  # the grid is kept now
    day = a_weekday_next_week()
    data = {"resource": desks.pk, "date": day.isoformat(), "part": "day"}
    with django_capture_on_commit_callbacks(execute=True):
        assert user_client.post("/huset/booking/bestill/", data).status_code == 302
    page = other.get(week_url()).content.decode()
    assert "4 ledige" in page  # one of five desks taken, seen by another reader at once


def test_readers_with_other_rights_get_their_own_grid(user_client, member, room):
    assert "Medlemmer kan bestille dette." in user_client.get(week_url()).content.decode()
    other = Client()
    other.force_login(member)
    page = other.get(week_url()).content.decode()
    assert "Medlemmer kan bestille dette." not in page  # a member may book the room
    assert f'name="resource" value="{room.pk}"' in page


def test_each_reader_gets_a_working_token_of_their_own(user, member, desks):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(user)
    second.force_login(member)
    first.get(week_url())  # the grid is kept now
    page = second.get(week_url()).content.decode()
    assert CSRF_MARK not in page
    token = TOKEN.findall(page)[-1]  # a booking form's token, from the kept grid
    data = {"resource": desks.pk, "date": a_weekday_next_week().isoformat(), "part": "day"}
    response = second.post("/huset/booking/bestill/", {**data, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Booking.objects.get().user == member
    forged = first.post("/huset/booking/bestill/", {**data, "csrfmiddlewaretoken": "x" * 64})
    assert forged.status_code == 403
    assert Booking.objects.count() == 1


def test_a_kept_grid_shows_what_was_booked(user_client, room, member):
    day = a_weekday_next_week()
    Booking.objects.create(
        resource=room, user=member, starts_at=local_datetime(day, time(9)),
        ends_at=local_datetime(day, time(10)), held_until=local_datetime(day, time(10, 15)),
    )  # fmt: skip
    assert "09:00–10:00" in user_client.get(week_url()).content.decode()
    assert "09:00–10:00" in user_client.get(week_url()).content.decode()
