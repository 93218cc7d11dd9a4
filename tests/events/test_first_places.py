"""Each guest address's and each account's first place (GuestFirstPlace,
AccountFirstPlace) are kept by the database's triggers (events/0009): after every
kind of write to registrations and events they equal what a fresh count over the
registrations says. Insights reads first-time participants from them, so a stale
row would be a wrong figure."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection, transaction

from klynge.events import privacy, services
from klynge.events.models import AccountFirstPlace, Event, GuestFirstPlace, Registration

Confirmed = Registration.Status.CONFIRMED
JAN, FEB, MAR = (datetime(2025, month, 10, 18, tzinfo=UTC) for month in (1, 2, 3))


def truth() -> dict:
    """Each guest address's and each account's (by id) first published event with a
    confirmed place, counted afresh."""
    first: dict = {}
    places = Registration.objects.filter(status=Confirmed, event__status=Event.Status.PUBLISHED)
    for user, key, starts_at in places.values_list("user", "email_key", "event__starts_at"):
        who = user or key
        if who != "":
            first[who] = min(first.get(who, starts_at), starts_at)
    return first


def kept() -> dict:
    return {
        **dict(GuestFirstPlace.objects.values_list("email_key", "starts_at")),
        **dict(AccountFirstPlace.objects.values_list("user_id", "starts_at")),
    }


def check(expected: dict) -> None:
    assert kept() == truth() == expected


def guest(event: Event, email: str, status=Confirmed, **fields) -> Registration:
    waiting = status == Registration.Status.WAITLISTED
    return Registration.objects.create(
        event=event, name="Gjest", email=email, status=status,
        waitlist_position=1 if waiting else None, **fields,
    )  # fmt: skip


@pytest.fixture
def events(make_event):
    return [make_event(starts_at=when, title=f"E{i}") for i, when in enumerate((JAN, FEB, MAR))]


def test_triggers_are_in_place(db):
    """Adding a column of events_registration or events_event on SQLite rebuilds the
    table and drops its triggers: this fails until the migration creates them again."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        names = {row[0] for row in cursor.fetchall()}
    expected = {
        "sqlite": {f"events_{kind}_first_{when}" for kind in ("guest", "account")
                   for when in ("insert", "delete", "update", "event")},
        "postgresql": {"events_first_places_insert_delete", "events_first_places_update",
                       "events_first_places_event"},
    }[connection.vendor]  # fmt: skip
    assert expected <= names


def test_a_confirmed_place_sets_the_first_and_an_earlier_one_moves_it(events):
    jan, feb, mar = events
    guest(feb, "Kari@Example.org")
    check({"kari@example.org": FEB})
    guest(mar, "kari@example.org")
    check({"kari@example.org": FEB})
    guest(jan, "KARI@example.org")  # the same person in any case
    check({"kari@example.org": JAN})


def test_walk_ins_without_an_address_pending_and_waitlisted_places_give_none(events):
    jan = events[0]
    guest(jan, "", is_walk_in=True)
    guest(jan, "venter@example.org", status=Registration.Status.PENDING)
    guest(jan, "ventar@example.org", status=Registration.Status.WAITLISTED)
    check({})


def test_an_account_has_its_own_first_place_whatever_its_address(events, user):
    jan, feb, mar = events
    Registration.objects.create(event=feb, user=user, name="U", email=user.email,
                                status=Confirmed)  # fmt: skip
    guest(jan, user.email)  # the same address as a guest is another participant
    check({user.pk: FEB, user.email: JAN})
    earlier = Registration.objects.create(event=jan, user=user, name="U", status=Confirmed)
    check({user.pk: JAN, user.email: JAN})
    earlier.delete()
    Registration.objects.filter(user=user).update(status=Registration.Status.CANCELLED)
    check({user.email: JAN})


def test_cancelling_moves_the_first_to_the_next_place_or_removes_it(events):
    jan, feb, _ = events
    first = guest(jan, "ola@example.org")
    second = guest(feb, "ola@example.org")
    first.status = Registration.Status.CANCELLED
    first.save(update_fields=["status"])
    check({"ola@example.org": FEB})
    Registration.objects.filter(pk=second.pk).update(status=Registration.Status.CANCELLED)
    check({})
    Registration.objects.filter(pk=first.pk).update(status=Confirmed)  # taken up again
    check({"ola@example.org": JAN})


def test_the_services_keep_it_from_sign_up_to_cancellation(make_event):
    event = make_event(capacity=1)
    registration = services.registration_create_guest(
        event=event, name="Guri", email="Guri@Example.org", language="nb"
    )
    check({})  # pending until the emailed link is followed
    services.registration_confirm_guest(registration=registration)
    check({"guri@example.org": event.starts_at})
    waiting = services.registration_create_guest(
        event=event, name="Per", email="per@example.org", language="nb"
    )
    services.registration_confirm_guest(registration=waiting)
    check({"guri@example.org": event.starts_at})  # Per waits
    services.registration_cancel(registration=registration)
    check({"per@example.org": event.starts_at})  # Per moved up from the waitlist


def test_a_waitlisted_place_promoted_counts(events):
    waiting = guest(events[1], "kari@example.org", status=Registration.Status.WAITLISTED)
    check({})
    waiting.status, waiting.waitlist_position = Confirmed, None
    waiting.save()
    check({"kari@example.org": FEB})


