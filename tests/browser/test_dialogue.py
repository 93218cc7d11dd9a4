"""A market-dialogue meeting in a real browser, with the keyboard only: the poster
holds one from the need's page, corrects a mistake, invites the matching firm, and
the event page leads back to the need. axe on every page, in nb, nn and en."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import gettext, ngettext

from klynge.dialogue.models import Meeting, MeetingInvitation
from tests.browser import test_needs as needs
from tests.browser.conftest import assert_accessible, set_language, sign_in
from tests.conftest import run_tasks

# The needs story's taxonomy, firm and poster.
web_taxonomy, provider, poster = needs.web_taxonomy, needs.provider, needs.poster
HOLD = {
    "nb": "Hold et markedsdialogmøte",
    "nn": "Hold eit marknadsdialogmøte",
    "en": "Hold a market dialogue meeting",
}


@pytest.mark.browser
@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_poster_holds_a_meeting_and_invites_with_the_keyboard(
    page, live_server, settings, provider, poster, staff, language
):
    settings.SITE_URL = live_server.url
    need = needs.publish(poster, staff, title=needs.TITLE, municipality="gol")
    run_tasks()  # the approval's emails
    with translation.override(language):
        t = {
            text: gettext(text)
            for text in [
                "This field is required.",
                "Publish the meeting",
                "The meeting is published. Now choose whom to invite.",
                "Send the invitations",
                "A market dialogue meeting about the need:",
                "Market dialogue meetings",
            ]
        }
        sent = ngettext("%(count)s provider is invited.", "%(count)s providers are invited.", 1)
    set_language(page, live_server, language)
    sign_in(page, live_server, poster)

    page.goto(f"/behov/{need.pk}/")
    assert_accessible(page)
    hold = page.get_by_role("link", name=HOLD[language])
    needs.tab_to(page, hold)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/behov/{need.pk}/markedsdialog/")
    assert page.get_by_role("heading", level=1).inner_text() == HOLD[language]
    title = page.locator("#id_title")
    assert needs.TITLE in title.input_value()  # a default from the need
    assert_accessible(page)

    # A mistake: the title left empty. The page says so and nothing is made.
    needs.tab_to(page, title)
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    needs.tab_to(page, page.get_by_role("button", name=t["Publish the meeting"]))
    page.keyboard.press("Enter")
    page.get_by_text(t["This field is required."]).wait_for()
    assert not Meeting.objects.exists()
    assert_accessible(page)

    needs.tab_to(page, page.locator("#id_title"))
    page.keyboard.type("Marknadsdialog om betaling på nett")
    needs.tab_to(page, page.locator("#id_venue"))
    page.keyboard.type("Gol kulturhus")
    needs.tab_to(page, page.get_by_role("button", name=t["Publish the meeting"]))
    page.keyboard.press("Enter")
    page.get_by_text(t["The meeting is published. Now choose whom to invite."]).wait_for()
    meeting = Meeting.objects.get()
    assert meeting.event.venue == "Gol kulturhus"
    assert_accessible(page)

    # The firm that matches is offered; the poster ticks it and sends.
    firm = page.get_by_role("checkbox", name="Fjellkode AS")
    needs.tab_to(page, firm)
    page.keyboard.press("Space")
    assert firm.is_checked()
    needs.tab_to(page, page.get_by_role("button", name=t["Send the invitations"]))
    page.keyboard.press("Enter")
    page.get_by_text(sent % {"count": 1}).wait_for()
    assert page.url == f"{live_server.url}/behov/markedsdialog/{meeting.pk}/"
    assert page.get_by_role("checkbox", name="Fjellkode AS").count() == 0
    assert page.locator("#invited-heading + ul").inner_text() == "Fjellkode AS"
    assert MeetingInvitation.objects.get().company == provider
    assert_accessible(page)
    [invitation] = [m for m in run_tasks() if m.to == [needs.admin_of(provider).email]]
    assert f"/arrangement/{meeting.event.slug}/meld-pa/" in invitation.body

    # The event page names the need; the need page lists the meeting.
    page.goto(meeting.event.get_absolute_url())
    assert page.get_by_text(t["A market dialogue meeting about the need:"]).is_visible()
    assert_accessible(page)
    page.get_by_role("link", name=needs.TITLE).click()
    page.wait_for_url(f"{live_server.url}/behov/{need.pk}/")
    section = page.locator("#meetings")
    assert section.get_by_role("heading", name=t["Market dialogue meetings"]).is_visible()
    assert section.get_by_role("link", name="Marknadsdialog om betaling på nett").is_visible()
