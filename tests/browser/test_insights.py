"""The insights pages in a real browser: axe in all three languages, and the keyboard."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_accessible, set_language, sign_in
from tests.insights.conftest import build_known
from tests.insights.test_spaces_figures import build_use

LANGUAGES = ["nb", "nn", "en"]
YEAR_2025 = "?periode=egen&fra=2025-01-01&til=2025-12-31"


@pytest.fixture
def known(taxonomy):
    build_use()  # the hub's bookings, so the panel of its use draws its charts too
    return build_known()


@pytest.mark.browser
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_dashboard_is_accessible(page, live_server, known, staff, language):
    sign_in(page, live_server, staff)
    set_language(page, live_server, language)
    page.goto(f"/innsikt/{YEAR_2025}")
    assert page.locator("svg[role=img] title").count() >= 10
    assert page.locator("table.insight-table").count() >= 14
    assert page.locator("#figure-spaces-by-hour svg.chart-wide[role=img]").count() == 1
    assert page.locator("#figure-spaces-by-hour svg.chart-narrow[role=img]").count() == 1
    assert_accessible(page)


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 1366])
def test_the_charts_can_be_read_on_a_phone(page, live_server, known, staff, width):
    """At 360 px the wide chart would shrink its text to about 6 px; the narrow one is shown."""
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, live_server, staff)
    set_language(page, live_server, "nn")
    page.goto(f"/innsikt/{YEAR_2025}")
    figure = page.locator("#figure-members-by-type")
    wide, narrow = figure.locator("svg.chart-wide"), figure.locator("svg.chart-narrow")
    shown = narrow if width == 360 else wide
    assert (wide.is_visible(), narrow.is_visible()) == (width != 360, width == 360)
    label = shown.locator("text.chart-label").first
    assert label.inner_html() == "Folk"
    # The drawn height of a label's letters, in CSS pixels: readable, not a smudge.
    assert label.bounding_box()["height"] >= 12
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"the page scrolls sideways: {scroll} > {width}"
    assert_accessible(page)


@pytest.mark.browser
def test_the_dashboard_works_with_the_keyboard(page, live_server, known, staff):
    sign_in(page, live_server, staff)
    set_language(page, live_server, "en")
    page.goto("/innsikt/")
    # Choose a custom period and a municipality with the keyboard alone.
    page.get_by_label("Period", exact=True).focus()
    page.keyboard.press("End")  # the last choice: choose dates
    # Date fields type differently in each locale; the values go in directly.
    page.get_by_label("From", exact=True).fill("2025-01-01")
    page.get_by_label("To and including").fill("2025-12-31")
    page.get_by_label("Municipality", exact=True).focus()
    page.keyboard.press("Home")
    page.keyboard.press("ArrowDown")  # the first municipality along the valley
    page.get_by_role("button", name="Show the figures").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/innsikt/?periode=egen*")
    assert "kommune=flaa" in page.url, page.url
    assert "Jan. 1, 2025 to Dec. 31, 2025" in page.locator("p.lead").inner_text(), page.url
    # The section links and the CSV links are reachable by tabbing.
    page.get_by_role("link", name="Needs", exact=True).last.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**#section-needs")  # a fragment link: the URL changes after the press


@pytest.mark.browser
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_public_page_is_accessible(page, live_server, known, language):
    set_language(page, live_server, language)
    page.goto("/")
    page.locator("a[href='/it-i-regionen/']").click()
    page.wait_for_url("**/it-i-regionen/")
    assert "Hallingdal" in page.get_by_role("heading", level=1).inner_text()
    assert_accessible(page)


@pytest.mark.browser
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_report_is_accessible(page, live_server, known, staff, language):
    sign_in(page, live_server, staff)
    set_language(page, live_server, language)
    report_language = "nn" if language == "nn" else "nb"
    page.goto(f"/innsikt/rapport/{YEAR_2025}&sprak={report_language}")
    assert page.locator(f"article.report[lang={report_language}]").count() == 1
    assert page.locator("article h2").count() == 5  # key figures and four chapters
    assert_accessible(page)


@pytest.mark.browser
def test_staff_write_the_report_text_with_the_keyboard(page, live_server, known, staff):
    sign_in(page, live_server, staff)
    set_language(page, live_server, "en")
    page.goto(f"/innsikt/rapport/{YEAR_2025}&sprak=nn")
    page.get_by_label("Text for this period").focus()
    page.keyboard.type("Eit år med mange nye medlemmer.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the focused button: save the text
    page.wait_for_load_state()
    assert page.get_by_role("status").inner_text().strip() == "The text is saved."
    assert "Eit år med mange nye medlemmer." in page.locator(".report-text").inner_text()


@pytest.fixture
def invitation(db, staff, member):
    from datetime import timedelta

    from django.utils import timezone

    from klynge.insights import services
    from klynge.insights.models import SurveyInvitation

    survey = services.survey_from_template(
        by=staff, closes_on=timezone.localdate() + timedelta(days=7)
    )
    services.survey_invite(survey=survey, audience="members")
    return SurveyInvitation.objects.get()


@pytest.mark.browser
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_survey_answer_page_is_accessible(page, live_server, invitation, language):
    set_language(page, live_server, language)
    page.goto(f"/undersoking/{invitation.token}/")
    # One choice, several choices, the scale: each a group with a legend.
    assert page.locator(".survey-form fieldset").count() == 3
    assert_accessible(page)


@pytest.mark.browser
def test_a_survey_is_answered_with_the_keyboard(page, live_server, invitation):
    set_language(page, live_server, "en")
    page.goto(f"/undersoking/{invitation.token}/")
    page.get_by_label("No", exact=True).focus()
    page.keyboard.press("Space")
    page.get_by_label("A community").focus()
    page.keyboard.press("Space")
    page.get_by_label("Which competence do you or your business lack?").focus()
    page.keyboard.type("Sky og sikkerheit")
    page.get_by_role("button", name="Send my answers").focus()
    page.keyboard.press("Enter")
    assert page.get_by_role("status").inner_text().strip() == "Thank you for your answers!"
    assert_accessible(page)
    invitation.refresh_from_db()
    assert invitation.answered
