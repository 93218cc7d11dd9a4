"""Fifty people book the same slot at the same moment, each on their own database
connection: exactly the capacity gets it, the rest a clear message. (The ``database``
fixture in tests/conftest.py gives each thread its own connection.)"""

from __future__ import annotations

import threading
from datetime import time

import pytest
from django.db import connection
from django.utils import translation

from klynge.accounts.models import User
from klynge.core.errors import Conflict
from klynge.spaces import services
from klynge.spaces.hours import opening_days
from klynge.spaces.models import Booking
from klynge.spaces.slots import desk_span, local_datetime
from tests.spaces.conftest import a_weekday_next_week

N = 50


def attempt_all(resource, start, end, people):
    barrier = threading.Barrier(len(people))
    booked, refused, errors = [], [], []

    def book(user: User, use_connection) -> None:
        use_connection()
        try:
            barrier.wait(timeout=30)
            with translation.override("nn"):
                try:
                    booked.append(
                        services.booking_create(
                            resource=resource, user=user, starts_at=start, ends_at=end
                        )
                    )
                except Conflict as error:
                    refused.append(str(error.message))
        except BaseException as error:  # reported in the test's thread
            errors.append(error)
        finally:
            connection.close()

    return booked, refused, errors, book


def run(resource, start, end, database):
    people = [User.objects.create_user(email=f"c{n}@example.org", name=f"C {n}") for n in range(N)]
    booked, refused, errors, book = attempt_all(resource, start, end, people)
    threads = [threading.Thread(target=book, args=(p, database)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return booked, refused, errors


def test_fifty_at_one_room_slot(database, room, settings):
    room.who = room.Who.SIGNED_IN
    room.save()
    day = a_weekday_next_week()
    start, end = local_datetime(day, time(9)), local_datetime(day, time(10))
    booked, refused, errors = run(room, start, end, database)
    assert errors == []
    assert len(booked) == 1 and len(refused) == N - 1
    assert Booking.objects.live().count() == 1
    assert set(refused) <= {
        "Den tida er allereie oppteken. Vel ei anna.",
        "Nokon andre bestilte nett den tida. Vel ei anna.",
    }


def test_fifty_at_a_pool_of_five_desks(database, desks, hub):
    day = a_weekday_next_week()
    (opening,) = opening_days(hub, day, 1)
    start, end = desk_span(opening, "day")
    booked, refused, errors = run(desks, start, end, database)
    assert errors == []
    assert len(booked) == desks.count == 5 and len(refused) == N - 5
    assert set(refused) <= {
        "Den tida er allereie oppteken. Vel ei anna.",
        "Nokon andre bestilte nett den tida. Vel ei anna.",
    }
    seats = sorted(Booking.objects.live().values_list("seat", flat=True))
    assert seats == [1, 2, 3, 4, 5]


pytestmark = pytest.mark.django_db(transaction=True)
