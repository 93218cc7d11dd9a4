"""Events and participants (figures/events.py) against a plain count in Python.

Random events and sign-ups: users with and without a profile, guests whose
address is typed in another case, walk-ins and anonymised rows without one,
the waitlist, cancelled and pending sign-ups, cancelled and draft events,
events half an hour either side of the period's Oslo midnights, and the
municipality filter; counted again after cancellations, promotions from the
waitlist, an event cancelled, rescheduled and deleted, and an account deleted.
"""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from django.core.exceptions import ObjectDoesNotExist

from klynge.accounts.services import account_delete, user_create
from klynge.directory.models import MemberStatus, Person
from klynge.events import services as event_services
from klynge.events.models import Event, Registration
from klynge.insights.figures import events
from klynge.insights.figures.period import Period
from tests.insights.conftest import oslo

PLACES = ["gol", "gol", "hol", "other", ""]
FORMATS = ["in_person", "online", "hybrid"]
Confirmed = Registration.Status.CONFIRMED


def when(rng, period: Period):
    """Half an hour either side of an edge of the period, or anywhere from two
    years before it to two months after."""
    if rng.random() < 0.3:
        edge = rng.choice([period.starts_at, period.ends_at])
        return edge + timedelta(minutes=rng.choice([-30, 30]))
    span = (period.ends_at - period.starts_at) + timedelta(days=790)
    return period.starts_at - timedelta(days=730) + span * rng.random()


def random_hub(rng, period: Period) -> list:
    users = []
    for i in range(40):
        user = user_create(email=f"u{i}@example.org", password=None, name=f"U{i}")
        users.append(user)
        if rng.random() < 0.8:  # the others have no profile
            approved = rng.random() < 0.5
            Person.objects.create(
                name=f"U{i}", user=user, municipality=rng.choice(PLACES),
                member_status=MemberStatus.APPROVED if approved else MemberStatus.NONE,
                member_since=when(rng, period) if approved or rng.random() < 0.3 else None,
            )  # fmt: skip
    guests = [f"g{i}@example.org" for i in range(20)]
    for i in range(30):
        event = Event.objects.create(
            title=f"E{i}", slug=f"e{i}", starts_at=(start := when(rng, period)),
            ends_at=start + timedelta(hours=2), format=rng.choice(FORMATS),
            status=rng.choice(["published"] * 4 + ["cancelled", "draft"]),
            capacity=rng.choice([None, 2, 4, 8]), published_at=start - timedelta(days=20),
        )  # fmt: skip
        rows, position = [], 0
        chosen = rng.sample(users, rng.randint(0, 8)) + rng.sample(guests, rng.randint(0, 8))
        chosen += [None] * rng.choice([0, 0, 1, 2])  # walk-ins: no account, no address
        for who in chosen:
            status = rng.choice(["confirmed"] * 5 + ["waitlisted", "cancelled", "pending"])
            position += status == "waitlisted"
            user = who if not isinstance(who, str) else None
            email = ""
            if isinstance(who, str):  # a guest may type their address in any case
                email = who.upper() if rng.random() < 0.3 else who.capitalize()
            rows.append(Registration(
                event=event, user=user, name="x", email=email, status=status,
                waitlist_position=position if status == "waitlisted" else None,
                is_walk_in=who is None,
                attended_at=start if status == "confirmed" and rng.random() < 0.5 else None,
            ))  # fmt: skip
        Registration.objects.bulk_create(rows)
    return users


def person_of(user):
    try:
        return user.person if user else None
    except ObjectDoesNotExist:
        return None


