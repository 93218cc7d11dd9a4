"""The team pages over HTTP: starting from a proposal, the team page and its thread,
inviting by search, answering, leaving, filling, the invitations and staff pages."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from klynge.directory.models import Company, Person
from klynge.needs.models import Need
from klynge.teams.models import Member, Team
from tests.teams import forming

# The forming fixtures (tests/teams/forming.py), in place of the conftest's.
poster, provider, company_admin, need, company, hidden, team = (
    forming.poster, forming.provider, forming.company_admin, forming.need, forming.company,
    forming.hidden, forming.team,
)  # fmt: skip

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_proposal_button_fills_the_start_form_and_confirming_starts(need, provider, company):
    client = client_for(provider)
    url = reverse("teams:start", args=[need.pk])
    key = f"company:{company.pk}"
    page = client.post(url, {"member": [key], f"part-{key}": "Betaling"})
    assert page.status_code == 200
    assert "Fjellkode AS" in page.text and 'value="Betaling"' in page.text
    assert not Team.objects.exists()  # not before she confirms
    me = Person.objects.get(user=provider)
    response = client.post(url, {
        "confirm": "1", "as_provider": "person", "part": "Nettbutikk",
        "message": "Vi svarar saman.", "member": [key], f"part-{key}": "Betaling",
    })  # fmt: skip
    team = Team.objects.get()
    assert response.status_code == 302 and response["Location"] == team.get_absolute_url()
    assert {m.key: m.part for m in team.members.all()} == {
        f"person:{me.pk}": "Nettbutikk",
        key: "Betaling",
    }


def test_a_hidden_provider_in_a_proposal_is_left_out(need, provider, hidden):
    person = Person.objects.get(user=hidden)
    page = client_for(provider).post(
        reverse("teams:start", args=[need.pk]), {"member": [f"person:{person.pk}"]}
    )
    assert "Hilde" not in page.text


def test_bad_input_shows_a_translated_error_and_changes_nothing(need, provider):
    client = client_for(provider)
    client.cookies["django_language"] = "nn"
    response = client.post(
        reverse("teams:start", args=[need.pk]),
        {"confirm": "1", "as_provider": "person", "part": "", "message": ""},
        HTTP_ACCEPT_LANGUAGE="nn",
    )
    assert response.status_code == 400
    assert "Feltet er påkravd." in response.text
    assert not Team.objects.exists()


def test_the_poster_is_sent_back_from_the_start_page(need, poster):
    response = client_for(poster).get(reverse("teams:start", args=[need.pk]))
    assert response.status_code == 302 and response["Location"] == need.get_absolute_url()


def test_the_team_page_shows_members_parts_and_the_thread(team, poster):
    page = client_for(poster).get(team.get_absolute_url())
    assert "Per Provider" in page.text and "Nettbutikk" in page.text
    assert "Fjellkode AS" in page.text and "Betaling" in page.text
    assert "Vi kan gjere dette saman." in page.text
    response = client_for(poster).post(team.get_absolute_url(), {"body": "Kva kostar det?"})
    assert response.status_code == 302
    assert team.messages.last().body == "Kva kostar det?"


def test_a_stranger_gets_403_on_the_team_page(team, user):
    response = client_for(user).get(team.get_absolute_url())
    assert response.status_code == 403
    assert "Vi kan gjere" not in response.text


def test_an_invitee_sees_the_team_but_not_the_thread_and_accepts(team, company_admin, company):
    client = client_for(company_admin)
    page = client.get(team.get_absolute_url())
    assert "Join the team" in page.text or "Bli med" in page.text
    assert "Vi kan gjere dette saman." not in page.text
    member = team.members.get(company=company)
    client.post(reverse("teams:respond", args=[member.pk]), {"accept": "1", "part": "Vipps"})
    member.refresh_from_db()
    assert (member.status, member.part) == (Member.Status.ACCEPTED, "Vipps")
    assert "Vi kan gjere dette saman." in client.get(team.get_absolute_url()).text


def test_the_invitations_page_lists_waiting_invitations(team, company_admin):
    page = client_for(company_admin).get(reverse("teams:invitations"))
    assert team.need.title in page.text and "Fjellkode AS" in page.text


def test_search_on_the_team_page_finds_visible_providers_only(team, provider, taxonomy, hidden):
    from tests.needs.conftest import make_person, make_user

    make_person(make_user("kari@example.org", name="Kari Nettbutikk"), skills=["nettbutikk"])
    page = client_for(provider).get(team.get_absolute_url(), {"q": "nettbutikk"})
    assert "Kari Nettbutikk" in page.text
    assert "Hilde Hidden" not in page.text
    assert "Fjellkode AS" in page.text  # as a member; not offered again
    assert page.text.count(f'value="company:{Company.objects.get().pk}"') == 0


def test_invite_over_http(team, provider, taxonomy):
    from tests.needs.conftest import make_person, make_user

    kari = make_person(make_user("kari@example.org", name="Kari"), skills=["nettbutikk"])
    response = client_for(provider).post(
        reverse("teams:invite", args=[team.pk]), {"member": f"person:{kari.pk}", "part": "Design"}
    )
    assert response.status_code == 302
    assert team.members.get(person=kari).part == "Design"


def test_the_poster_marks_the_need_filled_over_http(team, poster, need):
    client_for(poster).post(reverse("teams:fill", args=[team.pk]))
    need.refresh_from_db()
    assert need.status == Need.Status.FILLED
    assert Team.objects.get().status == Team.Status.WON


def test_leaving_as_the_last_member_withdraws(team, provider):
    member = team.members.get(person__user=provider)
    client_for(provider).post(reverse("teams:leave", args=[member.pk]))
    assert Team.objects.get().status == Team.Status.WITHDRAWN


def test_the_staff_page_lists_teams_and_their_outcome(team, staff, user):
    page = client_for(staff).get(reverse("teams:staff"))
    assert team.need.title in page.text and "Per Provider" in page.text
    assert client_for(user).get(reverse("teams:staff")).status_code == 403


def test_the_need_page_offers_a_team_answer_and_shows_teams(
    team, need, poster, company_admin, user
):
    start = reverse("teams:start", args=[need.pk])
    page = client_for(poster).get(need.get_absolute_url())
    assert team.get_absolute_url() in page.text and "Nettbutikk" in page.text
    assert start not in page.text  # her own need
    page = client_for(company_admin).get(need.get_absolute_url())
    assert start in page.text and team.get_absolute_url() in page.text  # invited
    page = client_for(user).get(need.get_absolute_url())  # no profile: may not answer
    assert team.get_absolute_url() not in page.text and start not in page.text


def test_posting_is_rate_limited(team, poster, settings):
    client = client_for(poster)
    for _n in range(30):
        client.post(team.get_absolute_url(), {"body": "Hei"})
    assert client.post(team.get_absolute_url(), {"body": "Hei"}).status_code == 429
    assert team.messages.count() == 31
