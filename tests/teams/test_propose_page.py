"""The need page shows the proposed teams, to everyone who may see the need."""

from __future__ import annotations

from django.test import Client


def page(need, user=None, language="en") -> str:
    client = Client()
    client.cookies["django_language"] = language
    if user is not None:
        client.force_login(user)
    return client.get(need.get_absolute_url()).content.decode()


def test_the_page_shows_teams_with_parts_ticks_and_reasons(need):
    html = page(need)
    assert "Teams that could do it together" in html
    assert "Team 1" in html
    assert (
        "<strong>Arkivhuset AS</strong></a>: Case management and records, APIs and integration"
        in html
    )
    assert "Website: covered" in html
    assert "Why this team:" in html
    assert "Together they cover every competence the need names" in html
    assert "Skjult Sigrid" not in html and "Medlem Margit" not in html


def test_the_poster_sees_them_too(need, poster):
    html = page(need, poster)
    assert "Teams that could do it together" in html
    assert "Arkivhuset AS" in html


def test_no_section_when_one_provider_covers_it(need):
    from tests.teams.conftest import make_company

    make_company("Altmuleg AS", skills=["sak/arkiv", "integrasjon", "nettside"], employees=5)
    html = page(need)
    assert "Teams that could do it together" not in html
    assert 'id="teams"' not in html
