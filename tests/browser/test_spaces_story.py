"""The booking story in a real browser, in nb, nn and en: a remote worker books a
desk for next Tuesday with the keyboard alone, a member books a room every week,
staff block the room (cancelling what is in the way) and print the QR codes.
axe-core finds no violation on any page of it."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from klynge.spaces.hours import holiday_name
from klynge.spaces.models import Booking, Place, Resource
from klynge.spaces.week import monday_of
from tests.browser.conftest import assert_accessible, set_language, sign_in


@pytest.fixture
def demo_hub(transactional_db):
    call_command("load_demo", stdout=io.StringIO())
    return Place.objects.get()


def next_open(day, weekday: int | None = None):
    """``day`` or the first day after it on ``weekday`` (if given) that is no holiday."""
    while (weekday is not None and day.weekday() != weekday) or holiday_name(day):
        day += timedelta(days=1)
    return day


def card(page, day, resource):
    section = page.locator(f"section[aria-labelledby='day-{day:%Y-%m-%d}']")
    return section.locator("li.card").filter(has=page.locator(f"h3:text-is('{resource.name}')"))


def tab_to(page, locator, limit: int = 40) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("element => element === document.activeElement"):
            return
    pytest.fail("the keyboard never reached the element")


@pytest.mark.browser
@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_booking_story(page, live_server, demo_hub, user, member, staff, language):
    from django.utils import translation

    desks = Resource.objects.get(kind=Resource.Kind.DESK)
    room = Resource.objects.get(kind=Resource.Kind.ROOM)
    set_language(page, live_server, language)
    with translation.override(language):
        desks_name, room_name = desks.name, room.name
    desks = type("R", (), {"name": desks_name, "pk": desks.pk})
    room = type("R", (), {"name": room_name, "pk": room.pk})

    # A remote worker books a desk for next Tuesday, with the keyboard alone.
    tuesday = next_open(timezone.localdate() + timedelta(days=1), weekday=1)
    sign_in(page, live_server, user)
    page.goto(f"/huset/booking/?fra={monday_of(tuesday):%Y-%m-%d}")
    assert_accessible(page)
    desk_card = card(page, tuesday, desks)
    desk_card.locator("select[name='part']").focus()
    page.keyboard.press("ArrowDown")  # the morning
    tab_to(page, desk_card.get_by_role("button"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/huset/booking/mine/")
    (booking,) = Booking.objects.filter(user=user)
    assert timezone.localtime(booking.starts_at).date() == tuesday
    assert timezone.localtime(booking.ends_at).hour == 12
    assert desks.name in page.locator("main").inner_text()
    assert_accessible(page)

    # A member books the meeting room every week for four weeks.
    day = next_open(timezone.localdate() + timedelta(days=2))
    while day.weekday() > 4:
        day = next_open(day + timedelta(days=1))
    sign_in(page, live_server, member)
    page.goto(f"/huset/booking/?fra={monday_of(day):%Y-%m-%d}")
    room_card = card(page, day, room)
    room_card.locator("input[name='start']").fill("14:00")
    room_card.locator("input[name='end']").fill("15:00")
    room_card.locator("input[name='repeat_until']").fill(f"{day + timedelta(weeks=3):%Y-%m-%d}")
    room_card.get_by_role("button").click()
    page.wait_for_url("**/huset/booking/mine/")
    weekly = Booking.objects.live().filter(user=member, series__isnull=False)
    assert weekly.count() >= 3 and len({b.series for b in weekly}) == 1
    assert page.locator("form[action$='/avbestill-resten/']").count() == weekly.count()
    assert_accessible(page)
    first = weekly.order_by("starts_at").first()

    # Staff block the room on the member's first date, cancelling the booking in the way.
    sign_in(page, live_server, staff)
    page.goto("/huset/booking/oversikt/")
    assert_accessible(page)
    page.goto(f"/huset/booking/sperr/?tittel=Kurs&dato={day:%Y-%m-%d}&fra=13:00&til=16:00")
    page.locator("select[name='resource']").select_option(str(room.pk))
    page.locator("input[name='override']").check()
    assert_accessible(page)
    page.locator("main form button[type='submit']").click()
    page.wait_for_url("**/huset/booking/oversikt/**")
    assert "Kurs" in page.locator("main").inner_text()
    assert_accessible(page)
    assert Booking.objects.get(pk=first.pk).cancelled  # the member's date gave way
    assert Booking.objects.live().filter(blocked=True, resource_id=room.pk).count() == 1
    page.goto("/huset/booking/qr/")
    assert page.locator("svg.qr").count() == Resource.objects.filter(active=True).count()
    assert_accessible(page)
    page.goto(f"/huset/booking/ressurs/{desks.pk}/inn/")
    assert_accessible(page)
