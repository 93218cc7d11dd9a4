import pytest

from klynge.directory import documents
from klynge.directory.models import Company
from tests.browser.conftest import assert_accessible, set_language


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
