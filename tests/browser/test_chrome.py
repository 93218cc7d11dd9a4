"""The site's chrome as a first-week user meets it: on a phone and a desktop,
buttons that say how much they weigh, and the front door's shortcuts."""

import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from klynge.dialogue.models import Meeting
from klynge.directory.models import Person
from klynge.events.models import Event
from klynge.insights.services import survey_from_template
from klynge.jobs.models import JobPosting
from klynge.needs.models import Need
from klynge.teams.models import Team
from tests.browser.conftest import assert_accessible, set_language, sign_in
from tests.conftest import PASSWORD, run_tasks

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", stdout=io.StringIO())


def public_pages() -> list[str]:
    person = Person.objects.listed().first()
    event = Event.objects.published().order_by("starts_at").first()
    return [
        "/",
        "/finn-hjelp/?beskriving=nettbutikk",
        "/katalog/",
        f"/katalog/folk/{person.pk}/",
        "/katalog/bedrifter/",
        "/behov/",
        "/arrangement/",
        f"/arrangement/{event.slug}/",
        "/tilgjengelighet/",
        "/huset/",
        "/nytt/",
        "/nytt/opent-hus-pa-huben/",
        "/jobb/",
        JobPosting.objects.open().order_by("pk").first().get_absolute_url(),
        "/nyhetsbrev/",
        "/nyhetsbrev/sendt/",
        "/nyhetsbrev/arkiv/",
    ]


def survey_pages(staff) -> list[str]:
    """The survey builder's pages, for a survey made from the template."""
    survey = survey_from_template(by=staff, closes_on=timezone.localdate() + timedelta(days=7))
    question = survey.questions.first()
    return [
        "/innsikt/undersokingar/",
        "/innsikt/undersokingar/ny/",
        f"/innsikt/undersokingar/{survey.pk}/rediger/",
        f"/innsikt/undersokingar/{survey.pk}/sporsmal/",
        f"/innsikt/sporsmal/{question.pk}/",
        f"/innsikt/undersokingar/{survey.pk}/forhandsvis/",
    ]