def reference(period: Period, municipality: str | None) -> tuple[dict, dict, dict]:
    """The three figures counted row by row in Python: slow and plain."""
    start, end = period.starts_at, period.ends_at
    regs = list(Registration.objects.select_related("event", "user__person"))
    held = [e for e in Event.objects.all() if start <= e.starts_at < end]
    empty = {"held": 0, "cancelled": 0, "full": 0}
    event_counts = {f: dict(empty) for f in [events.ALL, *FORMATS]}
    for e in held:
        confirmed = sum(1 for r in regs if r.event_id == e.pk and r.status == Confirmed)
        for side in (e.format, events.ALL):
            event_counts[side]["cancelled"] += e.status == "cancelled"
            event_counts[side]["held"] += e.status == "published"
            event_counts[side]["full"] += (
                e.status == "published" and e.capacity is not None and confirmed >= e.capacity
            )

    def counted(r):
        if municipality:
            person = person_of(r.user)
            return person is not None and person.municipality == municipality
        return True

    rows = [
        r for r in regs
        if start <= r.event.starts_at < end and r.event.status == "published" and counted(r)
    ]  # fmt: skip
    checked = {r.event_id for r in regs if r.attended_at}
    registration_counts = {}
    for r in rows:
        for side in (r.event.format, events.ALL):
            c = registration_counts.setdefault(
                side, dict.fromkeys(["signups", "attended", "no_shows", "waitlisted",
                                     "cancelled_signups"], 0),
            )  # fmt: skip
            confirmed = r.status == Confirmed
            c["signups"] += confirmed
            c["attended"] += confirmed and r.attended_at is not None
            c["no_shows"] += confirmed and r.attended_at is None and r.event_id in checked
            c["waitlisted"] += r.status == "waitlisted"
            c["cancelled_signups"] += r.status == "cancelled"

    came = [r for r in rows if r.status == Confirmed]
    users = {r.user_id for r in came if r.user_id}
    guests = {r.email.lower() for r in came if not r.user_id and r.email}
    nameless = sum(1 for r in came if not r.user_id and not r.email)
    earlier = [
        r for r in regs
        if r.status == Confirmed and r.event.status == "published" and r.event.starts_at < start
    ]  # fmt: skip
    users_before = {r.user_id for r in earlier if r.user_id}
    guests_before = {r.email.lower() for r in earlier if not r.user_id and r.email}
    later = set()
    for r in came:
        person = person_of(r.user)
        approved = person and person.member_status == "approved" and person.member_since
        if approved and person.member_since > r.event.starts_at:
            later.add(r.user_id)
    people = {
        "participants": len(users) + len(guests) + nameless,
        "first_timers": len(users - users_before) + len(guests - guests_before) + nameless,
        "later_members": len(later),
    }
    return event_counts, registration_counts, people


def fast(period: Period, municipality: str | None) -> tuple[dict, dict, dict]:
    return (
        events._event_counts(period),
        events._registration_counts(period, municipality),
        events.people_figures(period, municipality),
    )


