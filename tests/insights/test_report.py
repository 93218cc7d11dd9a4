"""The yearly report: its page, its text, and its PDF, in bokmål and nynorsk."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from klynge.core.errors import DomainError
from klynge.insights import services
from klynge.insights.figures import Period
from klynge.insights.models import ReportText

REPORT = reverse("insights:report")
PDF = reverse("insights:report_pdf")
YEAR_2025 = {"periode": "egen", "fra": "2025-01-01", "til": "2025-12-31"}


def test_it_is_for_staff_only(db, user_client):
    assert Client().get(REPORT)["Location"].startswith("/konto/login/")  # sign in first
    assert user_client.get(REPORT).status_code == 403
    assert user_client.get(PDF).status_code == 403
    assert user_client.post(REPORT, {"body": "Hei"}).status_code == 403


def test_it_follows_what_cluster_programmes_ask_for(known, staff_client):
    response = staff_client.get(REPORT, {**YEAR_2025, "sprak": "nn"})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<article class="report" lang="nn"' in html
    headings = re.findall(r'<h2 id="chapter-(\w+)">([^<]+)</h2>', html)
    assert [key for key, _ in headings] == ["members", "activities", "collaboration", "results"]
    assert headings[0][1] == "Medlemmer og samansetjinga deira"
    # The same figures and the same rule as the dashboard.
    assert re.search(r"Lagt ut</th>\s*<td class=\"num\">5</td>", html)
    assert "under 3" in html


def test_it_saves_the_staff_text_per_period_and_language(known, staff_client, staff):
    url = f"{REPORT}?periode=egen&fra=2025-01-01&til=2025-12-31&sprak=nn"
    response = staff_client.post(url, {"body": "Eit godt år.\n\nMange nye medlemmer."})
    assert response.status_code == 302
    text = ReportText.objects.get()
    assert (text.start.isoformat(), text.end.isoformat(), text.language) == (
        "2025-01-01",
        "2026-01-01",
        "nn",
    )
    assert text.updated_by == staff
    html = staff_client.get(url).content.decode()
    assert "<p>Eit godt år.</p>" in html
    # Bokmål has a text of its own, still empty.
    bokmal = staff_client.get(url.replace("sprak=nn", "sprak=nb")).content.decode()
    assert '<article class="report" lang="nb"' in bokmal and "Eit godt år" not in bokmal


def test_it_refuses_a_text_that_is_too_long_and_keeps_the_old(known, staff):
    period = Period.year(2025)
    services.report_text_save(period=period, language="nb", body="Første", by=staff)
    for language, body in (("nb", "x" * 20_001), ("en", "Hello")):
        try:
            services.report_text_save(period=period, language=language, body=body, by=staff)
        except DomainError:
            pass
        else:
            raise AssertionError("saved")
    assert list(ReportText.objects.values_list("body", flat=True)) == ["Første"]


def test_it_makes_a_pdf_in_the_report_language(known, staff_client):
    response = staff_client.get(PDF, {**YEAR_2025, "sprak": "nn"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "rapport-2025-01-01-2025-12-31-nn.pdf" in response["Content-Disposition"]
    body = response.content
    assert body.startswith(b"%PDF-")
    assert b"/Lang (nn)" in body
    assert len(re.findall(rb"/Type /Page\b", body)) >= 5  # key figures and four chapters
    assert b"DejaVu" in body  # the Unicode font, installed from fonts-dejavu-core


def test_it_refuses_a_pdf_for_a_wrong_period(known, staff_client):
    response = staff_client.get(PDF, {"periode": "egen", "fra": "2025-01-01"})
    assert response.status_code == 400


def test_it_adds_the_surveys_that_closed_in_the_period(known, staff, staff_client):
    from datetime import date

    survey = services.survey_from_template(by=staff, closes_on=date(2099, 1, 1))
    survey.closes_on = date(2025, 6, 30)
    survey.save()
    html = staff_client.get(REPORT, {**YEAR_2025, "sprak": "nn"}).content.decode()
    assert f'<h2 id="chapter-survey-{survey.pk}">Kva treng du av IT-huben?</h2>' in html
    assert "0 av 0 inviterte svara." in html
    assert "Ville du betalt for medlemskap i huben?" in html
    pdf = staff_client.get(PDF, {**YEAR_2025, "sprak": "nn"}).content
    assert len(re.findall(rb"/Type /Page\b", pdf)) >= 6
