"""Every booking rule: who, window, length, buffer, per-person limit, opening hours
(a day with the switch to summer time too), cancelling, blocking."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.db import IntegrityError, connection, transaction

from klynge.core.errors import Conflict, Invalid, NotAllowed
from klynge.spaces import services
from klynge.spaces.hours import opening_days
from klynge.spaces.models import Booking, OpeningException
from klynge.spaces.slots import desk_span, local, local_datetime, minutes
from tests.spaces.conftest import a_weekday_next_week

pytestmark = pytest.mark.django_db


def at(day: date, hour: int, minute: int = 0):
    return local_datetime(day, time(hour, minute))


def book(resource, user, day, start, end, **kw):
    return services.booking_create(
        resource=resource, user=user, starts_at=at(day, *start), ends_at=at(day, *end), **kw
    )


def test_a_member_books_a_room_inside_the_opening_hours(room, member):
    day = a_weekday_next_week()
    booking = book(room, member, day, (9,), (10,))
    assert (booking.seat, booking.held_until) == (1, at(day, 10, 15))


def test_who_may_book(room, user, member, staff):
    day = a_weekday_next_week()
    with pytest.raises(NotAllowed):
        book(room, user, day, (9,), (10,))  # members only; user is not one
    book(room, staff, day, (11,), (12,))


def test_length_limits(room, member):
    day = a_weekday_next_week()
    with pytest.raises(Invalid, match="shortest booking is 30"):
        book(room, member, day, (9,), (9, 15))
    with pytest.raises(Invalid, match="longest booking is 180"):
        book(room, member, day, (9,), (13,))


def test_booking_window(room, member):
    with pytest.raises(Invalid, match="passed"):
        book(room, member, date(2020, 1, 6), (9,), (10,))
    far = a_weekday_next_week() + timedelta(days=28)
    with pytest.raises(Invalid, match="at most 14 days ahead"):
        book(room, member, far, (9,), (10,))


def test_opening_hours(room, member, hub):
    day = a_weekday_next_week()
    with pytest.raises(Invalid, match="not open for the whole"):
        book(room, member, day, (15,), (17,))
    with pytest.raises(Invalid, match="not open for the whole"):
        book(room, member, day, (7, 30), (8, 30))
    OpeningException.objects.create(place=hub, date=day)  # closed that day
    with pytest.raises(Invalid, match="closed"):
        book(room, member, day, (9,), (10,))
    saturday = day + timedelta(days=(5 - day.weekday()))
    with pytest.raises(Invalid, match="closed"):
        book(room, member, saturday, (9,), (10,))


def test_buffer_between_bookings(room, member, staff):
    day = a_weekday_next_week()
    book(room, member, day, (10,), (11,))
    with pytest.raises(Conflict, match="already booked"):
        book(room, staff, day, (11,), (12,))  # inside the 15-minute pause
    with pytest.raises(Conflict, match="already booked"):
        book(room, staff, day, (9,), (9, 50))  # its own pause reaches 10:05
    book(room, staff, day, (11, 15), (12,))
    book(room, staff, day, (9,), (9, 45))


def test_per_person_daily_limit(room, member):
    day = a_weekday_next_week()
    book(room, member, day, (8,), (9,))
    book(room, member, day, (10,), (10, 30))
    with pytest.raises(Conflict, match="120 minutes"):
        book(room, member, day, (12,), (13,))
    book(room, member, day, (12,), (12, 30))  # exactly two hours in all
    book(room, member, day + timedelta(days=1), (12,), (13,))  # another day


def test_desk_pool_fills_seat_by_seat(desks, hub, django_user_model):
    day = a_weekday_next_week()
    (opening,) = opening_days(hub, day, 1)
    start, end = desk_span(opening, "day")
    people = [django_user_model.objects.create_user(email=f"d{i}@example.org") for i in range(6)]
    seats = [
        services.booking_create(resource=desks, user=p, starts_at=start, ends_at=end).seat
        for p in people[:5]
    ]
    assert seats == [1, 2, 3, 4, 5]
    with pytest.raises(Conflict):
        services.booking_create(resource=desks, user=people[5], starts_at=start, ends_at=end)


def test_half_days_share_a_desk(desks, hub, user, member):
    desks.count = 1
    desks.min_minutes = 60
    desks.save()
    day = a_weekday_next_week()
    (opening,) = opening_days(hub, day, 1)
    morning, afternoon = desk_span(opening, "morning"), desk_span(opening, "afternoon")
    assert morning == (at(day, 8), at(day, 12)) and afternoon == (at(day, 12), at(day, 16))
    a = services.booking_create(resource=desks, user=user, starts_at=morning[0], ends_at=morning[1])
    b = services.booking_create(
        resource=desks, user=member, starts_at=afternoon[0], ends_at=afternoon[1]
    )
    assert a.seat == b.seat == 1
    whole = desk_span(opening, "day")
    with pytest.raises(Conflict):
        services.booking_create(resource=desks, user=member, starts_at=whole[0], ends_at=whole[1])


def test_a_day_with_the_switch_to_summer_time(room, member, hub):
    # 28 March 2027 is Easter Sunday: closed, unless staff open it, as here at night.
    day = date(2027, 3, 28)
    OpeningException.objects.create(place=hub, date=day, opens=time(1), closes=time(5))
    room.days_ahead = 400
    room.max_minutes = 90
    room.save()
    with pytest.raises(Invalid, match="does not exist"):
        local_datetime(day, time(2, 30))  # the clock jumps from 02:00 to 03:00
    booking = book(room, member, day, (1, 30), (3, 30))  # 02:00 wall-clock, one real hour
    assert minutes(booking.starts_at, booking.ends_at) == 60
    assert local(booking.starts_at).utcoffset() == timedelta(hours=1)  # winter time
    assert local(booking.ends_at).utcoffset() == timedelta(hours=2)  # summer time
    with pytest.raises(Invalid, match="longest booking is 90"):
        book(room, member, day, (1,), (4, 30))  # 2.5 real hours


def test_cancel_until_the_set_time(room, member, staff):
    day = a_weekday_next_week()
    booking = book(room, member, day, (9,), (10,))
    services.booking_cancel(booking=booking, by=member)
    assert Booking.objects.get().cancelled
    with pytest.raises(Conflict, match="already cancelled"):
        services.booking_cancel(booking=booking, by=member)
    again = book(room, member, day, (9,), (10,))  # the time is free again
    Booking.objects.filter(pk=again.pk).update(starts_at=at(day, 9) - timedelta(days=8))
    again.refresh_from_db()
    with pytest.raises(Conflict, match="too late"):
        services.booking_cancel(booking=again, by=member)
    services.booking_cancel(booking=again, by=staff)  # staff may always


def test_nobody_else_cancels(room, member, user):
    booking = book(room, member, a_weekday_next_week(), (9,), (10,))
    with pytest.raises(NotAllowed):
        services.booking_cancel(booking=booking, by=user)


def test_staff_block_and_book_on_behalf(room, desks, member, staff, user):
    day = a_weekday_next_week()
    blocks = services.block_create(
        resource=desks, starts_at=at(day, 8), ends_at=at(day, 16), by=staff, note="Maling"
    )
    assert len(blocks) == desks.count and all(b.blocked for b in blocks)
    with pytest.raises(Conflict):
        book(desks, user, day, (8,), (16,))
    services.booking_cancel(booking=blocks[0], by=staff)  # lifts the block on every desk
    assert not Booking.objects.live().filter(resource=desks).exists()
    with pytest.raises(NotAllowed):
        services.block_create(
            resource=room, starts_at=at(day, 8), ends_at=at(day, 9), by=member, note="x"
        )
    booking = book(room, user, day, (9,), (10,), by=staff)  # user is no member; staff books
    assert booking.booked_by == staff and booking.user == user
    with pytest.raises(Conflict, match="1 bookings"):
        services.block_create(
            resource=room, starts_at=at(day, 8), ends_at=at(day, 12), by=staff, note="Service"
        )
    with pytest.raises(NotAllowed):
        book(room, member, day, (13,), (14,), by=user)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the constraint is PostgreSQL's")
def test_the_database_refuses_an_overlap_that_goes_around_the_service(room, member):
    day = a_weekday_next_week()
    first = book(room, member, day, (9,), (10,))
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(
            resource=room, user=member, seat=1, starts_at=at(day, 10),
            ends_at=at(day, 11), held_until=at(day, 11),
        )  # fmt: skip
    assert Booking.objects.get() == first


def test_a_block_is_one_day_at_most(room, staff):
    day = a_weekday_next_week()
    with pytest.raises(Invalid, match="one day at a time"):
        services.block_create(
            resource=room, starts_at=at(day, 8), ends_at=at(day + timedelta(days=2), 8),
            by=staff, note="Maling",
        )  # fmt: skip
