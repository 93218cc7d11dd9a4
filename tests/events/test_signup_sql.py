"""The one-round-trip sign-up on PostgreSQL (klynge/events/signup_sql.py): the same
answers as the ORM path, and nothing written when the fresh event row is not open."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from klynge.events import services, signup_sql
from klynge.events.models import Event, Notification, Registration

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="PostgreSQL only; SQLite takes the ORM path"
    ),
]


def test_a_sign_up_locks_counts_inserts_and_claims_in_one_message(event, make_user):
    with CaptureQueriesContext(connection) as captured:
        registration = services.registration_create(event=event, user=make_user(1))
    locking = [q["sql"] for q in captured.captured_queries if "FOR UPDATE" in q["sql"]]
    assert len(locking) == 1
    assert "INSERT INTO" in locking[0] and locking[0].count(";") == 1
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.confirmed_at is not None
    stored = Registration.objects.get(pk=registration.pk)
    assert (stored.name, stored.email, stored.attempt) == ("Person 1", "person1@example.org", 1)
    claim = Notification.objects.get()
    assert (claim.registration_id, claim.kind, claim.version) == (registration.pk, "confirmed", 1)


def test_the_waitlist_continues_after_the_last_position_and_counts_the_line(event, make_user):
    regs = [services.registration_create(event=event, user=make_user(n)) for n in range(4)]
    services.registration_cancel(registration=regs[2])  # position 1 leaves a gap
    last = services.registration_create(event=event, user=make_user(9))
    assert [r.status for r in regs[:2]] == ["confirmed", "confirmed"]
    assert (last.status, last.waitlist_position, last.known_place_in_line) == ("waitlisted", 3, 2)
    assert Notification.objects.filter(registration=last, kind="waitlisted").count() == 1


def test_a_row_closed_since_it_was_read_gets_nothing_written(event, make_user):
    person = make_user(1)
    Event.objects.filter(pk=event.pk).update(status=Event.Status.CANCELLED)
    registration = Registration(event=event, user=person, name="P", email=person.email)
    assert signup_sql.place_new(event=event, registration=registration) is None
    assert not Registration.objects.exists() and not Notification.objects.exists()
    with pytest.raises(services.RegistrationClosed):  # the ORM path says why
        services.registration_create(event=event, user=person)


def test_a_changed_audience_takes_the_orm_path(event, make_user):
    person = make_user(1)
    Event.objects.filter(pk=event.pk).update(audience=Event.Audience.MEMBERS)
    with pytest.raises(services.NotAllowed):  # asked again of the fresh row
        services.registration_create(event=event, user=person)
    assert not Registration.objects.exists()
