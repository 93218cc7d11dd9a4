"""Proposed teams for a stored need: who, doing what, why, and only people the viewer may see."""

from __future__ import annotations

from django.utils import translation

from klynge.directory.visibility import ANONYMOUS, Audience, Viewer
from klynge.needs import services
from klynge.teams.proposals import need_proposals
from tests.teams.conftest import everyone, make_company, names

MEMBER = Viewer(Audience.MEMBER)
STAFF = Viewer(Audience.STAFF)


def test_the_archive_firm_and_a_web_provider_are_proposed_with_their_parts(need):
    with translation.override("en"):
        found = need_proposals(need, ANONYMOUS)
    assert not found.covered_by_one
    assert found.teams and len(found.teams) <= 3
    best = found.teams[0]
    assert [m.name for m in best.members][0] == "Arkivhuset AS"  # the larger company leads
    assert {m.name for m in best.members} in ({"Arkivhuset AS", "Kari Nettside"},
                                              {"Arkivhuset AS", "Vevstova AS"})  # fmt: skip
    parts = {m.name: m.part for m in best.members}
    assert "Case management and records" in parts["Arkivhuset AS"]
    assert "APIs and integration" in parts["Arkivhuset AS"]
    assert "Website" in parts[best.members[1].name]
    assert {(t.label, t.covered) for t in best.competences} == {
        ("Case management and records", "yes"),
        ("APIs and integration", "yes"),
        ("Website", "yes"),
    }
    assert best.coverage == 1.0
    assert best.reasons[0] == "Together they cover every competence the need names"
    assert any("Arkivhuset AS brings the capacity of a larger company" in r for r in best.reasons)
    assert "all in the region" in best.reasons
    archive = best.members[0]
    assert "Case management and records" in archive.reasons  # explained like a single match
    assert archive.url == "/" or archive.url.startswith("/")


def test_both_web_providers_get_a_team_but_never_together(need):
    found = need_proposals(need, ANONYMOUS)
    teams = names(found)
    assert {"Arkivhuset AS", "Kari Nettside"} in teams
    assert {"Arkivhuset AS", "Vevstova AS"} in teams
    assert not any({"Kari Nettside", "Vevstova AS"} <= t for t in teams)  # nobody rides along


def test_a_hidden_profile_is_never_proposed_and_changes_nothing(need, providers):
    """Sigrid could do it all alone, but her profile is unlisted: the teams are what
    they would be without her, so no team gives her away."""
    with_her = [names(need_proposals(need, viewer)) for viewer in (ANONYMOUS, MEMBER, STAFF)]
    assert all("Skjult Sigrid" not in set().union(*teams) for teams in with_her)
    providers["hidden"].user.delete()
    without_her = [names(need_proposals(need, viewer)) for viewer in (ANONYMOUS, MEMBER, STAFF)]
    assert with_her == without_her


def test_skills_only_members_see_count_only_for_members(need):
    """Margit shows her skills to members: a visitor gets teams without her; a member
    sees that she covers it alone, so no team is proposed."""
    public = need_proposals(need, ANONYMOUS)
    assert public.teams and "Medlem Margit" not in everyone(public)
    assert not public.covered_by_one
    member = need_proposals(need, MEMBER)
    assert member.covered_by_one and member.teams == []


def test_no_team_when_one_provider_covers_the_need(need):
    make_company("Altmuleg AS", skills=["sak/arkiv", "integrasjon", "nettside"], employees=5)
    found = need_proposals(need, ANONYMOUS)
    assert found.covered_by_one
    assert found.teams == []


def test_a_need_naming_one_competence_gets_no_team(make_need, poster, providers):
    need = make_need(poster, title="Ny nettside for kommunen", description="", municipality="gol")
    found = need_proposals(need, ANONYMOUS)
    assert found.teams == [] and not found.covered_by_one


def test_the_posters_own_profile_is_not_proposed(need, poster):
    from tests.needs.conftest import make_person

    make_person(poster, skills=["nettside"], municipality="gol", available_for_assignments=True)
    assert "Bente Buyer" not in everyone(need_proposals(need, ANONYMOUS))


def test_parts_and_reasons_in_nynorsk(need):
    with translation.override("nn"):
        best = need_proposals(need, ANONYMOUS).teams[0]
    assert {t.label for t in best.competences} == {
        "Sakshandsaming og sak-arkiv", "API og integrasjon", "Nettstad",
    }  # fmt: skip
    assert best.reasons[0] != "Together they cover every competence the need names"


def test_a_closed_need_shows_no_teams_on_its_page(need, poster, client):
    services.need_close(need=need, by=poster, reason="elsewhere")
    page = client.get(need.get_absolute_url()).content.decode()
    assert "Arkivhuset AS" not in page
