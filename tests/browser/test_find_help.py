import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from klynge.directory import documents
from klynge.directory.models import Company
from tests.browser.conftest import assert_accessible, set_language, sign_in
from tests.browser.test_needs import poster, tab_to  # noqa: F401 (a fixture)


@pytest.fixture
def web_shop(taxonomy):
    company = Company.objects.create(
        name="Fjellkode AS", municipality="aal", description="Vi lagar nettbutikkar.",
        services=["Nettbutikk"],
    )  # fmt: skip
    documents.refresh_companies([company.pk])
    return company


@pytest.mark.browser
@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_find_help_page_has_no_wcag_violations(page, live_server, web_shop, language):
    set_language(page, live_server, language)
    page.goto("/finn-hjelp/?beskriving=nettbutikk")
    page.get_by_text("Fjellkode AS").wait_for()
    assert_accessible(page)


@pytest.mark.browser
def test_matches_appear_while_typing_and_the_address_follows(page, live_server, web_shop):
    set_language(page, live_server, "nn")
    page.goto("/finn-hjelp/")
    page.get_by_label("Kva treng du hjelp til?").fill("Kundane skal kunne kjøpe på ein webshop")
    page.locator("#matches").get_by_text("Fjellkode AS").wait_for()
    assert "beskriving=" in page.url
    page.get_by_label("Kva treng du hjelp til?").fill("kaffi og vaflar")
    page.locator("#matches").get_by_text("Fjellkode AS").wait_for(state="detached")


@pytest.mark.browser
@pytest.mark.parametrize("language", ["nb", "nn"])
def test_she_ticks_and_takes_it_to_the_need_form(page, live_server, poster, language):  # noqa: F811
    """With the shipped taxonomy: the page says what it read and offers boxes; a
    keyboard user ticks one with Space and updates the matches with Enter, the
    focus stays on the button, and "Post the need" opens the need form with her
    words, the box ticked and the matches beside it (docs/matching.md, "The poster
    ticks")."""
    shop = Company.objects.create(
        name="Butikkbyggarane AS", municipality="hol", description="Vi set opp sal på nett.",
        services=["Nettbutikk"],
    )  # fmt: skip
    documents.refresh_companies([shop.pk])

    def t(text: str) -> str:
        with translation.override(language):
            return translation.gettext(text)

    set_language(page, live_server, language)
    sign_in(page, live_server, poster)
    page.goto("/finn-hjelp/")
    words = (
        "Hjemmeside for gårdsbutikken. Folk skal bestille kjøtt og egg, betale og få "
        "varene sendt hjem."
    )
    page.get_by_label(t("What do you need help with?")).fill(words)
    box = page.locator("#matches").get_by_role("checkbox", name="Nettbutikk")
    box.wait_for()
    assert t("We read that you need:") in page.locator("#matches").inner_text()
    assert not box.is_checked()
    assert_accessible(page)
    tab_to(page, box)
    page.keyboard.press("Space")
    again = page.get_by_role("button", name=t("Update the matches"))
    tab_to(page, again)
    with page.expect_response(lambda r: "kompetanse=nettbutikk" in r.url):
        page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"kompetanse=nettbutikk"))  # the address follows
    assert page.locator("#matches").get_by_role("checkbox", name="Nettbutikk").is_checked()
    assert page.evaluate("document.activeElement.id") == "find-help-again"
    assert "Butikkbyggarane AS" in page.locator("#matches .match-list").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name=t("Post the need so they can answer")).click()
    page.wait_for_url(re.compile(r"/behov/nytt/\?"))
    assert page.locator("#id_description").input_value() == words
    live = page.locator("#live-matches")
    assert live.get_by_role("checkbox", name="Nettbutikk").is_checked()
    assert "Butikkbyggarane AS" in live.inner_text()
    assert_accessible(page)


@pytest.mark.browser
def test_without_javascript_the_boxes_go_with_the_form(browser, live_server):
    """A plain GET: the ticked box, outside the form's element, is sent with it."""
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    set_language(page, live_server, "nb")
    page.goto("/finn-hjelp/?beskriving=Hjemmeside+der+folk+kan+bestille+og+betale+p%C3%A5+nett")
    page.locator("#matches").get_by_role("checkbox", name="Nettbutikk").check()
    page.get_by_role("button", name="Oppdater treffene").click()
    page.wait_for_url(re.compile(r"kompetanse=nettbutikk"))
    assert page.locator("#matches").get_by_role("checkbox", name="Nettbutikk").is_checked()
    context.close()


@pytest.mark.browser
def test_a_swap_applies_no_inline_style(page, live_server):
    """htmx carries "settle" attributes over from an element to the one that replaces
    it. A style attribute there, even an empty one that a script left behind (Playwright's
    screenshots do), would be applied inline against the CSP: base.html's htmx-config
    settles no style. The page fixture fails the test on the console's CSP error."""
    set_language(page, live_server, "nb")
    page.goto("/finn-hjelp/?beskriving=Hjemmeside+der+folk+kan+bestille+og+betale+p%C3%A5+nett")
    box = page.locator("#kompetanse-nettbutikk")
    box.evaluate("el => { el.style.caretColor = 'red'; el.style.removeProperty('caret-color'); }")
    assert box.get_attribute("style") == ""
    with page.expect_response(lambda r: "kommune=gol" in r.url):
        page.locator("#id_kommune").select_option("gol")
    expect(page.locator(".htmx-request, .htmx-swapping, .htmx-settling")).to_have_count(0)
    assert page.locator("#kompetanse-nettbutikk").get_attribute("style") is None
