"""The first week of real users, one story each, walked end to end in bokmål and
nynorsk on the demo site: every page on the way has zero axe violations and
does not scroll sideways on a 360 px phone or a 1366 px desktop (screenshots of
both are kept in the test's folder).

The words the test clicks come from our own catalogues in the story's language,
so a missing translation shows up as a page in the wrong language.
"""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from klynge.accounts.models import User
from klynge.accounts.services import user_create
from klynge.dialogue.models import Meeting
from klynge.needs.models import Need
from tests.browser.conftest import assert_accessible, set_language, sign_in
from tests.conftest import PASSWORD, run_tasks
from tests.core.conftest import media  # noqa: F401 (a fixture)

LANGUAGES = ["nb", "nn"]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1366, "height": 900}
# Words that must never be given as the reason for a match: places and filler.
FILLER = {"gol", "dag", "tar", "kjem", "open", "ein", "en", "kundane", "kundene", "våre"}


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", stdout=io.StringIO())


class Walk:
    """One person's way through the site: looks at each page as it comes."""

    def __init__(self, page, language: str, folder):
        self.page, self.language, self.folder = page, language, folder
        self.seen = 0

    def t(self, text: str) -> str:
        with translation.override(self.language):
            return translation.gettext(text)

    def look(self) -> None:
        """The page is in the story's language, accessible, and fits a phone and a desktop."""
        page = self.page
        page.wait_for_load_state()
        assert page.get_attribute("html", "lang") == self.language, page.url
        assert_accessible(page)
        self.seen += 1
        for viewport in (PHONE, DESKTOP):
            page.set_viewport_size(viewport)
            name = f"{self.seen:02d}-{viewport['width']}.png"
            page.screenshot(path=str(self.folder / name), full_page=True)
            width = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert width <= 0, f"{page.url} scrolls sideways at {viewport['width']} px"


def text_of(page) -> str:
    return page.locator("main").inner_text()


@pytest.mark.browser
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_bakery_owner_finds_help_and_posts_her_need(
    page, live_server, demo, staff, language, tmp_path
):
    walk = Walk(page, language, tmp_path)
    baker = user_create(
        email="bakar@example.org", password=PASSWORD, name="Berit Bakar", email_verified=True
    )
    sign_in(page, live_server, baker)
    set_language(page, live_server, language)

    # The front page's search box goes to "Find help" with her words.
    page.goto("/")
    walk.look()
    words = "Kundane våre må kunne bestille kaker og betale på nett i ein nettbutikk"
    page.get_by_label(walk.t("What do you need help with?")).fill(words)
    page.get_by_label(walk.t("What do you need help with?")).press("Enter")
    page.wait_for_url(re.compile(r"/finn-hjelp/\?"))
    walk.look()
    cards = page.locator(".match-list > li")
    assert cards.count() >= 1
    shown = text_of(page)
    labels = [walk.t("Strong match"), walk.t("Good match"), walk.t("Possible match")]
    assert any(label in shown for label in labels)
    assert not re.search(r"\b0[,.]\d\d\b", shown), "a raw score is shown"
    for reason in page.locator(".match-list .why").all_inner_texts():
        named = {word.strip().lower() for word in reason.split(":", 1)[1].split(",")}
        assert not named & FILLER, reason

    # She chooses her municipality, then posts the need: her words come along.
    page.locator("#id_kommune").select_option("gol")
    page.get_by_role("button", name=walk.t("Find help")).last.click()
    page.wait_for_url(re.compile(r"kommune=gol"))
    page.get_by_role("link", name=walk.t("Post the need so they can answer")).click()
    page.wait_for_url(re.compile(r"/behov/nytt/"))
    walk.look()
    assert page.locator("#id_title").input_value() == words
    assert page.locator("#id_municipality").input_value() == "gol"
    page.get_by_role("button", name=walk.t("Post the need"), exact=True).click()
    page.wait_for_url(re.compile(r"/behov/\d+/$"))
    walk.look()

    # A first need waits for the hub; nothing promises what is not there yet.
    need = Need.objects.get(poster=baker)
    assert need.status == Need.Status.PENDING
    shown = text_of(page)
    waiting = walk.t(
        "The hub looks at a first need before it is published. You get an email when it is out."
    )
    assert waiting in shown
    assert "invite them below" not in shown and walk.t("Mark as filled") not in shown
    # She is a customer: the menu offers to provide services, not "my profile".
    menu = page.locator("header nav").first.text_content()
    assert walk.t("Offer your services") in menu and walk.t("My profile") not in menu

    # Once the hub has published it, her need page shows who can help, in words.
    from klynge.needs import services

    services.need_approve(need=need, by=staff)
    page.reload()
    walk.look()
    shown = text_of(page)
    assert walk.t("Who can help") in shown
    assert not re.search(r"\b0[,.]\d\d\b", shown)
    assert walk.t("Mark as filled") not in shown  # nobody has answered yet
    # Every invite button reaches someone; the others say the hub can put her in
    # touch, and one notice above the list gives the hub's address once.
    cards = page.locator("#matches .match-list > li").all()
    assert cards, "no provider is suggested for a web shop"
    unreachable = 0
    for card in cards:
        card_text = card.inner_text()
        has_button = card.get_by_role("button").count() > 0
        not_here = walk.t("Not on the site yet: the hub can put you in touch.") in card_text
        assert has_button or not_here or walk.t("Has answered") in card_text
        unreachable += not_here
    notice = page.locator("#matches p.notice")
    assert notice.count() == (1 if unreachable else 0)
    if unreachable:
        assert notice.get_by_role("link").first.get_attribute("href").startswith("mailto:")
        assert notice.inner_text().startswith(str(unreachable))


