"""Inviting providers to a meeting: whom the buyer may choose, one email each in
their own language, never twice, and only while the meeting takes sign-ups."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from klynge.core.errors import Conflict, Invalid, NotAllowed
from klynge.dialogue import services
from klynge.dialogue.models import MeetingInvitation
from klynge.directory.models import Company, Person
from klynge.events.models import Event
from klynge.events.services import registration_create
from klynge.needs import services as need_services
from tests.dialogue.conftest import browse
from tests.needs.conftest import emails_to

pytestmark = pytest.mark.django_db


def fjellkode() -> Company:
    return Company.objects.get(name="Fjellkode AS")


def person_of(user) -> Person:
    return Person.objects.get(user=user)


def invite_page(meeting) -> str:
    return f"/behov/markedsdialog/{meeting.pk}/"


class TestChoosing:
    def test_the_poster_chooses_among_matches_and_those_who_answered(
        self, meeting, poster, provider, stranger
    ):
        need_services.answer_create(need=meeting.need, by=stranger, message="Eg kan nettverk.")
        page = browse(poster).get(invite_page(meeting)).content.decode()
        per, siri = person_of(provider), person_of(stranger)
        assert f'value="company:{fjellkode().pk}"' in page  # a match
        assert f'value="person:{per.pk}"' in page  # a match
        assert f'value="person:{siri.pk}"' in page  # no match, but answered
        assert "Siri Stranger (has answered)" in page

    def test_a_provider_who_matches_nothing_cannot_be_invited(self, meeting, poster, stranger):
        siri = person_of(stranger)
        response = browse(poster).post(invite_page(meeting), {"providers": f"person:{siri.pk}"})
        assert "Select a valid choice." in response.content.decode()
        with pytest.raises(Invalid):
            services.meeting_invite(meeting=meeting, by=poster, people=[siri])
        assert not MeetingInvitation.objects.exists()

    def test_choosing_nobody_is_refused(self, meeting, poster):
        response = browse(poster).post(invite_page(meeting), {})
        assert "Choose at least one provider." in response.content.decode()
        with pytest.raises(Invalid):
            services.meeting_invite(meeting=meeting, by=poster)
        assert not MeetingInvitation.objects.exists()


class TestSending:
    def test_each_chosen_provider_gets_one_email_in_their_language(
        self, committed, meeting, poster, provider, company_admin
    ):
        company_admin.language = "nn"
        company_admin.save()
        client = browse(poster)
        chosen = {"providers": [f"company:{fjellkode().pk}", f"person:{person_of(provider).pk}"]}
        response = committed(client.post, invite_page(meeting), chosen, follow=True)
        assert "2 providers are invited." in response.content.decode()
        assert MeetingInvitation.objects.count() == 2
        [english] = emails_to(provider.email)
        assert english.subject.endswith(
            f"Invitation to a market dialogue meeting: {meeting.need.title}"
        )
        assert f"/arrangement/{meeting.event.slug}/meld-pa/" in english.body
        assert f"/behov/{meeting.need.pk}/" in english.body
        assert poster.email not in english.body
        [nynorsk] = emails_to(company_admin.email)
        assert "marknadsdialogmøte" in nynorsk.subject
        assert "Fjellkode AS" in nynorsk.body
        # Those invited are listed, and no longer offered.
        page = client.get(invite_page(meeting)).content.decode()
        assert f'value="company:{fjellkode().pk}"' not in page
        assert "There is nobody more to invite" in page

    def test_a_provider_is_never_invited_twice_to_the_same_meeting(
        self, committed, meeting, poster, provider
    ):
        per = person_of(provider)
        assert committed(services.meeting_invite, meeting=meeting, by=poster, people=[per]) == [per]
        assert committed(services.meeting_invite, meeting=meeting, by=poster, people=[per]) == []
        assert len(emails_to(provider.email)) == 1
        response = browse(poster).post(invite_page(meeting), {"providers": f"person:{per.pk}"})
        assert "Select a valid choice." in response.content.decode()
        assert len(emails_to(provider.email)) == 1

    def test_a_second_meeting_is_a_new_invitation(
        self, committed, meeting, make_meeting, poster, provider
    ):
        per = person_of(provider)
        later = make_meeting(meeting.need, poster, title="Runde to")
        committed(services.meeting_invite, meeting=meeting, by=poster, people=[per])
        committed(services.meeting_invite, meeting=later, by=poster, people=[per])
        assert len(emails_to(provider.email)) == 2


class TestWhoMay:
    @pytest.mark.parametrize("who", ["provider", "stranger"])
    def test_only_the_poster_and_staff_invite(self, meeting, request, who, staff):
        user = request.getfixturevalue(who)
        client = browse(user)
        assert client.get(invite_page(meeting)).status_code == 403
        response = client.post(invite_page(meeting), {"providers": f"company:{fjellkode().pk}"})
        assert response.status_code == 403
        with pytest.raises(NotAllowed):
            services.meeting_invite(meeting=meeting, by=user, companies=[fjellkode()])
        assert not MeetingInvitation.objects.exists()
        assert browse(staff).get(invite_page(meeting)).status_code == 200

    def test_no_invitations_once_the_need_is_closed(self, meeting, poster):
        need_services.need_close(need=meeting.need, by=poster, reason="not-needed")
        meeting.need.refresh_from_db()
        page = browse(poster).get(invite_page(meeting)).content.decode()
        assert "Invitations can be sent only while sign-up for the meeting is open." in page
        assert 'name="providers"' not in page
        with pytest.raises(Conflict):
            services.meeting_invite(meeting=meeting, by=poster, companies=[fjellkode()])
        assert not MeetingInvitation.objects.exists()

    def test_no_invitations_to_a_meeting_that_has_started(self, meeting, poster):
        start = timezone.now() - timedelta(minutes=5)
        Event.objects.filter(pk=meeting.event_id).update(
            starts_at=start, ends_at=start + timedelta(hours=1)
        )
        meeting.event.refresh_from_db()
        with pytest.raises(Conflict):
            services.meeting_invite(meeting=meeting, by=poster, companies=[fjellkode()])
        assert not MeetingInvitation.objects.exists() and not mail.outbox


def test_the_poster_sees_who_signed_up(meeting, poster, provider):
    page = browse(poster).get(invite_page(meeting)).content.decode()
    assert "Nobody has signed up yet." in page
    registration_create(event=meeting.event, user=provider)
    page = browse(poster).get(invite_page(meeting)).content.decode()
    assert "<li>Per Provider</li>" in page
