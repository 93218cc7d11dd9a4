"""The insights figure "collaborations between members", with the under-3 rule, and
its panel at the end of the staff dashboard."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from klynge.insights.figures.period import Period
from klynge.insights.figures.teams import collaborations
from klynge.teams.models import Member, Team
from tests.teams import forming

# The forming fixtures (tests/teams/forming.py), in place of the conftest's.
poster, provider, company_admin, need, company, hidden, team = (
    forming.poster, forming.provider, forming.company_admin, forming.need, forming.company,
    forming.hidden, forming.team,
)  # fmt: skip

pytestmark = pytest.mark.django_db


def make_team(need, people, status=Team.Status.ACTIVE):
    team = Team.objects.create(need=need, status=status)
    for person in people:
        Member.objects.create(team=team, person=person, status=Member.Status.ACCEPTED)
    return team


@pytest.fixture
def people(need):
    from klynge.directory.models import Person

    return list(Person.objects.order_by("id"))


def test_counts_teams_across_organisations_and_won(need, people):
    two = people[:2]
    for _n in range(4):
        make_team(need, two)
    for _n in range(3):
        make_team(need, two, Team.Status.WON)
    make_team(need, people[:1])  # one organisation: formed, not a collaboration
    figure = collaborations(Period.this_year())
    assert figure.formed.value == 8
    assert figure.across.value == 7
    assert figure.won.value == 3


def test_fewer_than_three_shows_as_under_3(need, people, staff):
    make_team(need, people[:2], Team.Status.WON)
    figure = collaborations(Period.this_year())
    assert figure.formed.suppressed and figure.won.suppressed
    client = Client()
    client.force_login(staff)
    page = client.get(reverse("insights:dashboard"))
    panel = page.text[page.text.index('id="section-collaborations"') :]
    assert reverse("teams:staff") in panel
    assert panel.count("under 3") == 3  # formed, across, won: one team each
