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

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
)  # fmt: skip
from django.urls import reverse
from django.utils.translation import gettext as _

from klynge.directory.models import CompanyRole, MemberStatus
from klynge.insights.figures.cells import Cell, Table, count, is_small
from klynge.insights.figures.clock import Hours, local_hour, local_iso_weekday
from klynge.insights.figures.period import Period
from klynge.spaces.models import Booking, Resource, Weekday

MEMBERS, OTHERS = "members", "others"


def bookings_in(period: Period, municipality: str | None):
    bookings = Booking.objects.filter(
        starts_at__gte=period.starts_at,
        starts_at__lt=period.ends_at,
        cancelled_at__isnull=True,
        blocked=False,
    ).order_by()
    if municipality:
        bookings = bookings.filter(user__person__municipality=municipality)
    return bookings


def member_then() -> Case:
    """Whether the person booked for was a member when the booking started: approved
    themselves, or confirmed at a member company (directory/roles.py: is_member)."""
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
        When(himself | Q(Exists(by_company)), then=Value(MEMBERS)),
        default=Value(OTHERS),
        output_field=CharField(),
    )


def _aggregates() -> dict:
    """Bookings, booked time and people, counted in SQL."""
    return {
        "bookings": Count("id"),
        "length": Sum(Hours("ends_at", "starts_at")),
        "users": Count("user", distinct=True),
        "orphans": Count("id", filter=Q(user__isnull=True)),
    }


def _grouped(queryset, key: str) -> dict:
    rows = queryset.values(key).annotate(**_aggregates())
    return {row[key]: row for row in rows}


def _hours(length) -> float:
    return float(length or 0)


EMPTY = {"bookings": 0, "length": None, "users": 0, "orphans": 0}


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


def by_resource(period: Period, municipality: str | None) -> Table:
    rows = _grouped(bookings_in(period, municipality), "resource")
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


def by_weekday(period: Period, municipality: str | None) -> Table:
    bookings = bookings_in(period, municipality).annotate(
        weekday=local_iso_weekday(Booking, "starts_at", period.starts_at, period.ends_at)
    )
    rows = _grouped(bookings, "weekday")
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


def by_hour(period: Period, municipality: str | None) -> Table:
    bookings = bookings_in(period, municipality).annotate(
        hour=local_hour(Booking, "starts_at", period.starts_at, period.ends_at)
    )
    rows = _grouped(bookings, "hour")
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


def by_membership(period: Period, municipality: str | None) -> Table:
    bookings = bookings_in(period, municipality)
    rows = _grouped(bookings.annotate(side=member_then()), "side")
    everyone = bookings.aggregate(**_aggregates())
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
    table.add("all", _("Everyone"), _cells(everyone))
    table.add(MEMBERS, _("Members"), _cells(rows.get(MEMBERS, EMPTY)))
    table.add(OTHERS, _("Not members"), _cells(rows.get(OTHERS, EMPTY)))
    return table


def tables(period: Period, municipality: str | None) -> list[Table]:
    return [
        by_resource(period, municipality),
        by_weekday(period, municipality),
        by_hour(period, municipality),
        by_membership(period, municipality),
    ]
