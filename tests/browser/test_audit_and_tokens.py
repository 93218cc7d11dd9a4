"""The audit log (staff) and the API token page: accessible in every language, and by keyboard."""

from __future__ import annotations

import pytest

from klynge.accounts.models import ApiToken
from klynge.audit.models import Action, AuditEntry
from klynge.audit.services import audit_record
from tests.browser.conftest import assert_accessible, set_language, sign_in


@pytest.mark.browser
@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_audit_log_has_no_wcag_violations(page, live_server, staff, user, language):
    for _ in range(3):
        audit_record(actor=staff, action=Action.NEED_APPROVE, target=user, summary="ok")
    sign_in(page, live_server, staff)
    set_language(page, live_server, language)
    page.goto("/stab/logg/?handling=need.approve")
    page.locator("table").wait_for()
    assert page.locator("tbody tr").count() == 3
    assert_accessible(page)


@pytest.mark.browser
def test_the_audit_log_filters_with_the_keyboard(page, live_server, staff, user):
    audit_record(actor=staff, action=Action.NEED_APPROVE, target=user, summary="approved")
    audit_record(actor=staff, action=Action.EVENT_CANCEL, target=user, summary="cancelled")
    sign_in(page, live_server, staff)
    set_language(page, live_server, "en")
    page.goto("/stab/logg/")
    page.locator("#id_handling").focus()
    page.keyboard.type("Event cancelled")  # a closed list picks the option typed
    assert page.locator("#id_handling").input_value() == "event.cancel"
    page.keyboard.press("Tab")
    page.keyboard.type("staff@")
    page.keyboard.press("Enter")
    page.wait_for_url("**handling=event.cancel**")
    assert page.locator("tbody tr").count() == 1
    assert "cancelled" in page.locator("tbody").inner_text()


@pytest.mark.browser
@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_token_page_has_no_wcag_violations(page, live_server, user, language):
    sign_in(page, live_server, user)
    set_language(page, live_server, language)
    page.goto("/konto/tokens/")
    page.locator("#id_name").wait_for()
    assert_accessible(page)  # empty
    page.fill("#id_name", "Ukerapport")
    page.locator("#id_name").press("Enter")
    page.locator("#new-token").wait_for()
    assert page.locator("tbody tr").count() == 1
    assert_accessible(page)  # with the new secret and the list


@pytest.mark.browser
def test_a_token_is_made_and_revoked_with_the_keyboard(page, live_server, user):
    sign_in(page, live_server, user)
    set_language(page, live_server, "en")
    page.goto("/konto/tokens/")
    page.locator("#id_name").focus()
    page.keyboard.type("Backup script")
    page.keyboard.press("Tab")  # to the first scope choice, "Read only"
    page.keyboard.press("ArrowDown")  # "Read and write"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # "Make token"
    secret = page.locator("#new-token").input_value()
    token = ApiToken.objects.get()
    assert secret.startswith(token.prefix) and token.scope == "write"
    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Revoke Backup script").focus()
    page.keyboard.press("Enter")
    # The page was already /konto/tokens/: wait for the answer to the POST, not the address.
    page.get_by_text("The token is revoked").wait_for()
    assert "The token is revoked" in page.locator("main").inner_text()
    assert questions == ["Revoke this token? Scripts that use it stop working at once."]
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEntry.objects.filter(action=Action.TOKEN_REVOKE).count() == 1
