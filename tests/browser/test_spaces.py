"""The hub as a place in a real browser: axe in three languages, the keyboard
from the front page, and staff changing the hours in the admin."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from klynge.spaces.models import Place
from tests.browser.conftest import assert_accessible, set_language, sign_in


@pytest.fixture
def demo_hub(transactional_db):
    call_command("load_demo", stdout=io.StringIO())
    return Place.objects.get()


@pytest.mark.browser
@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_hub_page_and_front_page_are_accessible(page, live_server, demo_hub, language):
    set_language(page, live_server, language)
    page.goto("/huset/")
    assert page.locator("table.hours tbody tr").count() == 7
    assert page.locator("a[href^='https://www.openstreetmap.org/']").count() == 1
    assert_accessible(page)
    page.goto("/")
    assert page.locator(".place-front .place-today").count() == 1
    assert_accessible(page)


@pytest.mark.browser
def test_the_keyboard_reaches_the_hub_page_from_the_front_page(page, live_server, demo_hub):
    set_language(page, live_server, "nn")
    page.goto("/")
    link = page.get_by_role("link", name="Opningstider, vegen dit og kva som finst der")
    for _ in range(200):
        page.keyboard.press("Tab")
        if link.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("the keyboard never reached the hub link")
    page.keyboard.press("Enter")
    page.wait_for_url("**/huset/")
    assert page.get_by_role("heading", level=1).inner_text() == demo_hub.name


@pytest.mark.browser
def test_staff_close_a_day_in_the_admin_and_visitors_see_it(page, live_server, demo_hub, staff):
    staff.is_superuser = True
    staff.save()
    sign_in(page, live_server, staff)
    set_language(page, live_server, "nb")
    tomorrow = timezone.localdate() + timedelta(days=1)
    page.goto(f"/admin/spaces/place/{demo_hub.pk}/change/")
    page.locator("#exceptions-group .add-row a").click()
    row = page.locator("#exceptions-2")
    row.locator("input[name$='-date']").fill(tomorrow.isoformat())
    row.locator("input[name$='-note_nb']").fill("Personalseminar")
    page.locator("input[name='_save']").click()
    page.wait_for_url("**/admin/spaces/place/")
    assert demo_hub.exceptions.get(date=tomorrow).note_nb == "Personalseminar"
    visitor = page.context.browser.new_context(base_url=live_server.url, locale="nb-NO")
    try:
        other = visitor.new_page()
        other.goto("/huset/")
        assert "Personalseminar" in other.locator("table.hours").inner_text()
    finally:
        visitor.close()


@pytest.mark.browser
def test_a_member_shows_herself_at_the_hub_with_the_keyboard(page, live_server, demo_hub, member):
    from klynge.directory.models import Person
    from klynge.spaces.booking_models import Booking, Resource

    Person.objects.filter(user=member).update(name="Guro Gol", headline="Nettbutikkar")
    desks = Resource.objects.filter(kind=Resource.Kind.DESK).first()
    # Now, whatever the hour: the booking has not ended, and it is today.
    start = timezone.now() - timedelta(minutes=10)
    end = timezone.now() + timedelta(minutes=30)
    Booking.objects.create(
        resource=desks, user=member, starts_at=start, ends_at=end, held_until=end
    )
    sign_in(page, live_server, member)
    set_language(page, live_server, "nn")
    page.goto("/huset/booking/mine/")
    show = page.get_by_role("button", name="Vis medlemmer at eg er på huben")
    show.focus()
    page.keyboard.press("Enter")
    page.get_by_text("Medlemmer ser på sida til huben at du er der.").wait_for()
    assert_accessible(page)
    page.goto("/huset/")
    assert "Guro Gol – Nettbutikkar" in page.locator("main").inner_text()
    assert_accessible(page)
