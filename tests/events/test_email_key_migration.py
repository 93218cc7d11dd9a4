"""events/0008 adds Registration.email_key, a stored generated column. On SQLite
that rebuilds the table: the rows, their constraints and indexes must come
through, and the rows already there get their key."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("events", "0007_registration_event_turnout")]
AFTER = [("events", "0008_registration_email_key")]


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def migrate_to_newest():
    """Back to every app's newest migration, as the other tests expect."""
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_rows_keep_their_constraints_and_get_their_key_when_the_column_is_added():
    old = migrate(BEFORE)
    Event = old.get_model("events", "Event")
    Registration = old.get_model("events", "Registration")
    start = datetime(2025, 3, 1, 12, tzinfo=UTC)
    event = Event.objects.create(
        title="E", slug="e", status="published", published_at=start,
        starts_at=start, ends_at=start + timedelta(hours=1),
    )  # fmt: skip
    Registration.objects.create(event=event, name="a", email="Kari@Example.ORG", status="confirmed")
    Registration.objects.create(
        event=event, name="b", email="", is_walk_in=True, status="confirmed"
    )
    try:
        new = migrate(AFTER)
        Registration = new.get_model("events", "Registration")
        assert sorted(Registration.objects.values_list("email_key", flat=True)) == [
            "",
            "kari@example.org",
        ]
        # The constraints came through the rebuild: one place per guest address
        # in any case, and a row needs an account, an address or to be a walk-in.
        with pytest.raises(IntegrityError), transaction.atomic():
            Registration.objects.create(event_id=event.pk, name="c", email="KARI@example.org")
        with pytest.raises(IntegrityError), transaction.atomic():
            Registration.objects.create(event_id=event.pk, name="d", email="")
        with connection.cursor() as cursor:
            names = set(connection.introspection.get_constraints(cursor, "events_registration"))
        assert {"registration_one_per_guest_email", "registration_guest_places",
                "registration_event_guests", "registration_event_turnout"} <= names  # fmt: skip
        assert "registration_email_places" not in names
    finally:
        migrate_to_newest()
