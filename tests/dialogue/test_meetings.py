"""Holding a market-dialogue meeting for a need: the page, the event it makes, the
links between the two pages, and who may do it."""

from __future__ import annotations

import pytest

from klynge.audit.models import Action, AuditEntry
from klynge.core.errors import Conflict, Invalid, NotAllowed
from klynge.dialogue import services
from klynge.dialogue.models import Meeting
from klynge.events.models import Event
from klynge.needs import services as need_services
from klynge.needs.models import Need
from tests.dialogue.conftest import browse, form_data, soon

pytestmark = pytest.mark.django_db


def html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


class TestCreate:
    def test_the_poster_is_offered_a_meeting_with_defaults_from_the_need(self, need, poster):
        page = html(browse(poster), need.get_absolute_url())
        assert f'href="/behov/{need.pk}/markedsdialog/"' in page
        assert "Hold a market dialogue meeting" in page
        form = html(browse(poster), f"/behov/{need.pk}/markedsdialog/")
        assert f'value="Market dialogue: {need.title}"' in form
        assert "T10:00" in form  # ten o'clock, two weeks ahead

    def test_the_poster_holds_a_meeting_and_both_pages_link(self, need, poster):
        client = browse(poster)
        response = client.post(f"/behov/{need.pk}/markedsdialog/", form_data())
        meeting = Meeting.objects.get()
        assert response["Location"] == f"/behov/markedsdialog/{meeting.pk}/"
        event = meeting.event
        assert event.status == Event.Status.PUBLISHED
        assert event.audience == Event.Audience.EVERYONE
        assert event.organiser == poster and event.title == "Markedsdialog: nettbutikk for osten"
        assert meeting.need == need and meeting.created_by == poster
        # The need page lists it, to anyone; the event page names the need.
        need_page = html(browse(), need.get_absolute_url())
        assert f'href="/arrangement/{event.slug}/"' in need_page
        assert "Market dialogue meetings" in need_page
        assert "Hold a market dialogue meeting" not in need_page
        event_page = html(browse(), event.get_absolute_url())
        assert "A market dialogue meeting about the need:" in event_page
        assert f'href="/behov/{need.pk}/"' in event_page
        assert "Invite providers" not in event_page
        assert "Invite providers" in html(client, event.get_absolute_url())

    def test_a_members_only_need_makes_a_members_only_event(self, make_need, poster):
        need = make_need(poster, audience=Need.Audience.MEMBERS)
        browse(poster).post(f"/behov/{need.pk}/markedsdialog/", form_data())
        assert Event.objects.get().audience == Event.Audience.MEMBERS

    def test_the_hybrid_meeting_keeps_its_link(self, need, poster):
        data = form_data(format="hybrid", online_url="https://meet.example.org/ost")
        browse(poster).post(f"/behov/{need.pk}/markedsdialog/", data)
        assert Event.objects.get().online_url == "https://meet.example.org/ost"

    def test_staff_may_hold_one_and_it_is_on_record(self, need, poster, staff):
        browse(poster).post(f"/behov/{need.pk}/markedsdialog/", form_data())
        published = AuditEntry.objects.filter(action=Action.EVENT_PUBLISH)
        assert not published.exists()  # the poster's own
        browse(staff).post(f"/behov/{need.pk}/markedsdialog/", form_data(title="Runde to"))
        meeting = Meeting.objects.get(created_by=staff)
        entry = published.get()
        assert entry.actor == staff
        assert entry.summary == f"market dialogue for need {need.pk}"
        assert entry.target_id == str(meeting.event.pk)


