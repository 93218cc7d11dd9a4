"""GET /api/v1/insights/summary: every figure for staff, the headline for everyone else,
with the same suppression as the pages."""

from __future__ import annotations

from django.test import Client

SUMMARY = "/api/v1/insights/summary"
YEAR_2025 = {"from": "2025-01-01", "to": "2026-01-01"}


def api(user=None) -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    if user is not None:
        client.force_login(user)
    return client


def table(body, key):
    tables = {t["key"]: t for s in body["sections"] for t in s["tables"]}
    return {row["key"]: row["cells"] for row in tables[key]["rows"]}


def test_it_gives_staff_every_figure_with_the_same_suppression(known, staff):
    response = api(staff).get(SUMMARY, YEAR_2025)
    assert response.status_code == 200
    body = response.json()
    assert (body["first_day"], body["last_day"]) == ("2025-01-01", "2025-12-31")
    assert body["suppressed"] == "<3"
    assert [s["key"] for s in body["sections"]] == [
        "members",
        "competence",
        "needs",
        "events",
        "spaces",
    ]
    assert table(body, "needs-funnel")["posted"] == [5, 4, "<3"]
    assert table(body, "supply-demand")["web"] == [4, 3, "<3", 3]
    assert table(body, "triple-helix")["business"] == [6, 5, "<3", 67]
    assert table(body, "needs-results")["share-filled-local"] == ["<3", "<3", None]
    assert table(body, "participants")["participants"] == [3, 100]
    assert body["headline"]["events_held"] == "<3"


def test_it_filters_staff_figures_by_municipality(known, staff):
    body = api(staff).get(SUMMARY, {**YEAR_2025, "municipality": "hol"}).json()
    assert body["municipality"] == "hol"
    assert table(body, "members-by-municipality") == {"hol": ["<3", "<3", "<3", "<3"]}


def test_it_gives_visitors_and_users_only_the_headline(known, user):
    for client in (api(), api(user)):
        response = client.get(SUMMARY, YEAR_2025)
        assert response.status_code == 200
        body = response.json()
        assert body["sections"] == [] and body["municipality"] is None
        assert body["headline"] == {
            "people": 9,
            "companies": 3,
            "needs_posted": 6,
            "needs_filled": 0,
            "events_held": "<3",
            "competences": [{"slug": "web", "label": "Web", "providers": 3}],
        }


def test_it_refuses_a_bad_period_or_municipality(known, staff):
    client = api(staff)
    cases = [
        ({"from": "2025-05-01", "to": "2025-05-01"}, "The period must end after it starts."),
        ({"from": "2025-05-01"}, "Give both the first and the last day."),
        ({**YEAR_2025, "municipality": "oslo"}, "Unknown municipality."),
    ]
    for params, message in cases:
        response = client.get(SUMMARY, params)
        assert response.status_code == 400, params
        assert response.json() == {"detail": message}
    assert client.get(SUMMARY, {"from": "yesterday", "to": "2025-01-01"}).status_code == 422


def test_it_defaults_to_this_year(known, staff):
    from django.utils import timezone

    body = api(staff).get(SUMMARY).json()
    assert body["first_day"] == f"{timezone.localdate().year}-01-01"


def test_it_limits_visitors_but_not_staff(known, staff, settings, monkeypatch):
    from klynge.insights import api as insights_api

    monkeypatch.setattr(insights_api, "PUBLIC_RATE", "2/h")
    visitor = api()
    assert [visitor.get(SUMMARY).status_code for _ in range(3)] == [200, 200, 429]
    assert visitor.get(SUMMARY).json() == {"detail": "Too many requests; try again later."}
    assert api(staff).get(SUMMARY).status_code == 200
