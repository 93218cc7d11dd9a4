"""Many people sign up for the last places at the same moment, each on their own
database connection: exactly the capacity is registered, the rest wait in order.
The ``database`` fixture (tests/conftest.py) gives each thread its own connection.
"""

from __future__ import annotations

import threading
from collections import Counter

from django.core import mail
from django.db import connection

from klynge.accounts.models import User
from klynge.events import services
from klynge.events.models import Notification, Registration
from tests.conftest import run_tasks

N, K = 20, 5


def test_concurrent_sign_ups_never_exceed_the_capacity(database, make_event):
    event = make_event(capacity=K)
    people = [User.objects.create_user(email=f"p{n}@example.org", name=f"P {n}") for n in range(N)]
    barrier = threading.Barrier(N)
    errors: list[BaseException] = []

    def sign_up(user: User) -> None:
        database()
        try:
            barrier.wait(timeout=30)
            services.registration_create(event=event, user=user)
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    statuses = Counter(Registration.objects.values_list("status", flat=True))
    assert statuses == {"confirmed": K, "waitlisted": N - K}
    positions = sorted(
        Registration.objects.waitlisted().values_list("waitlist_position", flat=True)
    )
    assert positions == list(range(1, N - K + 1))

    assert Notification.objects.count() == N
    mail.outbox.clear()
    sent = run_tasks() + run_tasks()
    assert sorted(m.to[0] for m in sent) == sorted(p.email for p in people)


def test_one_person_signing_up_twice_at_once_gets_one_place_and_one_email(
    database, make_event
):
    """Both requests read "not registered" before the lock; the second's insert meets
    the unique constraint (without a savepoint now) and changes nothing."""
    event = make_event(capacity=K)
    person = User.objects.create_user(email="twice@example.org", name="Twice")
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def sign_up() -> None:
        database()
        try:
            barrier.wait(timeout=30)
            outcomes.append(services.registration_create(event=event, user=person).status)
        except services.AlreadyRegistered as error:
            outcomes.append(type(error))
        except BaseException as error:  # reported below, in the test's thread
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(map(str, outcomes)) == sorted(
        [str(Registration.Status.CONFIRMED), str(services.AlreadyRegistered)]
    )
    assert list(Registration.objects.values_list("user__email", "status")) == [
        ("twice@example.org", "confirmed")
    ]
    assert Notification.objects.count() == 1
    mail.outbox.clear()
    assert [m.to for m in run_tasks()] == [["twice@example.org"]]
