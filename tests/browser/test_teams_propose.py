"""Proposed teams on a need's page in a real browser: a visitor reads who could do the
need together and what each brings, reaches every member by keyboard, and axe finds
nothing, in nb, nn and en."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import gettext

from tests.browser import test_needs as needs
from tests.browser.conftest import assert_accessible, set_language, sign_in
from tests.teams import conftest as teams

# The teams fixtures: the archive need's poster and the providers who could do it together.
make_need, poster, providers = teams.make_need, teams.poster, teams.providers
ARCHIVE_NEED = teams.ARCHIVE_NEED

WEBSITE = {"nb": "Nettside", "nn": "Nettstad", "en": "Website"}


@pytest.mark.browser
@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_a_visitor_reads_the_proposed_teams_with_the_keyboard(
    page,
    live_server,
    make_need,
    poster,
    providers,
    language,
):
    need = make_need(poster, **ARCHIVE_NEED)
    with translation.override(language):
        heading = gettext("Teams that could do it together")
        covered = gettext("%(name)s: covered") % {"name": WEBSITE[language]}
        why = gettext("Why this team:")
    set_language(page, live_server, language)
    page.goto(f"/behov/{need.pk}/")
    section = page.locator("#teams")
    assert section.get_by_role("heading", level=2).inner_text() == heading
    first = section.locator("ol > li").first
    assert "Arkivhuset AS" in first.inner_text()
    assert covered in first.inner_text()
    assert why in first.inner_text()
    assert "Skjult Sigrid" not in page.content()
    assert_accessible(page)

    link = first.get_by_role("link", name="Arkivhuset AS")
    needs.tab_to(page, link, limit=120)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}{providers['archive'].get_absolute_url()}")
    assert "Arkivhuset AS" in page.get_by_role("heading", level=1).inner_text()


@pytest.mark.browser
def test_the_poster_sees_them_beside_the_matches(page, live_server, make_need, poster, providers):
    need = make_need(poster, **ARCHIVE_NEED)
    set_language(page, live_server, "nb")
    sign_in(page, live_server, poster)
    page.goto(f"/behov/{need.pk}/")
    section = page.locator("#teams")
    assert "Lag som kan gjøre det sammen" in section.inner_text()
    assert "Arkivhuset AS" in section.inner_text()
    assert_accessible(page)
