"""Check-in (a link per booking, a QR code per resource) and releasing a desk no
one checked in: once, never a checked-in booking, a no-show staff see, one email."""

from __future__ import annotations

import email
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from klynge.core.errors import Conflict, Invalid, NotAllowed
from klynge.core.models import OutgoingMail
from klynge.spaces import checkin, services
from klynge.spaces.hours import opening_days
from klynge.spaces.models import Booking
from klynge.spaces.slots import desk_span
from klynge.spaces.tasks import release_no_shows
from tests.spaces.conftest import a_weekday_next_week


def book_desk(desks, user, day):
    (opening,) = opening_days(desks.place, day, 1)
    start, end = desk_span(opening, "day")
    return services.booking_create(resource=desks, user=user, starts_at=start, ends_at=end)


def started(booking, ago: timedelta) -> Booking:
    """Move a booking so that it started ``ago`` (bookings cannot be made in the past)."""
    length = booking.ends_at - booking.starts_at
    start = timezone.now() - ago
    Booking.objects.filter(pk=booking.pk).update(
        starts_at=start, ends_at=start + length, held_until=start + length
    )
    booking.refresh_from_db()
    return booking


@pytest.mark.django_db
def test_check_in_from_half_an_hour_before_until_the_end(desks, user, member):
    booking = book_desk(desks, user, a_weekday_next_week())
    with pytest.raises(Invalid, match="30 minutes before"):
        checkin.booking_check_in(booking=booking, by=user)
    with pytest.raises(NotAllowed):
        checkin.booking_check_in(booking=booking, by=member)
    started(booking, timedelta(minutes=5))
    assert checkin.booking_check_in(booking=booking, by=user).checked_in_at is not None
    first = Booking.objects.get().checked_in_at
    checkin.booking_check_in(booking=booking, by=user)  # again: nothing changes
    assert Booking.objects.get().checked_in_at == first
    started(booking, timedelta(hours=12))
    with pytest.raises(Invalid, match="ended"):
        checkin.booking_check_in(booking=booking, by=user)


@pytest.mark.django_db
def test_release_is_once_and_spares_checked_in_bookings(desks, user, member):
    desks.release_after_minutes = 120
    desks.save()
    user.language = "en"
    user.save()
    day = a_weekday_next_week()
    # book all three first (seats 1, 2, 3), then move them to today
    absent, present, fresh = (book_desk(desks, who, day) for who in (user, member, member))
    absent = started(absent, timedelta(hours=2, minutes=5))
    present = started(present, timedelta(hours=3))
    checkin.booking_check_in(booking=present, by=member)
    fresh = started(fresh, timedelta(minutes=90))  # not due yet
    assert checkin.release_no_shows() == 1
    assert checkin.release_no_shows() == 0  # idempotent
    absent.refresh_from_db()
    assert absent.cancelled and absent.released_at is not None
    assert set(Booking.objects.live().values_list("pk", flat=True)) == {present.pk, fresh.pk}
    mails = OutgoingMail.objects.filter(recipients__contains=user.email)
    assert [m.subject for m in mails if "released" in m.subject] == [
        "[IT-Hub Hallingdal] Your desk was released: Desks"
    ]
    with pytest.raises(Conflict, match="released"):
        checkin.booking_check_in(booking=absent, by=user)
    # the seat is free again: someone else books the same day
    assert Booking.objects.live().filter(resource=desks).count() == 2


@pytest.mark.django_db
def test_a_resource_without_the_setting_never_releases(desks, user):
    started(book_desk(desks, user, a_weekday_next_week()), timedelta(hours=5))
    assert checkin.release_no_shows() == 0
    assert Booking.objects.live().count() == 1


def test_the_worker_releases_and_the_email_goes_out_once(tasks, smtp_server, desks, user):
    desks.release_after_minutes = 60
    desks.save()
    user.language = "en"
    user.save()
    booking = started(book_desk(desks, user, a_weekday_next_week()), timedelta(minutes=61))
    tasks.run()  # the confirmation; the delayed release is not due yet in the queue's time
    release_no_shows.enqueue()
    release_no_shows.enqueue()  # twice: the timer and the delayed task at once
    tasks.run()
    booking.refresh_from_db()
    assert booking.released_at is not None
    released = [e for e in smtp_server.envelopes if "released" in _subject(e)]
    assert len(released) == 1
    assert _subject(released[0]) == "[IT-Hub Hallingdal] Your desk was released: Desks"
    assert released[0].rcpt_tos == [user.email]


def _subject(envelope) -> str:
    message = email.message_from_bytes(envelope.content)
    return str(email.header.make_header(email.header.decode_header(message["Subject"])))


@pytest.mark.django_db
def test_scanning_the_qr_code_checks_in_todays_booking(client, desks, user, member):
    booking = started(book_desk(desks, user, a_weekday_next_week()), timedelta(minutes=10))
    url = reverse("spaces:scan", args=[desks.pk])
    client.cookies["django_language"] = "en"
    client.force_login(member)
    assert "no booking of this today" in client.get(url).content.decode()
    client.force_login(user)
    page = client.get(url).content.decode()
    assert "Check in" in page and "Desks" in page
    assert Booking.objects.get().checked_in_at is None  # a GET changes nothing
    response = client.post(url)
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.checked_in_at is not None
    assert "checked in" in client.get(reverse("spaces:my_bookings")).content.decode()


@pytest.mark.django_db
def test_the_check_in_button_on_my_bookings(client, desks, user):
    booking = book_desk(desks, user, a_weekday_next_week())
    client.force_login(user)
    page = client.get(reverse("spaces:my_bookings")).content.decode()
    assert reverse("spaces:check_in", args=[booking.pk]) not in page  # too early
    started(booking, timedelta(minutes=1))
    page = client.get(reverse("spaces:my_bookings")).content.decode()
    assert reverse("spaces:check_in", args=[booking.pk]) in page
    client.post(reverse("spaces:check_in", args=[booking.pk]))
    assert Booking.objects.get().checked_in_at is not None


@pytest.mark.django_db
def test_staff_print_one_qr_code_per_resource(staff_client, staff, desks, room):
    staff_client.cookies["django_language"] = "en"
    page = staff_client.get(reverse("spaces:qr_codes")).content.decode()
    assert page.count("<svg") == 2
    assert reverse("spaces:scan", args=[desks.pk]) in page
    assert "<title>Check in: Desks</title>" in page


@pytest.mark.django_db
def test_staff_see_no_shows_on_the_day_view(staff_client, staff, desks, user):
    staff_client.cookies["django_language"] = "en"
    desks.release_after_minutes = 30
    desks.save()
    booking = started(book_desk(desks, user, a_weekday_next_week()), timedelta(minutes=40))
    checkin.release_no_shows()
    day = timezone.localtime(booking.starts_at).date()
    page = staff_client.get(reverse("spaces:overview") + f"?dag={day:%Y-%m-%d}").content.decode()
    assert "No-show: released" in page and user.name in page