def test_moving_an_event_moves_its_people_first_places(events, user):
    jan, feb, _ = events
    guest(jan, "a@example.org")
    guest(feb, "a@example.org")
    guest(feb, "b@example.org")
    Registration.objects.create(event=jan, user=user, name="U", status=Confirmed)
    Registration.objects.create(event=feb, user=user, name="U", status=Confirmed)
    jan.starts_at, jan.ends_at = MAR, MAR + timedelta(hours=2)
    jan.save()
    check({"a@example.org": FEB, "b@example.org": FEB, user.pk: FEB})
    earlier = datetime(2024, 12, 1, 12, tzinfo=UTC)
    Event.objects.filter(pk=feb.pk).update(starts_at=earlier)  # a bulk update too
    check({"a@example.org": earlier, "b@example.org": earlier, user.pk: earlier})


def test_a_deleted_account_leaves_no_first_place(events, user):
    """Deleting an account anonymises its places (they stay for the figures, as
    nobody's): its first place goes, and so does its id from the kept table."""
    from klynge.accounts.services import account_delete

    Registration.objects.create(event=events[0], user=user, name="U", status=Confirmed)
    check({user.pk: JAN})
    account_delete(user=user)
    check({})


def test_cancelling_unpublishing_and_publishing_an_event(events, staff):
    jan, feb, _ = events
    guest(jan, "a@example.org")
    guest(feb, "a@example.org")
    guest(jan, "b@example.org")
    services.event_cancel(event=jan, by=staff)
    check({"a@example.org": FEB})
    Event.objects.filter(pk=jan.pk).update(status=Event.Status.DRAFT)
    check({"a@example.org": FEB})
    Event.objects.filter(pk=jan.pk).update(status=Event.Status.PUBLISHED)
    check({"a@example.org": JAN, "b@example.org": JAN})


def test_deleting_places_and_events(events):
    jan, feb, mar = events
    one = guest(jan, "a@example.org")
    guest(feb, "a@example.org")
    guest(mar, "b@example.org")
    one.delete()
    check({"a@example.org": FEB, "b@example.org": MAR})
    feb.delete()  # its places go with it
    check({"b@example.org": MAR})
    Registration.objects.all().delete()
    check({})


def test_a_new_address_or_an_account_moves_the_place(events, user):
    jan, feb, _ = events
    typo = guest(jan, "kari@exmaple.org")
    guest(feb, "kari@example.org")
    check({"kari@exmaple.org": JAN, "kari@example.org": FEB})
    typo.email = "Kari@Example.org"
    typo.save()
    check({"kari@example.org": JAN})
    Registration.objects.filter(pk=typo.pk).update(user=user)  # now an account's place
    check({"kari@example.org": FEB, user.pk: JAN})


def test_anonymising_a_guest_forgets_the_address(events):
    """The privacy rules clear a guest's address after the event: the kept first
    place must not keep it either."""
    guest(events[0], "kari@example.org")
    guest(events[1], "ola@example.org")
    cutoff = FEB - timedelta(days=1)  # January's event is over, February's is not
    assert privacy._forget_guests(cutoff) == 1
    check({"ola@example.org": FEB})
    assert not GuestFirstPlace.objects.filter(email_key="kari@example.org").exists()


def test_bulk_create_and_raw_sql_are_kept_too(events):
    jan, feb, _ = events
    Registration.objects.bulk_create(
        [Registration(event=feb, name="x", email=f"p{i}@example.org", status=Confirmed)
         for i in range(3)]
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Registration._meta.db_table} SET event_id = %s WHERE email = %s",
            [jan.pk, "p1@example.org"],
        )
    check({"p0@example.org": FEB, "p1@example.org": JAN, "p2@example.org": FEB})


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has one writer at a time")
@pytest.mark.parametrize("first", ["cancelled", "new"])
@pytest.mark.parametrize("who", ["guest", "account"])
def test_two_writers_for_one_person_at_the_same_moment_leave_the_true_first_place(
    database, make_event, user, first, who
):
    """One transaction changes a person's places and, before it commits, another
    confirms a place for the same person at another event. "cancelled": the first
    cancels the January place while the second signs up for March (the second
    must see the cancellation, or January would be kept for good). "new": a person
    seen for the first time at two events at once (without the lock on the person
    the second insert of their row fails on the key)."""
    jan, mar = make_event(starts_at=JAN), make_event(starts_at=MAR)
    key = "kari@example.org" if who == "guest" else user.pk

    def place(event: Event) -> Registration:
        if who == "guest":
            return guest(event, "kari@example.org")
        return Registration.objects.create(event=event, user=user, name="U", status=Confirmed)

    if first == "cancelled":
        held = place(jan)
        change, later, expected = (
            lambda: Registration.objects.filter(pk=held.pk).update(
                status=Registration.Status.CANCELLED
            ),
            mar,
            MAR,
        )
    else:
        change, later, expected = (lambda: place(mar), jan, JAN)
    errors: list[BaseException] = []

    def sign_up() -> None:
        database()
        try:
            with transaction.atomic():
                place(later)
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connection.close()

    with transaction.atomic():
        change()
        other = threading.Thread(target=sign_up)
        other.start()
        waiting = 0
        for _ in range(200):  # until the sign-up waits for the first writer
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
                waiting = cursor.fetchone()[0]
            if waiting:
                break
            time.sleep(0.05)
        assert waiting == 1
    other.join(timeout=30)
    assert errors == []
    check({key: expected})
