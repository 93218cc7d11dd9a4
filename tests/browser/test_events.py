"""Events in a real browser: the whole sign-up story, and axe on every events page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from klynge.accounts.services import user_create
from klynge.events import services
from klynge.events.models import Event, Registration
from tests.browser.conftest import assert_accessible, set_language
from tests.conftest import run_tasks


def sign_in_as(page, live_server, user) -> None:
    """Reuse a server-side session instead of typing a password (much faster)."""
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    set_language(page, live_server, "en")


def sign_out(page, live_server) -> None:
    page.context.clear_cookies()
    set_language(page, live_server, "en")


def path_of(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


@pytest.mark.browser
def test_create_fill_waitlist_cancel_and_check_in(page, live_server, staff, member, user):
    # Staff create an event for two and publish it.
    sign_in_as(page, live_server, staff)
    page.goto("/arrangement/ny/")
    assert_accessible(page)
    page.get_by_label("Title:", exact=True).fill("Kodekveld")
    page.get_by_label("Description:", exact=True).fill("Vi **kodar** saman.")
    page.get_by_label("Starts:", exact=True).fill("2030-04-04T18:00")
    page.get_by_label("Ends:", exact=True).fill("2030-04-04T21:00")
    page.get_by_label("Places:", exact=True).fill("2")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url(re.compile(r"/arrangement/kodekveld-2030-04-04/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Kodekveld"
    assert_accessible(page)

    # A member signs up with one click.
    sign_in_as(page, live_server, member)
    page.goto("/arrangement/kodekveld-2030-04-04/")
    page.get_by_role("button", name="Sign up").click()
    page.get_by_text("You are registered.").first.wait_for()
    assert_accessible(page)

    # A guest signs up and confirms by the emailed link: the event is now full.
    sign_out(page, live_server)
    page.goto("/arrangement/kodekveld-2030-04-04/")
    page.get_by_role("link", name="Sign up as a guest").click()
    assert_accessible(page)
    page.get_by_label("Name:", exact=True).fill("Gunn Gjest")
    page.get_by_label("Email:", exact=True).fill("gunn@example.org")
    page.get_by_role("button", name="Send me the link").click()
    page.get_by_role("heading", name="Check your email").wait_for()
    (ask,) = [m for m in run_tasks() if m.to == ["gunn@example.org"]]
    page.goto(path_of(re.search(r"https?://\S+/bekreft/\S+/", ask.body)[0]))
    assert_accessible(page)
    page.get_by_role("button", name="Confirm").click()
    page.get_by_text("You are registered.").wait_for()
    cancel_page = page.url
    assert_accessible(page)

    # The next one joins the waitlist.
    sign_in_as(page, live_server, user)
    page.goto("/arrangement/kodekveld-2030-04-04/")
    page.get_by_role("button", name="Join the waitlist").click()
    page.get_by_text("You are number 1 on the waitlist").wait_for()
    assert_accessible(page)

    # The guest cancels from the link in their email; the waitlist moves up.
    sign_out(page, live_server)
    page.goto(cancel_page)
    page.once("dialog", lambda dialog: dialog.accept())  # "Give up your place?"
    page.get_by_role("button", name="Cancel my registration").click()
    page.get_by_text("Your registration is cancelled.").first.wait_for()
    assert Registration.objects.get(user=user).is_confirmed
    moved = [m for m in run_tasks() if m.to == [user.email]]
    assert len(moved) == 2  # waitlisted, then moved up

    # Staff check the member in on the check-in page, searching by name.
    sign_in_as(page, live_server, staff)
    page.goto("/arrangement/kodekveld-2030-04-04/innsjekking/")
    page.get_by_label("Search by name").fill("Mari")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("button", name="Check in Mari Member").click()
    page.get_by_role("button", name="Undo check-in of Mari Member").wait_for()
    assert_accessible(page)
    assert Registration.objects.get(user=member).attended_at is not None


@pytest.mark.browser
@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_every_events_page_has_no_wcag_violations(page, live_server, language):
    staff = user_create(email="s@example.org", password=None, name="Stina", is_staff=True)
    start = timezone.now().replace(second=0, microsecond=0) + timedelta(days=3)
    event = services.event_create(
        by=staff,
        title="Frokostmøte",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        description="## Program\n\n- Kaffi\n- [Lenke](https://example.org)",
        format=Event.Format.HYBRID,
        online_url="https://meet.example.org/x",
        capacity=1,
        publish=True,
        tags=["frokost"],
    )
    registration = services.registration_create(event=event, user=staff)
    services.registration_add_walk_in(event=event, by=staff, name="Walter")
    ended = services.event_create(
        by=staff,
        title="Ferdig",
        starts_at=start - timedelta(days=10),
        ends_at=start - timedelta(days=10, hours=-1),
        publish=True,
    )
    past = Registration.objects.create(
        event=ended, name="P", email="p@example.org", status="confirmed"
    )
    from klynge.events.links import registration_token

    sign_in_as(page, live_server, staff)
    set_language(page, live_server, language)
    slug = event.slug
    pages = [
        "/arrangement/",
        f"/arrangement/{slug}/",
        f"/arrangement/{slug}/meld-pa/",
        f"/arrangement/{slug}/min-pamelding/",
        f"/arrangement/{slug}/rediger/",
        f"/arrangement/{slug}/deltakere/",
        f"/arrangement/{slug}/innsjekking/",
        "/arrangement/ny/",
        "/arrangement/ny-serie/",
        "/arrangement/kalender/",
        f"/arrangement/pamelding/{registration_token(registration, 'cancel')}/",
        f"/arrangement/tilbakemelding/{registration_token(past, 'feedback')}/",
    ]
    for path in pages:
        page.goto(path)
        assert page.get_attribute("html", "lang") == language
        assert_accessible(page)
    sign_out(page, live_server)
    set_language(page, live_server, language)
    guest = services.registration_create_guest(
        event=event, name="G", email="g@example.org", language=language
    )
    for path in [
        f"/arrangement/{slug}/",
        f"/arrangement/{slug}/gjest/",
        f"/arrangement/bekreft/{registration_token(guest, 'confirm')}/",
    ]:
        page.goto(path)
        assert_accessible(page)