def change_things(rng, users: list) -> None:
    """Cancellations, promotions, an event cancelled, one moved, one deleted, an
    account deleted, a guest's sign-up deleted: the figures read rows, not a store."""
    staff = user_create(email="staff@example.org", password=None, is_staff=True)
    confirmed = list(Registration.objects.filter(status=Confirmed))
    for r in rng.sample(confirmed, len(confirmed) // 5):
        Registration.objects.filter(pk=r.pk).update(status="cancelled", attended_at=None)
    for r in Registration.objects.filter(status="waitlisted")[:6]:
        Registration.objects.filter(pk=r.pk).update(status=Confirmed, waitlist_position=None)
    published = list(Event.objects.filter(status="published").order_by("pk"))
    event_services.event_cancel(event=rng.choice(published), by=staff)
    moved = rng.choice(published)
    Event.objects.filter(pk=moved.pk).update(starts_at=moved.starts_at - timedelta(days=200))
    rng.choice(published).delete()
    account_delete(user=rng.choice(users))
    guest = Registration.objects.filter(user__isnull=True).exclude(email="").first()
    if guest:
        guest.delete()


def test_event_figures_match_a_plain_count_on_random_data(db):
    seen_later_members = seen_in_gol = 0
    for seed in range(3):
        Registration.objects.all().delete()
        Event.objects.all().delete()
        Person.objects.all().delete()
        from klynge.accounts.models import User

        User.objects.all().delete()
        rng = random.Random(seed)
        period = rng.choice(
            [Period.year(2025), Period(oslo(2024, 3, 15).date(), oslo(2025, 2, 10).date())]
        )
        users = random_hub(rng, period)
        assert Registration.objects.filter(status=Confirmed).count() > 60
        for round_ in ("as made", "after changes"):
            for municipality in (None, "gol", "hol"):
                expected = reference(period, municipality)
                assert fast(period, municipality) == expected, (seed, round_, municipality)
                # PostgreSQL's form, checked on both engines.
                people = events._people_by_aggregates(period, municipality)
                assert people == expected[2], (seed, round_, municipality)
            if round_ == "as made":
                change_things(rng, users)
        # The data is rich enough that every figure means something.
        people = reference(period, None)[2]
        assert people["participants"] > people["first_timers"] > 0
        seen_later_members += people["later_members"]
        seen_in_gol += reference(period, "gol")[2]["participants"]
    assert seen_later_members > 0 and seen_in_gol > 5


def test_first_timers_are_read_from_the_kept_first_places_not_every_earlier_place(db):
    """The plan, not the time: on SQLite the participants' pass looks nothing up in
    earlier places, and the first-timers are a range of the kept first places'
    indexes (SQLite has no statistics, so a tiny test database is planned like
    the full one)."""
    from django.db import connection

    from klynge.events.models import AccountFirstPlace, GuestFirstPlace

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's plans; the figures themselves are checked on both engines")
    period = Period.year(2025)
    with connection.cursor() as cursor:
        for municipality in (None, "gol"):
            sql, params = events.people_query(period, municipality)
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = [row[3] for row in cursor.fetchall()]
            assert any(step.startswith("SEARCH r ") for step in plan), plan
            assert not [step for step in plan if step.startswith("SEARCH b ")], plan
        for model in (AccountFirstPlace, GuestFirstPlace):
            span = model.objects.filter(
                starts_at__gte=period.starts_at, starts_at__lt=period.ends_at
            )
            sql, params = span.values("starts_at").query.sql_with_params()
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = " ".join(row[3] for row in cursor.fetchall())
            assert f"SEARCH {model._meta.db_table} USING COVERING INDEX" in plan, plan
            assert "(starts_at>? AND starts_at<?)" in plan, plan


def test_guests_are_one_person_in_any_case_and_stay_guests_after_making_an_account(db):
    """A guest is their address as the database lowers it (email_key, kept by
    the database itself on every write): the same address in three cases is one
    participant, a first-timer only if no case of it held a place before, and a
    guest who later made an account still counts by address for places held
    as a guest."""
    period = Period.year(2025)

    def event(slug, start, status="published"):
        return Event.objects.create(
            title=slug, slug=slug, starts_at=start, ends_at=start + timedelta(hours=2),
            status=status, published_at=start - timedelta(days=20),
        )  # fmt: skip

    before = event("before", oslo(2024, 12, 31, 23, 30))
    draft_before = event("draft-before", oslo(2024, 6, 1), status="draft")
    first, second = event("first", oslo(2025, 1, 1)), event("second", oslo(2025, 12, 31, 23))
    after = event("after", oslo(2026, 1, 1))

    def place(ev, email, status=Confirmed):
        return Registration.objects.create(event=ev, email=email, name="x", status=status,
                                           is_walk_in=not email)  # fmt: skip

    place(before, "Kari@Example.org")  # held a place before, in another case
    place(first, "KARI@example.ORG")
    place(second, "kari@example.org")
    place(draft_before, "Ola@example.org")  # a draft event is no earlier place
    place(first, "ola@EXAMPLE.org")
    place(before, "per@example.org", status="cancelled")  # a cancelled place neither
    place(first, "PER@example.org")
    place(after, "eva@example.org")  # only after the period: not a participant
    place(second, "")  # a walk-in without an address: one participant, a first-timer
    # Ola makes an account later; the place held as a guest stays a guest's.
    user_create(email="ola@example.org", password=None, name="Ola")
    keys = set(Registration.objects.values_list("email_key", flat=True))
    assert keys == {"kari@example.org", "ola@example.org", "per@example.org",
                    "eva@example.org", ""}  # fmt: skip
    expected = {"participants": 4, "first_timers": 3, "later_members": 0}
    assert events.people_figures(period, None) == expected
    assert events._people_by_aggregates(period, None) == expected
    assert reference(period, None)[2] == expected
    # Kari's earlier place typed in upper case is found all the same; corrected
    # to another address, it is another person, and Kari is new in the period.
    Registration.objects.filter(event=before, email="Kari@Example.org").update(
        email="KARIN@example.org"
    )
    assert Registration.objects.get(event=before, status=Confirmed).email_key == "karin@example.org"
    expected["first_timers"] = 4
    assert events.people_figures(period, None) == expected
    assert events._people_by_aggregates(period, None) == expected


def test_the_kept_address_follows_every_write(db):
    """email_key is the database's: set on create, bulk_create and save, never
    stale after update(), and the constraints and indexes survive the table
    rebuild SQLite's migration makes."""
    from django.db import connection

    start = oslo(2025, 3, 1)
    ev = Event.objects.create(title="E", slug="e", starts_at=start,
                              ends_at=start + timedelta(hours=1), status="published",
                              published_at=start)  # fmt: skip
    made = Registration.objects.create(event=ev, email="A@B.no", name="a", status=Confirmed)
    Registration.objects.bulk_create([Registration(event=ev, email="C@D.no", name="c")])
    made.email = "E@F.no"
    made.save()
    made.refresh_from_db()
    assert made.email_key == "e@f.no"
    assert Registration.objects.get(name="c").email_key == "c@d.no"
    with connection.cursor() as cursor:
        names = set(connection.introspection.get_constraints(cursor, Registration._meta.db_table))
    for name in ("registration_one_per_user", "registration_one_per_guest_email",
                 "registration_unique_waitlist_position", "registration_waitlisted_iff_position",
                 "registration_user_or_email_or_walk_in", "registration_event_turnout",
                 "registration_user_places", "registration_guest_places",
                 "registration_event_guests"):  # fmt: skip
        assert name in names, name
    assert "registration_email_places" not in names
