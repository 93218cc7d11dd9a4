from datetime import timedelta

import pytest
from django.utils import timezone

from klynge.needs.models import Need
from tests.browser.conftest import assert_accessible, set_language

PAGES = [
    ("/", "h1"),
    ("/konto/login/", "form"),
    ("/konto/signup/", "form"),
    ("/konto/login/code/", "form"),
    ("/konto/password/reset/", "form"),
    ("/tilgjengelighet/", "h1"),
    ("/personvern/", "table"),
    ("/no-such-page/", "h1"),
]


@pytest.mark.browser
@pytest.mark.parametrize("language", ["nb", "nn", "en"])
@pytest.mark.parametrize("path,ready", PAGES)
def test_the_page_has_no_wcag_violations(page, live_server, language, path, ready):
    set_language(page, live_server, language)
    page.goto(path)
    page.wait_for_selector(ready)
    assert page.get_attribute("html", "lang") == language
    assert_accessible(page)


@pytest.mark.browser
def test_the_skip_link_is_the_first_stop_and_moves_focus_to_main(page, live_server):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.fixture
def front_page_content(staff, make_event):
    make_event(title="Frokostmøte om KI", starts_at=timezone.now() + timedelta(days=3), capacity=30)
    Need.objects.create(
        title="Nettbutikk for gardsutsalget", description="Vi sel kjøt og ost.", poster=staff,
        municipality="hol", status=Need.Status.OPEN, published_at=timezone.now(),
    )  # fmt: skip


@pytest.mark.browser
@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_front_page_with_events_and_needs_has_no_wcag_violations(
    page, live_server, front_page_content, language
):
    set_language(page, live_server, language)
    page.goto("/")
    page.locator("#events-heading").wait_for()
    assert page.locator("#needs-heading").is_visible()
    assert_accessible(page)


@pytest.mark.browser
def test_the_keyboard_reaches_the_next_event_and_need_from_the_front_page(
    page, live_server, front_page_content
):
    page.goto("/")
    reached = []
    while len(reached) < 40 and (not reached or reached[-1] != "Nettbutikk for gardsutsalget"):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.textContent.trim()"))
    assert "Frokostmøte om KI" in reached  # the event comes before the need
    assert reached[-1] == "Nettbutikk for gardsutsalget"
    page.keyboard.press("Enter")
    page.wait_for_url("**/behov/*/")
    assert page.locator("h1").inner_text() == "Nettbutikk for gardsutsalget"
