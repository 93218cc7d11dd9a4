"""Who is at the hub today: off by default, chosen per booking by a member, and
shown only to members and staff."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from klynge.accounts.services import user_create
from klynge.core.errors import NotAllowed
from klynge.directory.models import Person
from klynge.spaces import presence
from klynge.spaces.booking_models import Booking
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def booking_today(resource, user, hours=(9, 15), **fields) -> Booking:
    today = timezone.localdate()
    zone = timezone.get_current_timezone()
    start = datetime.combine(today, time(hours[0]), tzinfo=zone)
    end = datetime.combine(today, time(hours[1]), tzinfo=zone)
    return Booking.objects.create(
        resource=resource, user=user, starts_at=start, ends_at=end, held_until=end, **fields
    )


@pytest.fixture
def guro(member):
    Person.objects.filter(user=member).update(
        name="Guro Gol", headline="Lagar nettbutikkar", is_listed=True
    )
    member.refresh_from_db()
    return member


def hub_page(client) -> str:
    return client.get("/huset/", headers={"accept-language": "nn"}).content.decode()


def test_nobody_is_shown_until_they_choose(desks, guro, client):
    booking_today(desks, guro)
    client.force_login(guro)
    html = hub_page(client)
    assert "På huben i dag" in html and "Guro Gol" not in html
    assert "Ingen har sagt at dei er her i dag." in html


def test_a_member_shows_herself_and_members_see_her(desks, guro, staff):
    booking = booking_today(desks, guro)
    member_client = Client()
    member_client.force_login(guro)
    response = member_client.post(f"/huset/booking/{booking.pk}/vis/", {"show": "1"})
    assert response.status_code == 302
    person = Person.objects.get(user=guro)
    html = hub_page(member_client)
    assert f'<a href="{person.get_absolute_url()}">Guro Gol</a> – Lagar nettbutikkar' in html
    staff_client = Client()
    staff_client.force_login(staff)
    assert "Guro Gol" in hub_page(staff_client)


def test_visitors_and_non_members_never_see_the_list(desks, guro, user):
    booking_today(desks, guro, show_at_hub=True)
    assert "Guro Gol" not in hub_page(Client())
    assert "På huben i dag" not in hub_page(Client())
    signed_in = Client()
    signed_in.force_login(user)
    assert "Guro Gol" not in hub_page(signed_in)


def test_only_today_and_only_live_bookings(desks, guro):
    tomorrow = booking_today(desks, guro, show_at_hub=True)
    Booking.objects.filter(pk=tomorrow.pk).update(
        starts_at=tomorrow.starts_at + timedelta(days=1),
        ends_at=tomorrow.ends_at + timedelta(days=1),
        held_until=tomorrow.held_until + timedelta(days=1),
    )
    assert presence.present_today(guro) == []
    today = booking_today(desks, guro, show_at_hub=True)
    assert [p.name for p in presence.present_today(guro)] == ["Guro Gol"]
    Booking.objects.filter(pk=today.pk).update(cancelled_at=timezone.now())
    assert presence.present_today(guro) == []


def test_only_a_member_and_only_for_her_own_booking(desks, guro, user):
    someone = user_create(email="annan@example.org", password=PASSWORD, email_verified=True)
    theirs = booking_today(desks, someone)
    with pytest.raises(NotAllowed):
        presence.booking_show_at_hub(booking=theirs, by=guro, show=True)
    own_but_not_member = booking_today(desks, user, hours=(15, 16))  # the desk is taken before
    with pytest.raises(NotAllowed):
        presence.booking_show_at_hub(booking=own_but_not_member, by=user, show=True)
    assert not Booking.objects.filter(show_at_hub=True).exists()


def test_an_unlisted_profile_is_named_without_a_link(desks, guro):
    Person.objects.filter(user=guro).update(is_listed=False)
    booking_today(desks, guro, show_at_hub=True)
    [present] = presence.present_today(guro)
    assert (present.name, present.url) == ("Guro Gol", "")
