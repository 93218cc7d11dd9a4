"""Events in the period and the people who came, by format.

A participant is a registration that held a place (confirmed). Check-in is
optional, so no-shows are counted only at events where someone was checked in.
With a municipality chosen, only participants whose profile is there count;
the events themselves are the region's.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from klynge.directory.models import MemberStatus, Person
from klynge.events.models import AccountFirstPlace, Event, GuestFirstPlace, Registration
from klynge.insights.figures.cells import Table, count, share
from klynge.insights.figures.period import Period

ALL = "all"
Confirmed = Registration.Status.CONFIRMED


def events_in(period: Period):
    return Event.objects.filter(
        starts_at__gte=period.starts_at, starts_at__lt=period.ends_at
    ).order_by()


def registrations_in(period: Period, municipality: str | None):
    registrations = Registration.objects.filter(
        event__starts_at__gte=period.starts_at,
        event__starts_at__lt=period.ends_at,
        event__status=Event.Status.PUBLISHED,
    ).order_by()
    if municipality:
        registrations = registrations.filter(user__person__municipality=municipality)
    return registrations


def _formats() -> dict[str, str]:
    return {ALL: _("All"), **dict(Event.Format.choices)}


def _event_counts(period: Period) -> dict[str, dict]:
    # The places taken are counted per event in a subquery (from the index on
    # event and status): annotating the events grouped the rows by every column.
    confirmed = (
        Registration.objects.filter(event=OuterRef("pk"), status=Confirmed)
        .order_by()
        .values("event")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = events_in(period).values_list(
        "format", "status", "capacity", Subquery(confirmed, output_field=IntegerField())
    )
    result = {f: {"held": 0, "cancelled": 0, "full": 0} for f in _formats()}
    for format_, status, capacity, confirmed in rows:
        for side in (format_, ALL):
            if status == Event.Status.CANCELLED:
                result[side]["cancelled"] += 1
            elif status == Event.Status.PUBLISHED:
                result[side]["held"] += 1
                result[side]["full"] += capacity is not None and (confirmed or 0) >= capacity
    return result


def _registration_counts(period: Period, municipality: str | None) -> dict[str, dict]:
    """Sign-ups by format. A no-show counts only where anyone (from any
    municipality) was checked in. For all municipalities the sign-ups are
    counted per event, with the event's own count of check-ins, and added up
    here: asking each of 40,000 sign-ups was the cost. For one municipality the
    few sign-ups not checked in ask their event (grouped per event, PostgreSQL
    read every check-in of every event to answer it). The event is counted, not
    the key (both are never null): every column read is then in the index
    ``registration_event_turnout``, and PostgreSQL reads the index alone, per
    event, instead of every sign-up."""
    absent = Q(status=Confirmed, attended_at__isnull=True)
    if municipality:
        checked_in = Registration.objects.filter(event=OuterRef("event"), attended_at__isnull=False)
        absent &= Q(Exists(checked_in))
    figures = {
        "signups": Count("event", filter=Q(status=Confirmed)),
        "attended": Count("event", filter=Q(status=Confirmed, attended_at__isnull=False)),
        "no_shows": Count("event", filter=absent),
        "waitlisted": Count("event", filter=Q(status=Registration.Status.WAITLISTED)),
        "cancelled_signups": Count("event", filter=Q(status=Registration.Status.CANCELLED)),
    }
    group = ["event__format"]
    if not municipality:
        figures["checked_in"] = Count("event", filter=Q(attended_at__isnull=False))
        group.append("event")
    rows = registrations_in(period, municipality).values(*group).annotate(**figures).order_by()
    result: dict[str, dict] = {}
    for row in rows:
        if not municipality and not row.pop("checked_in"):
            row["no_shows"] = 0
        row.pop("event", None)
        format_ = row.pop("event__format")
        for side in (format_, ALL):
            counts = result.setdefault(side, dict.fromkeys(row, 0))
            for field, value in row.items():
                counts[field] += value
    return result


# SQLite: the period's places grouped once by person (an account, or a guest's
# address in lower case; the places without either in one group, ``n`` of
# them; accounts and guests apart, so that only the accounts' places look up a
# profile, and guests count only for all municipalities). PostgreSQL takes the
# same counts from two aggregates (_people_by_aggregates). First-timers on both come
# from the first places the database keeps (first_timers).
PEOPLE_SQL = """
SELECT
    COUNT(*) FILTER (WHERE k.user_id IS NOT NULL),
    COUNT(*) FILTER (WHERE k.later),
    COUNT(*) FILTER (WHERE k.user_id IS NULL AND k.address <> ''),
    TOTAL(k.n) FILTER (WHERE k.user_id IS NULL AND k.address = '')
