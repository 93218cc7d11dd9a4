import re

import pytest

from tests.browser.conftest import assert_accessible
from tests.conftest import PASSWORD, run_tasks


@pytest.mark.browser
def test_sign_up_verify_sign_in_switch_language_and_sign_out(page, live_server):
    email = "siri@example.org"

    # Sign up from the front page, with the keyboard only.
    page.goto("/")
    page.get_by_role("link", name="Bli med", exact=True).first.click()
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Passord:", exact=True).fill(PASSWORD)
    page.get_by_label("Passord (gjenta)").fill(PASSWORD)
    page.get_by_label("Passord (gjenta)").press("Enter")
    page.wait_for_url("**/konto/confirm-email/")
    assert_accessible(page)

    # The worker sends the verification email; follow its link.
    sent = run_tasks()
    assert [m.to for m in sent] == [[email]]
    link = re.search(r"https?://\S+/konto/confirm-email/\S+/", sent[0].body)[0]
    page.goto(link)
    assert_accessible(page)
    page.get_by_role("button", name="Bekreft").click()
    expect_signed_in(page, "Logg ut")

    # Sign out, then sign in again with the password.
    page.get_by_role("button", name="Logg ut").click()
    page.get_by_role("link", name="Logg inn").first.click()
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Passord:", exact=True).fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Logg inn").click()
    expect_signed_in(page, "Logg ut")

    # Switch to nynorsk, then English; the choice follows to the next page.
    page.get_by_role("button", name="Nynorsk").click()
    assert page.get_attribute("html", "lang") == "nn"
    page.get_by_role("button", name="English").click()
    assert page.get_attribute("html", "lang") == "en"
    page.goto("/tilgjengelighet/")
    assert page.get_by_role("heading", level=1).inner_text() == "Accessibility statement"

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/$"))
    assert page.get_by_role("link", name="Sign in").first.is_visible()
    assert page.get_by_role("button", name="Sign out").count() == 0


def expect_signed_in(page, sign_out_label: str) -> None:
    page.get_by_role("button", name=sign_out_label).wait_for()
