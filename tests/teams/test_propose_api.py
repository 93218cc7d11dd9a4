"""GET /api/v1/needs/{id}/teams: the proposed teams as data, with the needs API's errors."""

from __future__ import annotations

from django.test import Client

from klynge.needs import services
from tests.needs.conftest import make_user

TEAM_KEYS = {"members", "coverage", "competences", "reasons"}
MEMBER_KEYS = {"kind", "id", "external_id", "name", "url", "part", "competences", "reasons",
               "place"}  # fmt: skip


def api(user=None) -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    if user is not None:
        client.force_login(user)
    return client


def teams_of(need_id: int, user=None):
    return api(user).get(f"/api/v1/needs/{need_id}/teams")


def test_the_teams_with_parts_coverage_and_reasons(need):
    response = teams_of(need.pk)
    assert response.status_code == 200
    data = response.json()
    assert data["need_id"] == need.pk
    assert data["covered_by_one"] is False
    assert data["competences"] == ["Case management and records", "APIs and integration",
                                   "Website"]  # fmt: skip
    assert 1 <= len(data["teams"]) <= 3
    best = data["teams"][0]
    assert set(best) == TEAM_KEYS
    assert all(set(m) == MEMBER_KEYS for m in best["members"])
    assert best["coverage"] == 1.0
    assert best["members"][0]["name"] == "Arkivhuset AS"
    assert best["members"][0]["kind"] == "company"
    assert "APIs and integration" in best["members"][0]["part"]
    assert {c["slug"]: c["covered"] for c in best["competences"]} == {
        "saksbehandling": "yes", "api-integrasjon": "yes", "nettside": "yes",
    }  # fmt: skip
    assert best["reasons"][0] == "Together they cover every competence the need names"


def test_hidden_and_members_only_profiles_are_not_in_the_data(need):
    body = teams_of(need.pk).content.decode()
    assert "Skjult Sigrid" not in body
    assert "Medlem Margit" not in body


def test_a_member_learns_that_one_provider_covers_it(need):
    member = make_user("m@example.org", name="Mona Member")
    from klynge.directory.models import Person
    from tests.needs.conftest import make_person

    make_person(member, member=True, municipality="hol")
    assert Person.objects.get(user=member).is_member
    data = teams_of(need.pk, member).json()
    assert data["covered_by_one"] is True and data["teams"] == []
    assert "Skjult Sigrid" not in str(data)


def test_an_unknown_need_is_404_with_the_error_shape(need):
    response = teams_of(need.pk + 1000)
    assert response.status_code == 404
    assert set(response.json()) == {"detail"}


def test_a_draft_is_404_to_others_and_409_to_its_poster(make_need, poster, providers):
    draft = make_need(poster, publish=False, title="Arkiv og nettside", municipality="gol")
    assert teams_of(draft.pk).status_code == 404
    response = teams_of(draft.pk, poster)
    assert response.status_code == 409
    assert response.json() == {
        "detail": "The need no longer takes answers, so no teams are proposed."
    }


def test_a_closed_need_is_409(need, poster):
    services.need_close(need=need, by=poster, reason="elsewhere")
    response = teams_of(need.pk)
    assert response.status_code == 409
    assert "no longer takes answers" in response.json()["detail"]


def test_the_route_is_in_the_openapi_schema(db):
    schema = api().get("/api/v1/openapi.json").json()
    assert "/api/v1/needs/{id}/teams" in schema["paths"]
