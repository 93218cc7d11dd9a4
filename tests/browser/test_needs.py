"""The needs board in a real browser: the whole story from a posted need to a
filled one, axe on every needs page in three languages, and the list filters
with and without JavaScript."""

from __future__ import annotations

import copy
import json
import re

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from klynge.accounts.services import user_create
from klynge.competence import vocabulary
from klynge.competence.taxonomy import taxonomy_load
from klynge.directory import documents
from klynge.directory.models import Company, CompanyRole, Person
from klynge.needs import services
from klynge.needs.jobs import outcome_token
from klynge.needs.models import Message, Need
from tests.browser.conftest import assert_accessible, set_language, sign_in
from tests.conftest import PASSWORD, SMALL_TAXONOMY, run_tasks

TITLE = "Guests should be able to pay online in our web shop"
HUB = settings.KLYNGE_HUB["name"]


@pytest.fixture
def web_taxonomy(db, tmp_path):
    """The tests' small taxonomy, with two English synonyms the shipped one has too."""
    data = copy.deepcopy(SMALL_TAXONOMY)
    extra = {"nettbutikk": ["web shop"], "betaling-pa-nett": ["pay online"]}
    for competence in data["competences"]:
        competence["synonyms"].setdefault("en", []).extend(extra.get(competence["slug"], []))
    path = tmp_path / "taxonomy.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    taxonomy_load(path=path)
    vocabulary.bump()


@pytest.fixture
def provider(web_taxonomy):
    """A web-shop firm and its confirmed admin, who has a profile of their own."""
    user = user_create(
        email="petter@example.org", password=PASSWORD, name="Petter Provider",
        email_verified=True, language="en",
    )  # fmt: skip
    person = Person.objects.create(user=user, name=user.name, municipality="gol")
    company = Company.objects.create(
        name="Fjellkode AS", municipality="aal", description="Vi lagar nettbutikkar med Vipps.",
        services=["Nettbutikk", "Betaling på nett"],
    )  # fmt: skip
    CompanyRole.objects.create(
        company=company, person=person, is_admin=True, status=CompanyRole.Status.CONFIRMED
    )
    documents.refresh_people([person.pk])
    documents.refresh_companies([company.pk])
    return company


@pytest.fixture
def poster(db):
    """A business owner: verified email, no earlier needs, no directory profile."""
    return user_create(
        email="bodil@example.org", password=PASSWORD, name="Bodil Butikk",
        email_verified=True, language="en",
    )  # fmt: skip


def admin_of(company):
    return company.roles.get().person.user


def publish(poster, staff, **fields) -> Need:
    """A need as the board shows it: submitted, and approved if it had to wait."""
    need = services.need_create(poster=poster, **fields)
    if need.status == Need.Status.PENDING:
        services.need_approve(need=need, by=staff)
    return need


def mail_to(mails, user, subject: str):
    (message,) = [m for m in mails if m.to == [user.email]]
    assert message.subject == f"[{HUB}] {subject}"
    return message


def tab_to(page, locator, limit: int = 80) -> None:
    """Press Tab until ``locator`` has the keyboard focus, as a keyboard user would."""
    element = locator.element_handle()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if element.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {locator}")


