"""Booking in a real browser: a remote worker books a desk with the keyboard, staff
block a room, and axe finds nothing on the booking pages in nb, nn and en."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from klynge.spaces.models import Booking, Resource
from klynge.spaces.slots import local
from tests.browser.conftest import assert_accessible, set_language, sign_in
from tests.spaces.conftest import a_weekday_next_week, next_monday


@pytest.fixture
def demo_hub(transactional_db):
    call_command("load_demo", stdout=io.StringIO())


def week_url() -> str:
    return f"/huset/booking/?fra={next_monday():%Y-%m-%d}"


@pytest.mark.browser
def test_a_remote_worker_books_a_desk_with_the_keyboard(page, live_server, demo_hub, user):
    sign_in(page, live_server, user)
    set_language(page, live_server, "nn")
    desks = Resource.objects.get(kind="desk")
    day = a_weekday_next_week()
    page.goto(week_url())
    when = page.locator(f"#p{desks.pk}-{day:%Y%m%d}")
    for _ in range(300):
        page.keyboard.press("Tab")
        if when.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("the keyboard never reached the desk's booking form")
    page.keyboard.press("ArrowDown")  # the morning
    assert when.input_value() == "morning"
    page.keyboard.press("Tab")  # to its Book button
    page.keyboard.press("Enter")
    page.wait_for_url("**/huset/booking/mine/")
    booking = Booking.objects.get(user=user)
    assert (local(booking.starts_at).date(), local(booking.starts_at).hour) == (day, 8)
    assert "08:00–12:00" in page.locator("main").inner_text()


@pytest.mark.browser
def test_staff_block_a_room(page, live_server, demo_hub, staff):
    sign_in(page, live_server, staff)
    set_language(page, live_server, "nb")
    room = Resource.objects.get(kind="room")
    day = a_weekday_next_week()
    page.goto("/huset/booking/sperr/")
    page.get_by_label("Plass eller rom").select_option(str(room.pk))
    page.get_by_label("Dato").fill(day.isoformat())
    page.get_by_label("Fra").fill("12:00")
    page.get_by_label("Til:", exact=True).fill("15:00")  # not the override's "til"
    page.get_by_label("Hvorfor").fill("Privat arrangement")
    page.get_by_role("button", name="Sperr").click()
    page.wait_for_url("**/huset/booking/oversikt/**")
    assert "Privat arrangement" in page.locator("main").inner_text()
    assert Booking.objects.get(resource=room).blocked
    assert_accessible(page)


@pytest.mark.browser
@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_booking_pages_are_accessible(page, live_server, demo_hub, staff, language):
    sign_in(page, live_server, staff)
    set_language(page, live_server, language)
    for url in [week_url(), "/huset/booking/mine/", "/huset/booking/oversikt/",
                "/huset/booking/sperr/"]:  # fmt: skip
        page.goto(url)
        assert_accessible(page)
