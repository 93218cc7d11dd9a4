"""The dashboard, its CSV files and the public page: who may see them, and what they show."""

from __future__ import annotations

import csv
import io
import re

from django.test import Client
from django.urls import reverse

from klynge.insights.figures.headline import headline
from tests.insights.conftest import YEAR

DASHBOARD = reverse("insights:dashboard")
PUBLIC = reverse("insights:public")
YEAR_2025 = {"periode": "egen", "fra": "2025-01-01", "til": "2025-12-31"}


def test_it_refuses_everyone_but_staff(db, user_client):
    assert Client().get(DASHBOARD)["Location"].startswith("/konto/login/")  # sign in first
    assert user_client.get(DASHBOARD).status_code == 403
    assert user_client.get(reverse("insights:csv", args=["events"])).status_code == 403


def test_it_shows_every_table_with_a_chart_to_staff(known, staff_client):
    response = staff_client.get(DASHBOARD, YEAR_2025)
    assert response.status_code == 200
    html = response.content.decode()
    assert "1. januar 2025 til 31. desember 2025" in html
    for key in ("members-by-municipality", "supply-demand", "gaps", "needs-funnel", "events"):
        assert f'id="figure-{key}"' in html
    assert html.count('role="img"') >= 6
    assert '<desc id="chart-supply-demand-desc">' in html
    assert '<desc id="chart-supply-demand-narrow-desc">' in html  # the phone's drawing
    ids = re.findall(r'id="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    assert "under 3" in html or "under 3" in html.lower()
    assert "<script>" not in html and 'style="' not in html


def test_it_filters_by_municipality(known, staff_client):
    response = staff_client.get(DASHBOARD, {**YEAR_2025, "kommune": "hol"})
    table = next(t for t in response.context["board"].tables if t.key == "members-by-municipality")
    assert [row.key for row in table.rows] == ["hol"]


def test_it_explains_a_wrong_period_and_shows_this_year(known, staff_client):
    response = staff_client.get(
        DASHBOARD, {"periode": "egen", "fra": "2025-05-01", "til": "2025-01-01"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert response.context["board"].period.start.month == 1


def test_it_exports_a_table_as_csv_with_the_same_suppression(known, staff_client):
    response = staff_client.get(reverse("insights:csv", args=["needs-funnel"]), YEAR_2025)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "needs-funnel-2025-01-01-2025-12-31.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    posted = next(r for r in rows if r[0] in ("Posted", "Lagt ut"))
    assert posted[1:] == ["5", "4", "under 3"]


def test_it_refuses_an_unknown_csv_and_a_bad_period(known, staff_client):
    assert staff_client.get(reverse("insights:csv", args=["nope"]), YEAR_2025).status_code == 404
    bad = {"periode": "egen", "fra": "2025-05-01"}
    assert staff_client.get(reverse("insights:csv", args=["events"]), bad).status_code == 400


def test_it_counts_the_public_headline_figures(known):
    figures = headline(YEAR)
    # Web: P1, P2 (skills shown to everyone) and Fjellkode; the other areas have fewer than three.
    assert [(slug, cell.text) for slug, _, cell in figures.competences] == [("web", "3")]
    assert figures.people.text == "9"  # every listed profile in the region (not P10)
    assert figures.companies.text == "3"
    assert figures.needs_posted.text == "6"  # published in 2025, whenever they were created
    assert figures.needs_filled.text == "0"  # the filled one has no settled date
    assert figures.events_held.text == "under 3"


def test_it_shows_the_public_page_from_the_cache(known, django_assert_max_num_queries):
    response = Client().get(PUBLIC)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>IT i Hallingdal</h1>" in html
    assert "IT-folk i katalogen" in html
    # A visitor has no session: a second view asks the database for nothing but the cache.
    with django_assert_max_num_queries(1):
        assert Client().get(PUBLIC).status_code == 200


def test_the_front_page_links_to_the_public_page(db):
    assert PUBLIC in Client().get("/").content.decode()