@pytest.mark.browser
def test_a_need_goes_from_posted_to_filled(page, live_server, settings, provider, poster, staff):
    settings.SITE_URL = live_server.url  # the links in the emails lead to this server
    provider_user = admin_of(provider)
    set_language(page, live_server, "en")

    # The owner describes the need with the keyboard only; the firm appears while they type.
    sign_in(page, live_server, poster)
    page.goto("/behov/nytt/")
    tab_to(page, page.get_by_label("What do you want to achieve?"))
    page.keyboard.type(TITLE)
    live = page.locator("#live-matches")
    live.get_by_role("link", name="Fjellkode AS").wait_for()
    assert "Online store" in live.inner_text()  # says why
    assert "We read that you need:" in live.inner_text()  # and what it understood
    assert_accessible(page)
    page.keyboard.press("Tab")
    page.keyboard.type("Today people call us and pay with **Vipps** when they pick up.")
    page.keyboard.press("Tab")
    page.keyboard.type("Gol")  # type-ahead in the focused select
    assert page.get_by_label("Where?").input_value() == "gol"
    tab_to(page, page.get_by_role("button", name="Post the need"))
    page.keyboard.press("Enter")
    page.get_by_text("The hub looks at a first need before it is published").first.wait_for()
    need = Need.objects.get(poster=poster)
    assert page.url == f"{live_server.url}/behov/{need.pk}/"
    assert need.status == Need.Status.PENDING
    assert need.municipality == "gol"
    assert page.get_by_text("Waiting for approval", exact=True).is_visible()
    with translation.override(staff.language):  # staff read it in their own language
        waiting = gettext("A need waits for approval: %(title)s") % {"title": TITLE}
    mail_to(run_tasks(), staff, waiting)

    # Staff approve it in the queue.
    sign_in(page, live_server, staff)
    page.goto("/behov/godkjenning/")
    card = page.get_by_role("listitem").filter(has_text=TITLE)
    card.get_by_role("button", name="Approve").click()
    page.get_by_text("Approved. The need is published.").wait_for()
    assert page.get_by_text("No needs are waiting.").is_visible()
    need.refresh_from_db()
    assert need.status == Need.Status.OPEN

    # The worker tells the poster and the matching firm's admin.
    mails = run_tasks()
    mail_to(mails, poster, f"Your need is published: {TITLE}")
    match_mail = mail_to(mails, provider_user, f"A need that matches you: {TITLE}")
    need_url = f"{live_server.url}/behov/{need.pk}/"
    assert need_url in match_mail.body.split()

    # The admin opens the link and answers for the firm.
    sign_in(page, live_server, provider_user)
    page.goto(need_url)
    assert page.get_by_role("heading", name="Answer the need").is_visible()
    page.get_by_label("Answer as").select_option(label="Fjellkode AS")
    page.get_by_label("Your answer").fill("We build web shops with Vipps and card payment.")
    page.get_by_role("button", name="Send the answer").click()
    page.wait_for_url(re.compile(r"/behov/svar/\d+/$"))
    page.get_by_text("Your answer is sent.").wait_for()
    thread_url = page.url
    assert page.get_by_role("heading", level=1).inner_text() == "Conversation with Fjellkode AS"

    # The poster gets an email, opens the thread from it and replies.
    answer_mail = mail_to(run_tasks(), poster, f"New answer to your need: {TITLE}")
    assert "We build web shops with Vipps" in answer_mail.body
    (link,) = re.findall(r"https?://\S+/behov/svar/\d+/", answer_mail.body)
    assert link == thread_url
    sign_in(page, live_server, poster)
    page.goto(link)
    page.get_by_label("Message").fill("Sounds good. Can you come by on Monday?")
    page.get_by_role("button", name="Send", exact=True).click()
    page.get_by_text("Your message is sent.").wait_for()
    assert page.locator(".thread li").count() == 2
    message_mail = mail_to(run_tasks(), provider_user, f"New message about: {TITLE}")
    assert "Can you come by on Monday?" in message_mail.body
    assert thread_url in message_mail.body

    # The poster marks the need filled by the firm, again with the keyboard.
    page.goto(need_url)
    who = page.get_by_label("Who got it?")
    tab_to(page, who)
    page.keyboard.press("ArrowDown")
    assert who.locator("option:checked").inner_text() == "Fjellkode AS"
    tab_to(page, page.get_by_role("button", name="Mark as filled"))
    page.keyboard.press("Space")
    page.get_by_text("Marked as filled. Congratulations!").wait_for()
    assert page.get_by_text("Filled by Fjellkode AS").is_visible()
    assert page.locator(".event-badges .badge").inner_text() == "Filled"
    assert page.get_by_label("Who got it?").count() == 0  # nothing left to settle

    need.refresh_from_db()
    assert need.status == Need.Status.FILLED
    assert need.filled_by_company == provider
    assert need.filled_by_person is None
    assert need.settled_at is not None
    thread = Message.objects.filter(answer__need=need).order_by("created_at", "pk")
    assert [m.from_poster for m in thread] == [False, True]
    mail_to(run_tasks(), provider_user, f"The need is settled: {TITLE}")