@pytest.mark.browser
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_freelancer_makes_her_profile_and_is_found(page, live_server, demo, language, tmp_path):
    walk = Walk(page, language, tmp_path)
    set_language(page, live_server, language)
    email = f"frilans-{language}@example.org"

    page.goto("/")
    walk.look()
    page.get_by_role("link", name=walk.t("Create your profile")).click()
    page.wait_for_url(re.compile(r"/konto/signup/\?next="))
    walk.look()
    page.locator("#id_email").fill(email)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("#id_password2").press("Enter")
    page.wait_for_url("**/konto/confirm-email/")
    walk.look()

    # The email's link confirms her address and brings her back to the profile form.
    sent = [m for m in run_tasks() if m.to == [email]]
    assert len(sent) == 1
    link = re.search(r"https?://\S+/konto/confirm-email/\S+/", sent[0].body)[0]
    page.goto(link)
    walk.look()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/katalog/profil/$"))
    walk.look()

    page.locator("#id_name").fill("Hege Hemsedal")
    page.locator("#id_headline").fill("Nettsider og nettbutikkar for reiseliv")
    page.locator("#id_municipality").select_option("hemsedal")
    page.locator("#id_bio").fill("Eg lagar nettsider og bookingløysingar for hytteutleige.")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/katalog/folk/\d+/$"))
    walk.look()
    assert page.get_by_role("heading", level=1).inner_text() == "Hege Hemsedal"

    # Anyone can now find her in the directory under Hemsedal.
    page.goto("/katalog/?kommune=hemsedal")
    walk.look()
    assert "Hege Hemsedal" in text_of(page)


