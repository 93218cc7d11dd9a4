"""Forming a team in a real browser, with the keyboard: a municipal buyer sees the
proposed teams on her need, a freelancer starts a team answer from one of them, the
company in it accepts, and the buyer writes to the team. axe on every page (the need,
the start page, the team page, the invitations, the staff page), in nb, nn and en."""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext

from klynge.directory.models import CompanyRole
from klynge.teams.models import Member, Team, TeamMessage
from tests.browser.conftest import assert_accessible, set_language, sign_in
from tests.browser.test_needs import tab_to
from tests.needs import conftest as needs
from tests.teams import conftest as proposing

# The proposals' buyer, providers and archive need (tests/teams/conftest.py).
poster, providers, make_need = proposing.poster, proposing.providers, needs.make_need


@pytest.fixture
def need(make_need, poster, providers):
    return make_need(poster, **proposing.ARCHIVE_NEED)


@pytest.fixture
def archive_admin(providers):
    """Arkivhuset AS's confirmed admin, who answers for the company."""
    user = needs.make_user("anne@arkivhuset.example", name="Anne Arkiv")
    person = needs.make_person(user, municipality="gol")
    CompanyRole.objects.create(
        company=providers["archive"], person=person, is_admin=True,
        status=CompanyRole.Status.CONFIRMED,
    )  # fmt: skip
    return user


def press(page, locator) -> None:
    tab_to(page, locator)
    page.keyboard.press("Enter")


@pytest.mark.browser
@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_a_buyer_a_freelancer_and_a_company_form_a_team(
    page, live_server, settings, need, poster, providers, archive_admin, staff, language
):
    settings.SITE_URL = live_server.url
    kari = providers["web"].user
    with translation.override(language):
        t = {
            text: gettext(text)
            for text in [
                "Teams that could do it together", "Start a team answer with these",
                "Send the team answer", "Join the team", "You are in the team.", "Send",
                "Your message is sent.", "Team answers", "This field is required.",
                "Who does what",
            ]
        }  # fmt: skip
    set_language(page, live_server, language)

    # The buyer sees the proposed teams, with reasons, on her need.
    sign_in(page, live_server, poster)
    page.goto(need.get_absolute_url())
    proposals = page.locator("#teams")
    assert proposals.get_by_role("heading", name=t["Teams that could do it together"]).is_visible()
    assert "Arkivhuset AS" in proposals.inner_text()
    assert "Skjult Sigrid" not in page.content()
    assert_accessible(page)

    # The freelancer starts a team answer from the proposal she is in.
    sign_in(page, live_server, kari)
    page.goto(need.get_absolute_url())
    card = page.locator("#teams li.card").filter(has_text="Kari Nettside").filter(
        has_text="Arkivhuset AS"
    ).first  # fmt: skip
    press(page, card.get_by_role("button", name=t["Start a team answer with these"]))
    page.wait_for_url(f"{live_server.url}/behov/{need.pk}/lag/")
    assert "Arkivhuset AS" in page.locator("form.stack-form fieldset").inner_text()
    assert_accessible(page)
    # A mistake first: no message. The page says so and nothing is made.
    press(page, page.get_by_role("button", name=t["Send the team answer"]))
    page.get_by_text(t["This field is required."]).first.wait_for()
    assert not Team.objects.exists()
    # The invitees stay.
    assert "Arkivhuset AS" in page.locator("form.stack-form fieldset").inner_text()
    assert_accessible(page)
    tab_to(page, page.locator("#id_part"))
    page.keyboard.type("Nettsida")
    tab_to(page, page.locator("#id_message"))
    page.keyboard.type("Vi kan gjere dette saman: Arkivhuset tek arkivet, eg nettsida.")
    press(page, page.get_by_role("button", name=t["Send the team answer"]))
    page.wait_for_url(re.compile(r"/behov/lag/\d+/$"))
    team = Team.objects.get()
    assert page.url == f"{live_server.url}{team.get_absolute_url()}"
    assert page.get_by_role("heading", name=t["Who does what"]).is_visible()
    invited = team.members.get(company=providers["archive"])
    assert invited.status == Member.Status.INVITED
    assert_accessible(page)

    # The company's admin finds the invitation and accepts.
    sign_in(page, live_server, archive_admin)
    page.goto("/behov/lag/invitasjoner/")
    assert_accessible(page)
    press(page, page.get_by_role("link", name=need.title))
    page.wait_for_url(f"{live_server.url}{team.get_absolute_url()}")
    assert_accessible(page)
    press(page, page.get_by_role("button", name=t["Join the team"]))
    page.get_by_text(t["You are in the team."]).wait_for()
    invited.refresh_from_db()
    assert invited.status == Member.Status.ACCEPTED
    assert "Vi kan gjere dette saman" in page.content()  # now in the thread
    assert_accessible(page)

    # The buyer sees the team on her need and writes to it.
    sign_in(page, live_server, poster)
    page.goto(need.get_absolute_url())
    answers = page.locator("#team-answers")
    assert answers.get_by_role("heading", name=t["Team answers"]).is_visible()
    assert "Arkivhuset AS" in answers.inner_text() and "Kari Nettside" in answers.inner_text()
    press(page, answers.get_by_role("link").first)
    page.wait_for_url(f"{live_server.url}{team.get_absolute_url()}")
    tab_to(page, page.locator("#id_body"))
    page.keyboard.type("Takk! Kan de kome på eit møte?")
    press(page, page.get_by_role("button", name=t["Send"], exact=True))
    page.get_by_text(t["Your message is sent."]).wait_for()
    assert TeamMessage.objects.filter(from_poster=True).get().body.startswith("Takk!")
    assert_accessible(page)

    # Staff see the team formed.
    sign_in(page, live_server, staff)
    page.goto("/behov/lag/oversikt/")
    assert need.title in page.content()
    assert_accessible(page)