@pytest.mark.browser
@pytest.mark.parametrize("language", ["nb", "nn"])
def test_the_poster_ticks_what_the_words_missed(page, live_server, poster, language):
    """With the shipped taxonomy: the form offers the competences the words point to,
    a keyboard user ticks one with Space, it stays ticked while they write on, and it
    is kept with the need (docs/matching.md, "The poster ticks")."""
    set_language(page, live_server, language)
    sign_in(page, live_server, poster)
    page.goto("/behov/nytt/")
    page.locator("#id_title").fill("Hjemmeside for gårdsbutikken")
    page.locator("#id_description").fill(
        "Vi vil at folk kan bestille kjøtt og egg, betale og få varene sendt hjem i posten."
    )
    shop = page.locator("#live-matches").get_by_role("checkbox", name="Nettbutikk")
    shop.wait_for()
    assert not shop.is_checked()
    # one box a row, each beside its own name (a phone's width wraps none apart)
    first, second = (
        page.locator(".choose-competences label").nth(i).bounding_box() for i in (0, 1)
    )
    assert second["y"] >= first["y"] + first["height"] - 1
    assert_accessible(page)
    tab_to(page, shop)
    page.keyboard.press("Space")
    assert shop.is_checked()
    # the button beside the boxes shows who can help with the tick, and posts nothing
    with translation.override(language):
        again = page.get_by_role("button", name=gettext("Update the matches"))
    tab_to(page, again)
    with page.expect_response(lambda r: "/behov/treff/" in r.url and "chosen=nettbutikk" in r.url):
        page.keyboard.press("Enter")
    expect(page.locator(".htmx-request, .htmx-swapping, .htmx-settling")).to_have_count(0)
    assert page.evaluate("document.activeElement.id") == "live-again"
    assert page.url.endswith("/behov/nytt/") and not Need.objects.exists()
    shop = page.locator("#live-matches").get_by_role("checkbox", name="Nettbutikk")
    assert shop.is_checked()
    with page.expect_response(lambda r: "/behov/treff/" in r.url and "chosen=nettbutikk" in r.url):
        page.locator("#id_description").press_sequentially(" Og Vipps.")
    assert page.locator("#live-matches").get_by_role("checkbox", name="Nettbutikk").is_checked()
    with translation.override(language):
        post = gettext("Post the need")
    page.get_by_role("button", name=post).click()
    page.wait_for_url(re.compile(r"/behov/\d+/$"))
    need = Need.objects.get(poster=poster)
    assert [c.slug for c in need.chosen.all()] == ["nettbutikk"]


@pytest.mark.browser
def test_without_javascript_the_button_beside_the_boxes_previews(browser, live_server, poster):
    """The same button, with JavaScript off: the form comes back with the box ticked
    and the matches read with it, and nothing is posted."""
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    set_language(page, live_server, "nb")
    sign_in(page, live_server, poster)
    page.goto("/behov/nytt/?beskriving=Hjemmeside+der+folk+kan+bestille+og+betale+p%C3%A5+nett")
    page.locator("#live-matches").get_by_role("checkbox", name="Nettbutikk").check()
    page.get_by_role("button", name="Oppdater treffene").click()
    page.wait_for_load_state()
    assert page.locator("#live-matches").get_by_role("checkbox", name="Nettbutikk").is_checked()
    assert page.locator("#id_title").input_value().startswith("Hjemmeside")
    assert not Need.objects.exists()
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_every_needs_page_has_no_wcag_violations(
    page, live_server, provider, poster, staff, language
):
    provider_user = admin_of(provider)
    answered = publish(poster, staff, title=TITLE, municipality="gol",
                       description="We use **Vipps** today.\n\n- pick-up\n- delivery")  # fmt: skip
    answer = services.answer_create(
        need=answered, by=provider_user, message="We build web shops.", company=provider
    )
    services.message_post(answer=answer, by=poster, body="When can we meet?")
    unanswered = publish(poster, staff, title="A web shop for our cabin rental", municipality="hol")
    filled = publish(poster, staff, title="Card payment in the café web shop")
    services.need_fill(
        need=filled,
        by=poster,
        answer=services.answer_create(need=filled, by=provider_user, message="We can."),
    )
    newcomer = user_create(email="ny@example.org", password=None, email_verified=True)
    services.need_create(poster=newcomer, title="Wireless network in the barn")  # waits

    def visit(path: str, wait_for: str | None = None):
        page.goto(path)
        assert page.get_attribute("html", "lang") == language, path
        assert page.locator("h1").count() == 1, path
        if wait_for:
            page.locator(wait_for).first.wait_for()
        assert_accessible(page)

    set_language(page, live_server, language)
    # A visitor: the list with results, a need, the follow-up page.
    visit("/behov/", "#results .profile-card")
    visit(f"/behov/{unanswered.pk}/")
    visit(f"/behov/oppfolging/{outcome_token(filled)}/", "input[name=svar]")

    # The poster: their need with answers and matches, the thread, their lists and forms.
    sign_in(page, live_server, poster)
    visit(f"/behov/{answered.pk}/", "#matches .profile-card")
    assert page.locator("#answers-heading + ul .card").count() == 1
    visit(f"/behov/svar/{answer.pk}/", "textarea[name=body]")
    visit("/behov/mine/", ".card")
    visit(f"/behov/{answered.pk}/endre/", "#id_title")
    page.goto("/behov/nytt/")
    page.locator("#id_title").fill("Customers should pay online in the web shop")
    page.locator("#live-matches").get_by_role("link", name="Fjellkode AS").wait_for()
    assert_accessible(page)

    # The provider: a need they can answer, and their alert settings.
    sign_in(page, live_server, provider_user)
    visit(f"/behov/{unanswered.pk}/", "textarea[name=message]")
    visit("/behov/varsel/", "#feed-url")

    # Staff: the approval queue.
    sign_in(page, live_server, staff)
    visit("/behov/godkjenning/", "textarea[name=reason]")