def overflow(page) -> int:
    """How far the page reaches past the viewport's right edge, in CSS pixels."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360", "1366"])
def test_it_never_scrolls_sideways(page, live_server, demo, staff, viewport, tmp_path):
    page.set_viewport_size(viewport)
    urls = public_pages()
    for url in urls:
        page.goto(url)
        page.screenshot(path=str(tmp_path / f"{viewport['width']}{url.replace('/', '_')}.png"))
        assert overflow(page) <= 0, f"{url} scrolls sideways at {viewport['width']} px"
    # The signed-in pages too, the calendar among them.
    sign_in(page, live_server, staff)
    signed_in = [
        "/nytt/skriv/",
        "/jobb/ny/",
        f"/jobb/{JobPosting.objects.order_by('pk').first().pk}/endre/",
        "/arrangement/kalender/",
        "/behov/mine/",
        "/katalog/profil/",
        "/katalog/stab/",
    ]
    signed_in.append(f"/behov/{Need.objects.open().first().pk}/endre/")  # with its attachments
    signed_in += ["/huset/booking/", "/huset/booking/mine/", "/huset/booking/oversikt/"]
    signed_in += ["/huset/booking/sperr/", "/huset/booking/qr/"]
    signed_in += ["/nyhetsbrev/utgaver/", "/konto/mine-data/"]
    meeting = Meeting.objects.select_related("need", "event").get()  # the demo's
    dialogue = [
        f"/behov/{meeting.need_id}/",
        f"/behov/{meeting.need_id}/markedsdialog/",
        f"/behov/markedsdialog/{meeting.pk}/",
        meeting.event.get_absolute_url(),
    ]
    team = Team.objects.select_related("need").get()  # the demo's
    teams = [team.get_absolute_url(), "/behov/lag/invitasjoner/", "/behov/lag/oversikt/"]
    dialogue += [*teams, "/innsikt/"]  # the dashboard ends with the teams' figure
    for url in [*signed_in, *dialogue, "/konto/tokens/", "/stab/logg/", *survey_pages(staff)]:
        page.goto(url)
        assert overflow(page) <= 0, f"{url} scrolls sideways at {viewport['width']} px"


@pytest.mark.browser
@pytest.mark.parametrize("url", ["/konto/login/", "/konto/signup/"])
def test_a_pages_last_button_keeps_its_distance_from_the_footer(page, live_server, url):
    page.set_viewport_size(PHONE)
    page.goto(url)
    last = page.locator("main button").last.bounding_box()
    footer = page.locator("footer").bounding_box()
    assert footer["y"] - (last["y"] + last["height"]) >= 32  # 3rem less the form's margins


@pytest.mark.browser
@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_phone_menu_folds_and_opens_with_the_keyboard(page, live_server, demo, language):
    set_language(page, live_server, language)
    page.set_viewport_size(PHONE)
    page.goto("/")
    menu = {"nb": "Meny", "nn": "Meny", "en": "Menu"}[language]
    events = {"nb": "Arrangementer", "nn": "Arrangement", "en": "Events"}[language]
    header = page.locator("header")
    # Folded, the header is one row: brand and the menu button.
    assert header.bounding_box()["height"] < 80
    assert not header.get_by_role("link", name=events, exact=True).is_visible()
    assert_accessible(page)
    summary = page.locator("summary", has_text=menu)
    summary.focus()
    page.keyboard.press("Enter")
    link = header.get_by_role("link", name=events, exact=True)
    assert link.is_visible()
    assert_accessible(page)
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/arrangement/$"))


@pytest.mark.browser
def test_the_directory_filters_fold_on_a_phone(page, live_server, demo):
    page.set_viewport_size(PHONE)
    page.goto("/katalog/")
    assert not page.get_by_label("Kommune").is_visible()
    page.locator("summary", has_text="Filtre").click()
    assert page.get_by_label("Kommune").is_visible()
    page.set_viewport_size(DESKTOP)
    page.goto("/katalog/")
    assert page.get_by_label("Kommune").is_visible()
    assert not page.locator("summary", has_text="Filtre").is_visible()


@pytest.mark.browser
def test_buttons_show_their_weight_and_destructive_ones_ask(page, live_server, staff, make_event):
    from klynge.events.services import registration_create

    event = make_event(title="Frokostmøte")
    registration_create(event=event, user=staff)
    sign_in(page, live_server, staff)
    page.goto(f"/arrangement/{event.slug}/min-pamelding/")
    leave = page.get_by_role("button", name="Meld meg av")
    brand = "rgb(11, 93, 80)"  # the primary button's fill, --brand in site.css
    danger = leave.evaluate("b => getComputedStyle(b).backgroundColor")
    assert danger != brand, "a danger button must not look like the main action"
    assert leave.evaluate("b => getComputedStyle(b).color") == "rgb(164, 22, 26)"

    # Saying no to the question keeps the registration ...
    page.once("dialog", lambda dialog: dialog.dismiss())
    leave.click()
    page.wait_for_timeout(300)
    assert event.registrations.filter(user=staff, cancelled_at__isnull=True).exists()
    # ... and yes lets it go.
    page.once("dialog", lambda dialog: dialog.accept())
    leave.click()
    page.wait_for_load_state()
    page.get_by_role("status").wait_for()
    assert not event.registrations.filter(user=staff, cancelled_at__isnull=True).exists()


@pytest.mark.browser
def test_the_front_page_search_goes_to_find_help(page, live_server, demo):
    page.goto("/")
    box = page.get_by_label("Hva trenger du hjelp til?")
    box.fill("nettbutikk for gardsutsal")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/finn-hjelp/\?beskriving="))
    assert page.get_by_role("main").get_by_label("Hva trenger du hjelp til?").input_value() == (
        "nettbutikk for gardsutsal"
    )
    assert page.locator("#matches li").count() > 0
    assert_accessible(page)


@pytest.mark.browser
def test_the_freelancer_lands_on_her_profile_form_after_confirming(page, live_server):
    email = "ingrid@example.org"
    page.goto("/")
    page.get_by_role("link", name="Lag profilen din").click()
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Passord:", exact=True).fill(PASSWORD)
    page.get_by_label("Passord (gjenta)").fill(PASSWORD)
    page.get_by_label("Passord (gjenta)").press("Enter")
    page.wait_for_url("**/konto/confirm-email/")
    sent = run_tasks()
    link = re.search(r"https?://\S+/konto/confirm-email/\S+/", sent[0].body)[0]
    page.goto(link)
    page.get_by_role("button", name="Bekreft").click()
    page.wait_for_url(re.compile(r"/katalog/profil/$"))
    assert_accessible(page)
