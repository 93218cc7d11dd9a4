"""Many people sign up for the last places at the same moment, each on their own
database connection: exactly the capacity is registered, the rest wait in order.

On PostgreSQL the threads share the test database. SQLite's in-memory test
database cannot be shared between threads properly (shared-cache locks fail at
once instead of waiting), so there the test copies it to a file and gives
each thread its own connection to that file: the same engine, settings and
IMMEDIATE transactions as in production.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import Counter

import pytest
from django.core import mail
from django.db import connection, connections

from klynge.accounts.models import User
from klynge.events import services
from klynge.events.models import Notification, Registration
from tests.conftest import run_tasks

N, K = 20, 5


@pytest.fixture
def database(transactional_db, tmp_path):
    """Yield a function that gives the current thread its own connection."""
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():

        def own_connection():
            connections["default"].close()  # a fresh one opens on first use

        yield own_connection
        return
    connection.ensure_connection()
    path = tmp_path / "concurrency.sqlite3"
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    settings = {**connection.settings_dict, "NAME": str(path)}
    backend = type(connections["default"])
    original = connections["default"]

    def own_connection():
        connections["default"] = backend(settings, "default")

    own_connection()
    try:
        yield own_connection
    finally:
        connections["default"].close()
        connections["default"] = original


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
