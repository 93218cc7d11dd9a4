"""Use of the hub's desks, rooms and booth: by resource, weekday and hour of day.

A booking counts when it starts in the period and was not cancelled; staff
blocks are not use. Times are the hub's (Europe/Oslo): a booking counts in
the weekday and the hour it starts. Booked hours are the bookings' lengths
(without the pause after). A person is the account booked for; a booking
whose account is gone counts as one person of its own.

Every row hides all its cells when one or two people make it, since a row of
one person's bookings tells when that person was at the hub. With a
municipality chosen, only bookings of people whose profile is there count.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from functools import partial
from itertools import compress
from operator import is_, itemgetter

from django.urls import reverse
from django.utils.translation import gettext as _

from klynge.directory.models import CompanyRole, MemberStatus, Person
from klynge.insights.figures.cells import Cell, Table, count, is_small
from klynge.insights.figures.clock import MICROSECONDS, EpochMicroseconds, LocalClock
from klynge.insights.figures.period import Period
from klynge.spaces.models import Booking, Resource, Weekday

MEMBERS, OTHERS = "members", "others"
EMPTY = {"bookings": 0, "length": None, "users": 0, "orphans": 0}


def bookings_in(period: Period):
    """The bookings that count: starting in the period, not cancelled, not blocks."""
    return Booking.objects.filter(
        starts_at__gte=period.starts_at,
        starts_at__lt=period.ends_at,
        cancelled_at__isnull=True,
        blocked=False,
    ).order_by()


class Booker:
    """What the figures need of an account booked for: where its profile is, and
    the earliest moment it was a member (``EpochMicroseconds``), if it is one."""

    __slots__ = ("municipality", "member_since")

    def __init__(self, municipality: str | None = None):
        self.municipality, self.member_since = municipality, None

    def joined(self, since: int) -> None:
        if self.member_since is None or since < self.member_since:
            self.member_since = since


def bookers(users) -> dict[int, Booker]:
    """The accounts in ``users`` (a query of user ids) with a profile or a role.

    A member is one from its own approval, or from that of a member company
    where it is confirmed: a booking at or after ``member_since`` was a member's
    (directory/roles.py: is_member), read once per account instead of asked per booking. Only
    the accounts are filtered in SQL: SQLite (no statistics) otherwise reads
    every member from the member index instead of probing the accounts."""
    approved, confirmed = MemberStatus.APPROVED, CompanyRole.Status.CONFIRMED
    people = (
        Person.objects.filter(user__in=users)
        .order_by()
        .values_list("user", "municipality", "member_status", EpochMicroseconds("member_since"))
    )
    found: dict[int, Booker] = {}
    for user, municipality, status, since in people:
        booker = found[user] = Booker(municipality)
        if status == approved and since is not None:
            booker.joined(since)
    roles = CompanyRole.objects.filter(person__user__in=users).order_by().values_list(
        "person__user", "status", "company__member_status",
        EpochMicroseconds("company__member_since"),
    )  # fmt: skip
    for user, role, status, since in roles:
        if role == confirmed and status == approved and since is not None:
            found.setdefault(user, Booker()).joined(since)  # a profile made meanwhile
    return found


def grouped(keys: list, users: list, lengths: list) -> dict:
    """Bookings, booked hours, people and bookings for deleted accounts per key,
    from one column of keys beside the bookings' accounts and lengths (in
    microseconds): counted by ``Counter`` and sets, not an object per row."""
    length: dict = defaultdict(int)
    for (key, micro), n in Counter(zip(keys, lengths, strict=True)).items():
        length[key] += micro * n  # bookings mostly share a few lengths
    orphans = Counter(compress(keys, map(partial(is_, None), users)))
    # Distinct (key, account) pairs; a key's bookings for deleted accounts make
    # one pair (key, None), which is not a person: they count in ``orphans``.
    people = Counter(map(itemgetter(0), set(zip(keys, users, strict=True))))
    people.subtract(orphans.keys())
    return {
        key: {
            "bookings": n,
            "length": length[key] / MICROSECONDS["hour"],
            "users": people[key],
            "orphans": orphans[key],
        }  # fmt: skip
        for key, n in Counter(keys).items()
    }


class Uses:
    """The period's bookings read once (as whole microseconds, no datetime parsed)
    and grouped in Python by resource, weekday, hour and membership, each row as
    its own grouped query counted it; the accounts booked for read once more."""

    def __init__(self, period: Period, municipality: str | None):
        bookings = bookings_in(period)
        rows = bookings.values_list(
            "resource", "user", EpochMicroseconds("starts_at"), EpochMicroseconds("ends_at")
        )
        found = bookers(bookings.filter(user__isnull=False).values("user"))
        local = LocalClock(period.starts_at, period.ends_at).hour_and_weekday
        columns = {key: [] for key in ("resource", "user", "length", "hour", "weekday", "side")}
        nobody = Booker()
        for resource, user, starts, ends in rows:
            booker = found.get(user, nobody)
            if municipality and booker.municipality != municipality:
                continue  # counts where the account's profile is: no account, no profile
            since = booker.member_since
            hour, weekday = local(starts)
            columns["resource"].append(resource)
            columns["user"].append(user)
            columns["length"].append(ends - starts)
            columns["hour"].append(hour)
            columns["weekday"].append(weekday)
            columns["side"].append(MEMBERS if since is not None and since <= starts else OTHERS)
        users, lengths = columns["user"], columns["length"]
        self.everyone = grouped([None] * len(users), users, lengths).get(None, EMPTY)
        self.by = {key: grouped(columns[key], users, lengths)
                   for key in ("resource", "weekday", "hour", "side")}  # fmt: skip


def _hours(length) -> float:
    return float(length or 0)


def _cells(row: dict) -> list[Cell]:
    """Bookings, booked hours, people; all hidden when one or two people make the row."""
    people = row["users"] + row["orphans"]
    if is_small(people):
        return [Cell(None, suppressed=True), Cell(None, suppressed=True, unit="h"),
                Cell(None, suppressed=True)]  # fmt: skip
    hours = round(_hours(row["length"]), 1)
    whole = hours == int(hours)
    return [count(row["bookings"]), Cell(int(hours) if whole else hours, unit="h"), count(people)]


def _columns() -> list[str]:
    return [_("Bookings"), _("Booked hours"), _("People")]


def by_resource(uses: Uses) -> Table:
    rows = uses.by["resource"]
    table = Table(
        key="spaces-by-resource",
        title=_("Use of the hub by resource"),
        description=_(
            "Bookings that start in the period and were not cancelled (staff blocks are not "
            "counted), their length in hours, and the people they were for."
        ),
        columns=_columns(),
        chart_columns=(0, 1),
    )
    link = reverse("spaces:overview")
    resources = Resource.objects.order_by("place", "order", "id")
    for resource in resources:
        if resource.pk not in rows and not resource.active:
            continue  # a retired resource with no use in the period
        table.add(f"resource-{resource.pk}", resource.name, _cells(rows.get(resource.pk, EMPTY)),
                  link=link)  # fmt: skip
    return table


def by_weekday(uses: Uses) -> Table:
    rows = uses.by["weekday"]
    table = Table(
        key="spaces-by-weekday",
        title=_("Use of the hub by weekday"),
        description=_("Bookings by the weekday they start on, in the hub's time."),
        columns=_columns(),
        chart_columns=(0, 1),
    )
    for day in Weekday:
        table.add(f"weekday-{day.value}", day.label, _cells(rows.get(day.value + 1, EMPTY)))
    return table


def by_hour(uses: Uses) -> Table:
    rows = uses.by["hour"]
    table = Table(
        key="spaces-by-hour",
        title=_("Use of the hub by hour of day"),
        description=_(
            "Bookings by the hour they start, in the hub's time, from the first hour "
            "anyone started a booking to the last."
        ),
        columns=_columns(),
        chart_columns=(0, 1),
    )
    if rows:
        for hour in range(min(rows), max(rows) + 1):
            table.add(f"hour-{hour:02d}", f"{hour:02d}:00", _cells(rows.get(hour, EMPTY)))
    return table


def by_membership(uses: Uses) -> Table:
    rows = uses.by["side"]
    table = Table(
        key="spaces-members",
        title=_("Members and others at the hub"),
        description=_(
            "Unique users: the people the bookings were for. Members were members when the "
            "booking started; the others are everyone else who booked."
        ),
        columns=_columns(),
        chart_columns=(2,),
    )
    table.add("all", _("Everyone"), _cells(uses.everyone))
    table.add(MEMBERS, _("Members"), _cells(rows.get(MEMBERS, EMPTY)))
    table.add(OTHERS, _("Not members"), _cells(rows.get(OTHERS, EMPTY)))
    return table


def tables(period: Period, municipality: str | None) -> list[Table]:
    uses = Uses(period, municipality)
    return [by_resource(uses), by_weekday(uses), by_hour(uses), by_membership(uses)]
