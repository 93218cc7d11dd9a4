"""Nobody learns of a hidden profile through a team: an unlisted person in a team
shows as "a provider" (with their part) to everyone the directory would not show
them to, on the team page, the need page's panel and the staff page alike."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from klynge.directory.models import Person
from klynge.teams import services
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
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def hidden_team(need, hidden, company, company_admin):
    """The hidden freelancer started a team (she sees herself; so may her team mates
    only as "a provider"), and Fjellkode accepted."""
    team = services.team_start(
        need=need, by=hidden, message="Saman?", part="Design", invite=[(company, "Betaling")]
    )
    services.member_answer(member=team.members.get(company=company), by=company_admin, accept=True)
    return team


def test_the_poster_sees_a_provider_not_the_hidden_name(hidden_team, poster, need):
    for url in (hidden_team.get_absolute_url(), need.get_absolute_url()):
        page = client_for(poster).get(url)
        assert "Hilde Hidden" not in page.text, url
        assert "A provider" in page.text and "Design" in page.text, url
    person = Person.objects.get(name="Hilde Hidden")
    assert (
        person.get_absolute_url() not in client_for(poster).get(hidden_team.get_absolute_url()).text
    )


def test_team_mates_do_not_learn_the_name_either(hidden_team, company_admin):
    page = client_for(company_admin).get(hidden_team.get_absolute_url())
    i = page.text.find("Hilde")
    assert i == -1, page.text[i - 300 : i + 100]
    assert "A provider" in page.text
    assert "Saman?" in page.text  # her message, signed "a provider"


def test_she_sees_herself_and_staff_see_her(hidden_team, hidden, staff):
    assert "Hilde Hidden" in client_for(hidden).get(hidden_team.get_absolute_url()).text
    assert "Hilde Hidden" in client_for(staff).get(reverse("teams:staff")).text


def test_emails_name_no_member(hidden_team):
    from klynge.core.models import OutgoingMail

    bodies = " ".join(str(m.__dict__) for m in OutgoingMail.objects.all())
    assert OutgoingMail.objects.exists() and "Hilde" not in bodies