@pytest.mark.browser
@pytest.mark.usefixtures("media")
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_public_buyer_posts_a_large_need_with_its_papers(
    page, live_server, demo, language, tmp_path
):
    walk = Walk(page, language, tmp_path)
    # The demo's Hol kommune is a public body in the register; this is its IT contact.
    buyer = User.objects.get(email="it@hol.example.org")
    sign_in(page, live_server, buyer)
    set_language(page, live_server, language)

    page.goto("/behov/nytt/")
    walk.look()
    page.locator("#id_title").fill("Ny nettstad med timebestilling for innbyggjarane")
    page.locator("#id_description").fill(
        "Kommunen skal lage ny nettstad med god universell utforming, der alle innbyggjarane "
        "kan bestille time og lese om tenestene."
    )
    page.locator("#id_municipality").select_option("hol")
    in_150_days = timezone.localdate() + timedelta(days=150)
    page.locator("#id_deadline").fill(in_150_days.isoformat())
    page.get_by_label(walk.t("The public sector")).check()
    page.get_by_label(walk.t("Over 10 million kr")).check()
    page.locator("#id_organisation").fill("Hol kommune")
    page.locator("#id_tender_url").fill("https://doffin.no/notices/2026-123")
    page.get_by_role("button", name=walk.t("Post the need"), exact=True).click()
    page.wait_for_url(re.compile(r"/behov/\d+/$"))
    walk.look()

    # A verified public body skips the first-need approval and is shown as a public buyer.
    need = Need.objects.get(title__startswith="Ny nettstad med timebestilling")
    assert need.status == Need.Status.OPEN
    assert (need.deadline, need.budget) == (in_150_days, Need.Budget.OVER_10M)
    shown = text_of(page)
    assert walk.t("public buyer") in shown and "Hol kommune" in shown
    tender = page.get_by_role("link", name=walk.t("See the tender notice"))
    assert tender.get_attribute("href") == "https://doffin.no/notices/2026-123"

    # The requirements go along as a PDF that only those who may see the need can fetch.
    pdf = tmp_path / "Krav.pdf"
    pdf.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n")
    page.goto(f"/behov/{need.pk}/endre/")
    walk.look()
    page.locator("#attachments input[type=file][name=file]").set_input_files(str(pdf))
    page.locator("#attachments button.button-secondary").click()
    page.wait_for_url(f"**/behov/{need.pk}/endre/*")
    page.goto(f"/behov/{need.pk}/")
    walk.look()
    assert page.locator(".attachment-list a").inner_text() == "Krav.pdf"

    # Before the tender she invites the matching providers to a market dialogue meeting.
    page.get_by_role("link", name=walk.t("Hold a market dialogue meeting")).click()
    page.wait_for_url(f"**/behov/{need.pk}/markedsdialog/")
    walk.look()
    page.locator("#id_venue").fill("Hol kommunehus")
    page.get_by_role("button", name=walk.t("Publish the meeting")).click()
    page.wait_for_url("**/behov/markedsdialog/*/")
    walk.look()
    boxes = page.get_by_role("checkbox")
    assert boxes.count() >= 1, text_of(page)
    boxes.first.check()
    page.get_by_role("button", name=walk.t("Send the invitations")).click()
    page.wait_for_load_state()
    walk.look()
    meeting = Meeting.objects.get(need=need)
    assert meeting.invitations.count() == 1
    assert meeting.event.venue == "Hol kommunehus"


@pytest.mark.browser
@pytest.mark.parametrize("language", LANGUAGES)
def test_staff_run_the_queue_and_others_are_kept_out(
    page, live_server, demo, staff, user, language, tmp_path
):
    walk = Walk(page, language, tmp_path)
    # A signed-in person who is not staff meets the site's own refusal page.
    sign_in(page, live_server, user)
    set_language(page, live_server, language)
    response = page.goto("/katalog/stab/")
    assert response.status == 403
    walk.look()
    assert "/admin/login" not in page.url

    # Staff see the queues and approve a waiting need.
    page.context.clear_cookies()
    sign_in(page, live_server, staff)
    set_language(page, live_server, language)
    page.goto("/katalog/stab/")
    walk.look()
    page.goto("/behov/godkjenning/")
    walk.look()
    waiting = Need.objects.filter(status=Need.Status.PENDING).first()
    assert waiting is not None and waiting.title in text_of(page)
    card = page.locator("li.card", has_text=waiting.title)
    card.get_by_role("button", name=walk.t("Approve"), exact=True).click()
    page.wait_for_load_state()
    walk.look()
    waiting.refresh_from_db()
    assert waiting.status == Need.Status.OPEN

    # The admin speaks the staff member's language.
    page.goto("/admin/")
    index = page.locator("#content-main").inner_text()
    for english in ("Alert settingss", "Invitations", "PUBLISHED AT"):
        assert english not in index