BAD = {
    "in the past": ({"starts_at": "2020-01-01T10:00", "ends_at": "2020-01-01T11:00"},
                    "The meeting must start in the future."),
    "ends first": ({"ends_at": soon(days=6).strftime("%Y-%m-%dT%H:%M")},
                   "The event must end after it starts."),
    "online without a link": ({"format": "online"}, "An online or hybrid event needs a link."),
    "no title": ({"title": "  "}, "This field is required."),
    "a line break in the title": ({"title": "Møte\r\nBcc: x@example.org"},
                                  "Write the title on one line."),
    "not a link": ({"format": "hybrid", "online_url": "javascript:alert(1)"}, "Enter a valid URL."),
    "not a time": ({"starts_at": "i morgon"}, "Enter a valid date/time."),
    "no format": ({"format": "teleport"}, "Select a valid choice."),
}  # fmt: skip


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_bad_input_is_refused_and_nothing_is_made(need, poster, case):
    changes, message = BAD[case]
    response = browse(poster).post(f"/behov/{need.pk}/markedsdialog/", form_data(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Event.objects.exists() and not Meeting.objects.exists()


def test_a_nul_is_refused_and_nothing_is_made(need, poster):
    data = form_data(description="Møte\x00")
    assert browse(poster).post(f"/behov/{need.pk}/markedsdialog/", data).status_code == 400
    assert not Event.objects.exists() and not Meeting.objects.exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"starts_at": soon(days=-1)},
        {"ends_at": soon(days=6)},
        {"title": "Two\nlines"},
        {"format": "online"},
        {"format": "teleport"},
        {"format": "online", "online_url": "javascript:alert(1)"},
    ],
)
def test_the_service_refuses_bad_input_too(need, poster, changes):
    data = {"title": "Møte", "starts_at": soon(), "ends_at": soon(hours=1), **changes}
    with pytest.raises(Invalid):
        services.meeting_create(need=need, by=poster, **data)
    assert not Event.objects.exists() and not Meeting.objects.exists()


class TestWhoMay:
    @pytest.mark.parametrize("who", ["provider", "stranger"])
    def test_others_are_refused(self, need, request, who):
        client = browse(request.getfixturevalue(who))
        assert client.get(f"/behov/{need.pk}/markedsdialog/").status_code == 403
        assert client.post(f"/behov/{need.pk}/markedsdialog/", form_data()).status_code == 403
        assert "Hold a market dialogue meeting" not in html(client, need.get_absolute_url())
        with pytest.raises(NotAllowed):
            services.meeting_create(
                need=need, by=request.getfixturevalue(who), title="Møte",
                starts_at=soon(), ends_at=soon(hours=1),
            )  # fmt: skip
        assert not Event.objects.exists()

    def test_a_visitor_is_sent_to_sign_in(self, need):
        response = browse().post(f"/behov/{need.pk}/markedsdialog/", form_data())
        assert response.status_code == 302 and "/konto/login/" in response["Location"]
        assert not Event.objects.exists()

    @pytest.mark.parametrize("settle", ["fill", "close"])
    def test_a_settled_need_gets_no_new_meeting(self, need, poster, settle):
        if settle == "fill":
            need_services.need_fill(need=need, by=poster)
        else:
            need_services.need_close(need=need, by=poster, reason="not-needed")
        client = browse(poster)
        response = client.post(f"/behov/{need.pk}/markedsdialog/", form_data(), follow=True)
        assert "A filled or closed need cannot get a new meeting." in response.content.decode()
        assert "Hold a market dialogue meeting" not in html(client, need.get_absolute_url())
        with pytest.raises(Conflict):
            services.meeting_create(
                need=need, by=poster, title="Møte", starts_at=soon(), ends_at=soon(hours=1)
            )
        assert not Event.objects.exists()

    def test_the_event_page_names_the_need_only_to_those_who_may_see_it(
        self, make_need, make_meeting, poster, staff
    ):
        need = make_need(poster, audience=Need.Audience.MEMBERS)
        meeting = make_meeting(need, poster)
        # Staff open the event to all later; the need stays members-only.
        Event.objects.filter(pk=meeting.event_id).update(audience=Event.Audience.EVERYONE)
        visitor_page = html(browse(), meeting.event.get_absolute_url())
        assert "market dialogue" not in visitor_page and need.title not in visitor_page
        assert need.title in html(browse(staff), meeting.event.get_absolute_url())

    def test_the_need_page_shows_a_members_only_meeting_only_to_those_who_may_see_it(
        self, make_need, make_meeting, poster, member
    ):
        need = make_need(poster)
        meeting = make_meeting(need, poster)
        Event.objects.filter(pk=meeting.event_id).update(audience=Event.Audience.MEMBERS)
        assert meeting.event.title not in html(browse(), need.get_absolute_url())
        assert meeting.event.title in html(browse(member), need.get_absolute_url())