@pytest.fixture
def two_needs(provider, staff):
    """Two open needs in different municipalities (staff's needs publish at once)."""
    gol = services.need_create(poster=staff, title="Online booking for the ski school",
                               municipality="gol")  # fmt: skip
    hol = services.need_create(poster=staff, title="A web shop for the mountain farm",
                               municipality="hol")  # fmt: skip
    assert gol.status == hol.status == Need.Status.OPEN
    return gol, hol


@pytest.mark.browser
def test_the_list_filters_with_htmx(page, live_server, two_needs):
    set_language(page, live_server, "en")
    page.goto("/behov/")
    results = page.locator("#results")
    results.get_by_role("link", name="Online booking for the ski school").wait_for()
    page.evaluate("window.notReloaded = true")
    page.get_by_label("Municipality").select_option("hol")
    page.wait_for_url("**/behov/?*kommune=hol*")
    results.get_by_role("link", name="Online booking for the ski school").wait_for(state="detached")
    assert results.get_by_role("link", name="A web shop for the mountain farm").is_visible()
    assert results.get_by_text("1 open need", exact=True).is_visible()
    assert page.evaluate("window.notReloaded") is True  # only #results was swapped
    assert page.locator("h1").count() == 1


@pytest.mark.browser
def test_the_list_filters_without_javascript(browser, live_server, two_needs):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        set_language(page, live_server, "en")
        page.goto("/behov/")
        page.get_by_label("Municipality").select_option("gol")
        page.get_by_role("button", name="Show").click()
        page.wait_for_url("**/behov/?*kommune=gol*")
        results = page.locator("#results")
        assert results.get_by_role("link", name="Online booking for the ski school").is_visible()
        assert results.get_by_role("link", name="A web shop for the mountain farm").count() == 0
        assert page.get_by_label("Municipality").input_value() == "gol"
    finally:
        context.close()


@pytest.mark.browser
def test_the_follow_up_link_answers_in_one_click(page, live_server, poster, staff, web_taxonomy):
    need = publish(poster, staff, title=TITLE)
    services.need_fill(need=need, by=poster)
    set_language(page, live_server, "en")
    page.goto(f"/behov/oppfolging/{outcome_token(need)}/?svar=not-helped")
    page.get_by_text("Thank you! Your answer helps the hub show what works.").wait_for()
    assert "svar=" not in page.url  # the page sent the answer and came back without it
    assert page.get_by_label("No, it did not help").is_checked()
    need.refresh_from_db()
    assert need.outcome == Need.Outcome.NOT_HELPED
    assert_accessible(page)
