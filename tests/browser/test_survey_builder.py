"""The survey builder in a real browser: axe in all three languages, and a question
made with the keyboard alone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from klynge.insights import services
from klynge.insights.models import Question
from tests.browser.conftest import assert_accessible, set_language, sign_in

LANGUAGES = ["nb", "nn", "en"]


@pytest.fixture
def survey(db, staff):
    return services.survey_from_template(
        by=staff, closes_on=timezone.localdate() + timedelta(days=14)
    )


def builder_pages(survey) -> list[str]:
    first = survey.questions.first()
    return [
        "/innsikt/undersokingar/",
        "/innsikt/undersokingar/ny/",
        f"/innsikt/undersokingar/{survey.pk}/rediger/",
        f"/innsikt/undersokingar/{survey.pk}/sporsmal/",
        f"/innsikt/sporsmal/{first.pk}/",
        f"/innsikt/undersokingar/{survey.pk}/forhandsvis/",
    ]


@pytest.mark.browser
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_builder_pages_are_accessible(page, live_server, survey, staff, language):
    sign_in(page, live_server, staff)
    set_language(page, live_server, language)
    for url in builder_pages(survey):
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == language, url
        assert_accessible(page)
    # The errors of a refused question, too.
    page.goto(f"/innsikt/undersokingar/{survey.pk}/sporsmal/")
    page.locator("form.wide-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".errorlist").count() >= 3
    assert_accessible(page)


@pytest.mark.browser
def test_the_builder_shows_the_lock_once_sent(page, live_server, survey, staff, member):
    services.survey_invite(survey=survey, audience="members")
    sign_in(page, live_server, staff)
    set_language(page, live_server, "en")
    page.goto(f"/innsikt/undersokingar/{survey.pk}/rediger/")
    assert "The survey has been sent" in page.locator(".notice").inner_text()
    assert page.get_by_role("button", name="Add the question").count() == 0
    assert page.get_by_label("Title (English)").is_disabled()
    assert page.get_by_label("Last day to answer").is_enabled()
    assert_accessible(page)


@pytest.mark.browser
def test_a_question_is_made_with_the_keyboard(page, live_server, survey, staff):
    sign_in(page, live_server, staff)
    set_language(page, live_server, "en")
    page.goto(f"/innsikt/undersokingar/{survey.pk}/rediger/")
    page.get_by_label("Kind of question").focus()
    page.keyboard.press("Home")
    page.keyboard.press("ArrowDown")  # several choices
    page.keyboard.press("Tab")
    page.keyboard.type("Kvar jobbar du?")  # the question in bokmål, then nynorsk, then English
    page.keyboard.press("Tab")
    page.keyboard.type("Kvar jobbar du?")
    page.keyboard.press("Tab")
    page.keyboard.type("Where do you work?")
    for choices in (("Heime", "På kontor"), ("Heime", "På kontor"), ("At home", "At an office")):
        page.keyboard.press("Tab")
        page.keyboard.type(choices[0])
        page.keyboard.press("Enter")  # a new line in the text area: the next choice
        page.keyboard.type(choices[1])
    page.keyboard.press("Tab")  # to the button
    page.keyboard.press("Enter")
    page.wait_for_url("**/rediger/")
    assert page.get_by_role("status").inner_text().strip() == "The question is added."
    question = Question.objects.get(survey=survey, text_en="Where do you work?")
    assert question.kind == "multiple" and question.position == 5
    assert question.choices == [
        {"nb": "Heime", "nn": "Heime", "en": "At home"},
        {"nb": "På kontor", "nn": "På kontor", "en": "At an office"},
    ]
    assert page.locator(f"#question-{question.pk}").inner_text().count("At an office") == 1
    assert_accessible(page)