FROM (
    SELECT r.user_id, NULL AS address,
           MAX(p.member_status = %(approved)s AND p.member_since > e.starts_at) AS later,
           COUNT(*) AS n
    FROM {registration} r
    JOIN {event} e ON e.id = r.event_id
    LEFT JOIN {person} p ON p.user_id = r.user_id
    WHERE e.status = %(published)s AND e.starts_at >= %(start)s AND e.starts_at < %(end)s
      AND r.status = %(confirmed)s AND r.user_id IS NOT NULL {in_municipality}
    GROUP BY 1
    UNION ALL
    SELECT NULL, r.email_key, 0, COUNT(*)
    FROM {registration} r
    JOIN {event} e ON e.id = r.event_id
    WHERE e.status = %(published)s AND e.starts_at >= %(start)s AND e.starts_at < %(end)s
      AND r.status = %(confirmed)s AND r.user_id IS NULL AND %(municipality)s IS NULL
    GROUP BY 2
) k
"""
IN_MUNICIPALITY = "AND p.municipality = %(municipality)s"


def people_query(period: Period, municipality: str | None) -> tuple[str, dict]:
    """PEOPLE_SQL for the period and municipality, and its parameters."""
    tables = {
        "registration": Registration._meta.db_table,
        "event": Event._meta.db_table,
        "person": Person._meta.db_table,
    }
    sql = PEOPLE_SQL.format(in_municipality=IN_MUNICIPALITY if municipality else "", **tables)
    adapt = connection.ops.adapt_datetimefield_value
    params = {
        "confirmed": Confirmed,
        "published": Event.Status.PUBLISHED,
        "approved": MemberStatus.APPROVED,
        "start": adapt(period.starts_at),
        "end": adapt(period.ends_at),
        "municipality": municipality,
    }
    return sql, params


def people_figures(period: Period, municipality: str | None) -> dict[str, int]:
    """Distinct participants, first-timers and those who became members after coming.

    A person is their account; a guest their email address (in any case); a
    walk-in without an address counts once for each registration. SQLite reads
    them in one pass (PEOPLE_SQL), PostgreSQL in two (_people_by_aggregates).
    """
    if connection.vendor != "sqlite":
        return _people_by_aggregates(period, municipality)
    sql, params = people_query(period, municipality)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        users, later_members, guests, nameless = cursor.fetchone()
    nameless = int(nameless)  # TOTAL() is a float
    return {
        "participants": users + guests + nameless,
        "first_timers": first_timers(period, municipality) + nameless,
        "later_members": later_members,
    }


def first_timers(period: Period, municipality: str | None) -> int:
    """Accounts and guest addresses whose first place ever is in the period: exactly
    the period's participants who held no place before it. The database keeps
    each one's first place (AccountFirstPlace, GuestFirstPlace), so this reads a
    range of two small indexes instead of comparing the period's participants
    with every earlier place. With a municipality, accounts whose profile is
    there; guests have no profile and count only for all municipalities."""
    span = Q(starts_at__gte=period.starts_at, starts_at__lt=period.ends_at)
    accounts = AccountFirstPlace.objects.filter(span)
    if municipality:
        there = Person.objects.filter(municipality=municipality, user__isnull=False)
        return accounts.filter(user_id__in=there.values("user")).count()
    return accounts.count() + GuestFirstPlace.objects.filter(span).count()


def _people_by_aggregates(period: Period, municipality: str | None) -> dict[str, int]:
    """people_figures on PostgreSQL: one pass over the accounts' places and one
    over the guests' (each count with its own filter), not one query per count."""
    participated = registrations_in(period, municipality).filter(status=Confirmed)
    became = Q(user__person__member_status="approved",
               user__person__member_since__gt=F("event__starts_at"))  # fmt: skip
    accounts = participated.filter(user__isnull=False).aggregate(
        users=Count("user", distinct=True),
        later_members=Count("user", distinct=True, filter=became),
    )
    walk_ins = participated.filter(user__isnull=True).aggregate(
        guests=Count("email_key", distinct=True, filter=~Q(email_key="")),
        nameless=Count("event", filter=Q(email_key="")),
    )
    nameless = walk_ins["nameless"]
    return {
        "participants": accounts["users"] + walk_ins["guests"] + nameless,
        "first_timers": first_timers(period, municipality) + nameless,
        "later_members": accounts["later_members"],
    }


def tables(period: Period, municipality: str | None) -> list[Table]:
    formats = _formats()
    events = _event_counts(period)
    registrations = _registration_counts(period, municipality)
    table = Table(
        key="events",
        title=_("Events and turnout by format"),
        description=_(
            "Events that start in the period. Sign-ups hold a place; no-shows are counted only "
            "at events where people were checked in; on the waitlist means never given a place."
        ),
        columns=list(formats.values()),
    )
    link = reverse("events:list")
    ev0 = {"held": 0, "cancelled": 0, "full": 0}
    rg0 = {"signups": 0, "attended": 0, "no_shows": 0, "waitlisted": 0, "cancelled_signups": 0}
    rows = [
        ("held", _("Events held"), events, ev0),
        ("cancelled", _("Events cancelled"), events, ev0),
        ("full", _("Events that were full"), events, ev0),
        ("signups", _("Sign-ups"), registrations, rg0),
        ("attended", _("Checked in"), registrations, rg0),
        ("no_shows", _("No-shows"), registrations, rg0),
        ("waitlisted", _("Left on the waitlist"), registrations, rg0),
        ("cancelled_signups", _("Cancelled sign-ups"), registrations, rg0),
    ]
    for key, label, source, empty in rows:
        table.add(
            key.replace("_", "-"),
            label,
            [count(source.get(f, empty)[key]) for f in formats],
            link=link if key == "held" else "",
        )
    people = people_figures(period, municipality)
    participants = Table(
        key="participants",
        title=_("Participants"),
        description=_(
            "Distinct people who held a place at an event in the period; first-timers had "
            "never held one before; later members became members after the event."
        ),
        columns=[_("People"), _("Share")],
        chart="none",
    )
    total = people["participants"]
    participants.add("participants", _("Participants"), [count(total), share(total, total)])
    participants.add(
        "first-timers",
        _("First-time participants"),
        [count(people["first_timers"]), share(people["first_timers"], total)],
    )
    participants.add(
        "later-members",
        _("Became members afterwards"),
        [count(people["later_members"]), share(people["later_members"], total)],
    )
    return [table, participants]
