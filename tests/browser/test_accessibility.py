import pytest

from tests.browser.conftest import assert_accessible, set_language

PAGES = [
    ("/", "h1"),
    ("/konto/login/", "form"),
    ("/konto/signup/", "form"),
    ("/konto/login/code/", "form"),
    ("/konto/password/reset/", "form"),
    ("/tilgjengelighet/", "h1"),
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
