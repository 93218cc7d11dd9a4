"""The calendar feeds parse back as iCalendar, and the Atom feed as XML."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import icalendar
import pytest
from django.test import Client

from klynge.events import services
from klynge.events.models import CalendarFeed

ATOM = "{http://www.w3.org/2005/Atom}"


def parse(response) -> list:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    return calendar.walk("VEVENT")


@pytest.mark.django_db
class TestEventIcs:
    def test_it_has_a_stable_uid_and_an_alarm_a_day_before(self, client, make_event):
        event = make_event()
        (vevent,) = parse(client.get(f"/arrangement/{event.slug}.ics"))
        assert vevent["UID"] == f"event-{event.pk}@127.0.0.1"
        assert vevent.decoded("DTSTART") == event.starts_at
        assert vevent["LOCATION"] == "IT-Hub Hallingdal, Furuvegen 5, 3550 Gol"
        (alarm,) = vevent.walk("VALARM")
        assert alarm.decoded("TRIGGER") == -timedelta(days=1)
        assert alarm["ACTION"] == "DISPLAY"

    def test_the_sequence_rises_when_the_time_changes(self, client, make_event, staff):
        event = make_event()
        (before,) = parse(client.get(f"/arrangement/{event.slug}.ics"))
        services.event_update(event=event, by=staff, description="Ny tekst")
        (same,) = parse(client.get(f"/arrangement/{event.slug}.ics"))
        services.event_update(event=event, by=staff, starts_at=event.starts_at + timedelta(hours=1))
        (after,) = parse(client.get(f"/arrangement/{event.slug}.ics"))
        assert before["UID"] == same["UID"] == after["UID"]
        assert (before["SEQUENCE"], same["SEQUENCE"], after["SEQUENCE"]) == (0, 0, 1)

    def test_the_online_link_is_only_for_registered_participants(self, client, user, make_event):
        event = make_event(format="online", online_url="https://meet.example.org/abc")
        (anonymous,) = parse(client.get(f"/arrangement/{event.slug}.ics"))
        assert "meet.example.org" not in anonymous["DESCRIPTION"]
        services.registration_create(event=event, user=user)
        client.force_login(user)
        (registered,) = parse(client.get(f"/arrangement/{event.slug}.ics"))
        assert "https://meet.example.org/abc" in registered["DESCRIPTION"]

    def test_a_cancelled_event_says_so(self, client, make_event, staff):
        event = make_event()
        services.event_cancel(event=event, by=staff)
        (vevent,) = parse(client.get(f"/arrangement/{event.slug}.ics"))
        assert vevent["STATUS"] == "CANCELLED"
        assert vevent["SEQUENCE"] == 1


@pytest.mark.django_db
class TestPublicFeed:
    def test_it_has_upcoming_events_open_to_all_only(self, client, make_event):
        open_event = make_event(title="Open")
        make_event(title="Members", audience="members")
        make_event(title="Draft", status="draft")
        past = make_event(title="Past", starts_at=make_event().starts_at - timedelta(days=30))
        vevents = parse(client.get("/arrangement/kalender.ics"))
        titles = {str(v["SUMMARY"]) for v in vevents}
        assert "Open" in titles and "Members" not in titles and "Draft" not in titles
        assert past.title not in {"Past"} & titles
        assert f"event-{open_event.pk}@127.0.0.1" in {str(v["UID"]) for v in vevents}


@pytest.mark.django_db
class TestPersonalFeed:
    def test_it_has_ones_own_events_at_a_secret_address(self, member_client, member, make_event):
        mine = make_event(
            title="Mine", audience="members", online_url="https://m.example.org/x", format="hybrid"
        )
        make_event(title="Not mine")
        services.registration_create(event=mine, user=member)
        page = member_client.get("/arrangement/kalender/")
        token = CalendarFeed.objects.get(user=member).token
        assert token in page.content.decode()
        (vevent,) = parse(Client().get(f"/arrangement/kalender/{token}.ics"))
        assert vevent["SUMMARY"] == "Mine"
        assert "https://m.example.org/x" in vevent["DESCRIPTION"]

    def test_a_new_address_revokes_the_old(self, member_client, member):
        member_client.get("/arrangement/kalender/")
        old = CalendarFeed.objects.get(user=member).token
        member_client.post("/arrangement/kalender/")
        new = CalendarFeed.objects.get(user=member).token
        assert new != old
        assert Client().get(f"/arrangement/kalender/{old}.ics").status_code == 404
        assert Client().get(f"/arrangement/kalender/{new}.ics").status_code == 200

    def test_it_needs_sign_in_to_see_the_address(self, client):
        assert client.get("/arrangement/kalender/").status_code == 302


@pytest.mark.django_db
class TestAtomFeed:
    def test_it_lists_new_public_events(self, client, make_event):
        make_event(title="Open", description="**Velkommen**")
        make_event(title="Members", audience="members")
        make_event(title="Draft", status="draft")
        response = client.get("/arrangement/nye.atom")
        assert response.status_code == 200
        root = ET.fromstring(response.content)
        assert root.tag == f"{ATOM}feed"
        entries = root.findall(f"{ATOM}entry")
        assert [e.find(f"{ATOM}title").text for e in entries] == ["Open"]
        assert "/arrangement/frokostmote-" in entries[0].find(f"{ATOM}link").get("href")
