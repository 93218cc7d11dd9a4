"""The hub's use (figures/spaces.py) reads the period's bookings once and groups
them in Python, with each account's earliest membership read once; here it is
checked against a plain Python count over random bookings, and the
membership also against the per-booking SQL form (``member_then``)."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Case, CharField, Exists, F, OuterRef, Q, Value, When

from klynge.accounts.services import user_create
from klynge.directory.models import Company, CompanyRole, MemberStatus, Person
from klynge.insights.figures import spaces
from klynge.insights.figures.period import Period, local_midnight
from klynge.spaces.models import Booking, Place, Resource
from tests.insights.conftest import oslo

OSLO = ZoneInfo("Europe/Oslo")
PLACES = ["gol", "hol", ""]
PERIODS = [Period.year(2025), Period(oslo(2025, 3, 30).date(), oslo(2025, 10, 27).date())]


def member_then() -> Case:
    """Whether the person booked for was a member when the booking started, asked
    per booking in SQL: approved themselves, or confirmed at a member company
    (directory/roles.py: is_member). The plain form of ``spaces.bookers``."""
    approved = MemberStatus.APPROVED
    by_company = CompanyRole.objects.filter(
        person__user=OuterRef("user"),
        status=CompanyRole.Status.CONFIRMED,
        company__member_status=approved,
        company__member_since__lte=OuterRef("starts_at"),
    )
    himself = Q(
        user__person__member_status=approved, user__person__member_since__lte=F("starts_at")
    )
    return Case(
        When(himself | Q(Exists(by_company)), then=Value(spaces.MEMBERS)),
        default=Value(spaces.OTHERS),
        output_field=CharField(),
    )


def moment(rng, period: Period):
    """Often half an hour either side of a local midnight (the period's edges, its
    months', the nights summer time begins and ends), else anywhere near it."""
    if rng.random() < 0.5:
        edges = [period.starts_at, period.ends_at, *map(local_midnight, period.months()),
                 oslo(2025, 3, 30, 1), oslo(2025, 10, 26, 1)]  # fmt: skip
        at = rng.choice(edges) + timedelta(minutes=rng.choice([-30, -1, 0, 30, 90]))
    else:
        span = (period.ends_at - period.starts_at) + timedelta(days=60)
        at = period.starts_at - timedelta(days=30) + span * rng.random()
    return at.replace(microsecond=0) if rng.random() < 0.5 else at


def membership(rng, period: Period) -> dict:
    """Approved since a moment, or not a member (a former member keeps the date)."""
    if rng.random() < 0.6:
        return {"member_status": MemberStatus.APPROVED, "member_since": moment(rng, period)}
    return {
        "member_status": MemberStatus.NONE,
        "member_since": rng.choice([None, moment(rng, period)]),
    }


def random_use(rng, period: Period) -> None:
    place = Place.objects.create(name="Huset")
    resources = [
        Resource.objects.create(place=place, kind="room", name_nb=f"R{i}", who="signed_in")
        for i in range(3)
    ]
    firms = [Company.objects.create(name=f"F{i}", **membership(rng, period)) for i in range(4)]
    users = []
    for i in range(14):
        user = user_create(email=f"b{i}@example.org", password=None, name=f"B{i}")
        users.append(user)
        if rng.random() < 0.15:
            continue  # an account without a profile
        person = Person.objects.create(
            name=f"B{i}", user=user, municipality=rng.choice(PLACES),
            **membership(rng, period),
        )  # fmt: skip
        for firm in rng.sample(firms, rng.choice([0, 0, 1, 2])):
            status = rng.choice([CompanyRole.Status.CONFIRMED, CompanyRole.Status.PENDING])
            CompanyRole.objects.create(person=person, company=firm, status=status)
    starts = []
    for seat in range(120):
        user = rng.choice([*users, None])
        # Some bookings start exactly when someone became a member.
        if user is not None and rng.random() < 0.1 and hasattr(user, "person"):
            start = user.person.member_since or moment(rng, period)
        else:
            start = moment(rng, period)
        starts.append(start)
        end = start + timedelta(minutes=rng.choice([30, 60, 90, 480]), microseconds=seat)
        Booking.objects.create(
            resource=rng.choice(resources), user=user, seat=seat + 1, starts_at=start, ends_at=end,
            held_until=end, blocked=rng.random() < 0.1,
            cancelled_at=start if rng.random() < 0.1 else None,
        )  # fmt: skip
    # Accounts deleted afterwards: their bookings stay, for nobody.
    for user in rng.sample(users, 2):
        user.delete()


def was_member(booking: Booking) -> bool:
    person = Person.objects.filter(user_id=booking.user_id).first()
    if person is None:
        return False
    approved = person.member_status == MemberStatus.APPROVED
    if approved and person.member_since is not None and person.member_since <= booking.starts_at:
        return True
    return any(
        role.company.member_status == MemberStatus.APPROVED
        and role.company.member_since is not None
        and role.company.member_since <= booking.starts_at
        for role in CompanyRole.objects.filter(
            person=person, status=CompanyRole.Status.CONFIRMED
        ).select_related("company")
    )


def reference(period: Period, municipality: str | None) -> dict:
    groups = defaultdict(lambda: {"bookings": 0, "length": 0.0, "users": set(), "orphans": 0})
    for b in Booking.objects.all():
        if not period.starts_at <= b.starts_at < period.ends_at or b.blocked or b.cancelled_at:
            continue
        if municipality:
            person = Person.objects.filter(user_id=b.user_id).first()
            if person is None or person.municipality != municipality:
                continue
        local = b.starts_at.astimezone(OSLO)
        side = spaces.MEMBERS if was_member(b) else spaces.OTHERS
        keys = [("everyone", None), ("resource", b.resource_id),
                ("weekday", local.isoweekday()), ("hour", local.hour), ("side", side)]  # fmt: skip
        for key in keys:
            group = groups[key]
            group["bookings"] += 1
            group["length"] += (b.ends_at - b.starts_at).total_seconds() / 3600
            if b.user_id is None:
                group["orphans"] += 1
            else:
                group["users"].add(b.user_id)
    return {key: {**g, "users": len(g["users"])} for key, g in groups.items()}


def micro(at) -> int:
    return (at - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)


def fast(period: Period, municipality: str | None) -> dict:
    uses = spaces.Uses(period, municipality)
    rows = {("everyone", None): uses.everyone}
    for key, group in uses.by.items():
        rows.update({(key, k): row for k, row in group.items()})
    return rows


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_hubs_use_matches_a_plain_count_on_random_data(db, seed):
    rng = random.Random(seed)
    random_use(rng, PERIODS[0])
    for period in PERIODS:
        for municipality in (None, "gol", "hol"):
            expected, got = reference(period, municipality), fast(period, municipality)
            assert set(got) == set(expected), (period, municipality)
            for key, row in expected.items():
                assert got[key]["bookings"] == row["bookings"], key
                assert got[key]["users"] == row["users"], key
                assert got[key]["orphans"] == row["orphans"], key
                assert got[key]["length"] == pytest.approx(row["length"], abs=1e-9), key
            assert expected[("everyone", None)]["bookings"] > 0 or municipality


@pytest.mark.parametrize("seed", [4, 5])
def test_the_earliest_membership_agrees_with_the_per_booking_form(db, seed):
    rng = random.Random(seed)
    random_use(rng, PERIODS[0])
    period = PERIODS[0]
    per_booking = (
        spaces.bookings_in(period)
        .annotate(side=member_then())
        .values_list("pk", "side")
    )
    expected = dict(per_booking)
    found = spaces.bookers(Booking.objects.values("user"))
    got = {}
    for b in spaces.bookings_in(period):
        since = found[b.user_id].member_since if b.user_id in found else None
        member = since is not None and since <= micro(b.starts_at)
        got[b.pk] = spaces.MEMBERS if member else spaces.OTHERS
    assert got == expected
    assert spaces.MEMBERS in expected.values() and spaces.OTHERS in expected.values()
