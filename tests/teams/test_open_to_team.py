"""Companies mark themselves open to team up, and say for what: edited where the
company is edited, shown on its page; a line break is refused with a clear error."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.teams import forming

# The forming fixtures (tests/teams/forming.py), in place of the conftest's.
poster, provider, company_admin, need, company, hidden, team = (
    forming.poster, forming.provider, forming.company_admin, forming.need, forming.company,
    forming.hidden, forming.team,
)  # fmt: skip

pytestmark = pytest.mark.django_db


def test_the_admin_marks_the_company_open_to_team_up(company, company_admin):
    client = Client()
    client.force_login(company_admin)
    client.cookies["django_language"] = "en"
    url = reverse("directory:company_edit", args=[company.pk])
    form = client.get(url).text
    assert 'name="open_to_team"' in form and 'name="open_to_team_for"' in form
    data = {"name": company.name, "municipality": company.municipality, "skills": "nettbutikk: 5",
            "open_to_team": "on", "open_to_team_for": "Større nettbutikkar"}  # fmt: skip
    bad = client.post(url, {**data, "open_to_team_for": "a\nb"})
    assert "Write it on one line." in bad.text
    company.refresh_from_db()
    assert not company.open_to_team
    client.post(url, data)
    company.refresh_from_db()
    assert company.open_to_team and company.open_to_team_for == "Større nettbutikkar"
    page = Client().get(company.get_absolute_url()).text
    assert "Større nettbutikkar" in page
