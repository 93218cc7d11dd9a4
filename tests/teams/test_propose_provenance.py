"""Proposed teams rest on what providers declare: a competence only mentioned in a bio
covers a part partly, and never makes one provider cover the need alone."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from klynge.directory.visibility import ANONYMOUS
from klynge.teams.proposals import need_proposals
from tests.needs.conftest import make_person, make_user
from tests.teams.conftest import ARCHIVE_NEED, everyone, make_company, names


def talker():
    """Declares the archive system; her bio only mentions integrations and websites."""
    return make_person(
        make_user("prat@example.org", name="Prat Pernille"), skills=["sak/arkiv"],
        bio="Eg har skrive om integrasjon mot nettsida til kommunen i ein rapport.",
        municipality="gol", available_for_assignments=True,
    )  # fmt: skip


def test_a_provider_who_only_mentions_the_rest_does_not_stop_the_teams(need):
    before = names(need_proposals(need, ANONYMOUS))
    talker()
    found = need_proposals(need, ANONYMOUS)
    assert not found.covered_by_one
    assert found.teams and found.teams[0].coverage == 1.0
    assert {"Arkivhuset AS", "Kari Nettside"} in names(found)
    assert names(found)[0] == before[0]  # the best team is still the one that declares it all


def test_had_she_declared_it_all_no_team_is_proposed(need):
    make_person(
        make_user("alt@example.org", name="Alt Astrid"),
        skills=["sak/arkiv", "integrasjon", "nettside"], municipality="gol",
    )  # fmt: skip
    found = need_proposals(need, ANONYMOUS)
    assert found.covered_by_one and found.teams == []


@pytest.fixture
def sparse_need(make_need, poster):
    """Nobody declares a website: the archive firm and a talker who only mentions one."""
    make_company(
        "Arkivhuset AS", skills=["sak/arkiv", "integrasjon"], employees=14,
        description="Vi innfører sak/arkivsystem for kommunar.",
    )  # fmt: skip
    make_person(
        make_user("nora@example.org", name="Nora Nevner"), skills=["grafisk design"],
        bio="Eg har hjelpt til med ei nettside ein gong.", municipality="aal",
        available_for_assignments=True,
    )  # fmt: skip
    return make_need(poster, **ARCHIVE_NEED)


def test_a_part_only_mentioned_is_ticked_partly_and_says_why(sparse_need):
    with translation.override("en"):
        found = need_proposals(sparse_need, ANONYMOUS)
    assert found.teams and "Nora Nevner" in everyone(found)
    best = found.teams[0]
    ticks = {t.slug: (t.covered, t.partly) for t in best.competences}
    assert ticks == {
        "saksbehandling": ("yes", ""),
        "api-integrasjon": ("yes", ""),
        "nettside": ("partly", "mentioned"),
    }
    assert best.coverage < 1.0
    assert best.reasons[0] == "Together they cover 2 of the 3 competences the need names"
    parts = {m.name: m.competences for m in best.members}
    assert parts["Nora Nevner"] == ["Website"]


def test_the_page_and_the_api_say_a_part_is_only_mentioned(sparse_need):
    client = Client()
    client.cookies["django_language"] = "en"
    html = client.get(sparse_need.get_absolute_url()).content.decode()
    assert "Website: partly (only mentioned in the text of a profile)" in html
    assert "Website: partly (a related competence)" not in html
    data = client.get(f"/api/v1/needs/{sparse_need.pk}/teams").json()
    ticks = {c["slug"]: (c["covered"], c["partly"]) for c in data["teams"][0]["competences"]}
    assert ticks["nettside"] == ("partly", "mentioned")
    assert ticks["saksbehandling"] == ("yes", "")
    nb = Client()
    nb.cookies["django_language"] = "nb"
    assert "Nettside: delvis (bare nevnt i teksten i en profil)" in (
        nb.get(sparse_need.get_absolute_url()).content.decode()
    )
