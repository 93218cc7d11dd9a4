"""Members and listed companies: by municipality, type, month and triple-helix sector."""

from __future__ import annotations

from django.db import connection
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils import formats
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from klynge.core.region import OUTSIDE_REGION, municipalities
from klynge.directory.models import Company, MemberStatus, Person
from klynge.insights.figures.cells import Table, count, share
from klynge.insights.figures.period import Period, local_midnight

# The triple helix: business, the public sector, and education and research.
BUSINESS, PUBLIC, EDUCATION = "business", "public", "education"
# By the register's industry code: 84 is public administration, 85 education,
# 72 research and development (SN2007 and SN2025 alike).
PUBLIC_NACE = ("84",)
EDUCATION_NACE = ("85", "72")


def in_sector(sector: str) -> Q:
    """Companies of ``sector`` (public or education), by their industry code.

    On SQLite each code is also asked as a range (``"84" <= nace < "85"``, the
    same rows in its binary order), so that ``company_insights_nace`` finds
    them without reading every company (a ``LIKE`` reads them all). Other
    engines' collations need not order text by bytes: there ``LIKE`` alone."""
    codes = {PUBLIC: PUBLIC_NACE, EDUCATION: EDUCATION_NACE}[sector]
    ranged = connection.vendor == "sqlite"
    condition = Q()
    for code in codes:
        if ranged:
            following = code[:-1] + chr(ord(code[-1]) + 1)
            condition |= Q(nace__gte=code, nace__lt=following, nace__startswith=code)
        else:
            condition |= Q(nace__startswith=code)
    return condition


def sector_of_code(nace: str | None) -> str:
    """The triple-helix sector of an industry code, as ``in_sector`` sorts it."""
    nace = nace or ""
    if nace.startswith(PUBLIC_NACE):
        return PUBLIC
    if nace.startswith(EDUCATION_NACE):
        return EDUCATION
    return BUSINESS


def sector_labels() -> dict[str, str]:
    return {
        BUSINESS: _("Business"),
        PUBLIC: _("Public sector"),
        EDUCATION: _("Education and research"),
    }


def municipality_rows() -> list[tuple[str, str]]:
    """Every place a profile can say, in the order of the valley; then outside, then none."""
    return [(m.slug, m.name) for m in municipalities()] + [
        (OUTSIDE_REGION, _("Outside the region")),
        ("", _("Not given")),
    ]


def people_in(municipality: str | None):
    people = Person.objects.listed().order_by()
    return people.in_municipality(municipality) if municipality else people


def companies_in(municipality: str | None):
    companies = Company.objects.listed().order_by()
    return companies.filter(municipality=municipality) if municipality else companies


def tally(condition: Q | None = None) -> Count:
    """COUNT(1), filtered by ``condition``: it needs no column, so the database
    can count from an index that holds only the columns the filters name
    (``COUNT("id")`` would make PostgreSQL read the table for the id)."""
    return Count(Value(1), filter=condition)


def sector_companies(sector: str):
    """The ids of every company of ``sector`` (public or education), listed or not,
    as a subquery: the database reads it once, not once a person."""
    return Company.objects.filter(in_sector(sector)).order_by().values("id")


class Scan:
    """Every count the four member tables need, in five small queries, each
    read from an index that holds every column it names, never from the wide
    rows (the indexes are in directory/models.py; docs/insights.md):

    - listed people by municipality: listed, new (``person_insights_created``);
    - member people by municipality: members, members before the period, and
      those whose employer is public or education: one pass over the member
      rows (``person_insights_members``), the employers' ids a list read once
      (on SQLite found by ``company_insights_nace``, not by reading every company);
    - new member people in the period, a row a month (``_month_of``): only
      the period's entries of ``person_insights_members`` are read, found by
      municipality (those the members above have) and then by date;
    - listed companies by municipality and industry code: listed, new,
      members, before (``company_insights``, in its own order: nothing to
      sort, no sector worked out per row); and new member companies by
      industry code and month. The codes' rows are summed into sectors in
      Python (``sector_of_code``, ``_by_sector``).

    A month's count is between two Oslo midnights, not a truncation of every
    row's date (on SQLite a Python call per row). Rows without a municipality
    key (``None``) count only in the totals."""

    def __init__(self, period: Period, municipality: str | None):
        self.months = period.months()
        start, end = period.starts_at, period.ends_at
        people = people_in(municipality)
        member = Q(member_status=MemberStatus.APPROVED)
        members = people.filter(member, member_since__lt=end)
        by_place = list(
            members.values("municipality").annotate(
                members=tally(),
                before=tally(Q(member_since__lt=start)),
                **{s: tally(Q(employer__in=sector_companies(s))) for s in (PUBLIC, EDUCATION)},
            )
        )
        # Every new member is one of the members above, so their places are all
        # there is: asked by place, the index gives the period's range of each.
        places = [row["municipality"] for row in by_place]
        # ``is_listed IN (true)``: SQLite uses a bare ``"is_listed"`` (how Django
        # writes ``=True``) as no key of the index, and then reads every member.
        new = members.filter(member_since__gte=start, municipality__in=places, is_listed__in=[True])
        self.people = [
            *people.filter(created_at__lt=end)
            .values("municipality")
            .annotate(listed=tally(), new=tally(Q(created_at__gte=start))),
            *by_place,
            *({"municipality": None, **row} for row in (
                new.annotate(month=self._month_of(period)).values("month").annotate(new_members=tally())
                if places else [])),
        ]  # fmt: skip
        companies = companies_in(municipality)
        self.companies = [
            *companies.values("municipality", "is_listed", "nace").annotate(
                listed=tally(Q(created_at__lt=end)),
                new=tally(Q(created_at__gte=start, created_at__lt=end)),
                members=tally(member & Q(member_since__lt=end)),
                before=tally(member & Q(member_since__lt=start)),
            ),
            *({**row, "municipality": None} for row in companies.filter(
                member, member_since__gte=start, member_since__lt=end
            ).annotate(month=self._month_of(period))
             # Grouped by nace alone, SQLite would read it from company_insights_nace
             # and every company's row for the rest.
             .values("municipality", "is_listed", "nace", "month").annotate(new_members=tally())),
        ]  # fmt: skip
        self.companies = self._by_sector(self.companies)
        # A person's sector is their employer's; business when they name none.
        self.people_sectors = {key: self.total(self.people, key) for key in (PUBLIC, EDUCATION)}
        self.people_sectors[BUSINESS] = self.total(self.people, "members") - sum(
            self.people_sectors.values()
        )

    def _month_of(self, period: Period) -> Case:
        """The month (its index in ``self.months``) of a member_since in the
        period: the first month whose end (an Oslo midnight) is after it. One
        ``CASE`` a row, its tests stopping at the first true one, grouped on,
        costs half of a conditional count per month (docs/insights.md)."""
        bounds = [max(local_midnight(m), period.starts_at) for m in self.months[1:]]
        return Case(
            *(When(member_since__lt=bound, then=Value(i)) for i, bound in enumerate(bounds)),
            default=Value(len(self.months) - 1),
            output_field=IntegerField(),
        )

    @staticmethod
    def _by_sector(rows: list[dict]) -> list[dict]:
        """The rows by industry code summed into rows by sector (the tables
        then add up a few dozen rows, not one a code)."""
        merged: dict[tuple, dict] = {}
        for row in rows:
            key = (row.pop("municipality", None), sector_of_code(row.pop("nace")),
                   row.pop("month", None), row.pop("is_listed", None))  # fmt: skip
            into = merged.setdefault(key, {"municipality": key[0], "sector": key[1]})
            if key[2] is not None:
                into["month"] = key[2]
            for field, n in row.items():
                into[field] = into.get(field, 0) + n
        return list(merged.values())

    @staticmethod
    def total(rows: list[dict], field: str, **where) -> int:
        return sum(r.get(field, 0) for r in rows if all(r.get(k) == v for k, v in where.items()))

    def month(self, rows: list[dict], month) -> int:
        return self.total(rows, "new_members", month=self.months.index(month))


def _list_link(name: str, slug: str) -> str:
    return f"{reverse(name)}?{urlencode({'kommune': slug})}" if slug else ""


def by_municipality(period: Period, municipality: str | None, scan: Scan | None = None) -> Table:
    scan = scan or Scan(period, municipality)
    table = Table(
        key="members-by-municipality",
        title=_("People and companies by municipality"),
        description=_(
            "Listed profiles created before the end of the period, and members approved before it."
        ),
        columns=[_("People"), _("Member people"), _("Companies"), _("Member companies")],
    )
    for slug, name in municipality_rows():
        if municipality and slug != municipality:
            continue
        cells = [
            count(scan.total(rows, field, municipality=slug))
            for rows in (scan.people, scan.companies)
            for field in ("listed", "members")
        ]
        table.add(slug or "none", name, cells, link=_list_link("directory:people", slug))
    return table


def by_type(period: Period, municipality: str | None, scan: Scan | None = None) -> Table:
    scan = scan or Scan(period, municipality)
    table = Table(
        key="members-by-type",
        title=_("Members by type"),
        description=_(
            "Companies are sorted by their industry code: 84 public administration, "
            "85 education and 72 research; all others count as business."
        ),
        columns=[_("Members"), _("New members in the period"), _("Listed"), _("New in the period")],
    )
    fields = ("members", "new_members", "listed", "new")
    table.add("person", _("People"), [count(scan.total(scan.people, f)) for f in fields])
    for key, label in _company_type_labels().items():
        cells = [count(scan.total(scan.companies, f, sector=key)) for f in fields]
        table.add(key, label, cells)
    return table


def _company_type_labels() -> dict[str, str]:
    return {
        BUSINESS: _("Companies"),
        PUBLIC: _("Public sector"),
        EDUCATION: _("Education and research"),
    }


def by_month(period: Period, municipality: str | None, scan: Scan | None = None) -> Table:
    """Members approved in each month: one count per month between its Oslo
    midnights (truncating each row's date to its month in SQL costs a function
    call per row on SQLite)."""
    scan = scan or Scan(period, municipality)
    before = scan.total(scan.people, "before") + scan.total(scan.companies, "before")
    table = Table(
        key="members-by-month",
        title=_("New members by month"),
        description=_(
            "People and companies approved as members each month, "
            "and all members at the end of the month."
        ),
        columns=[_("New member people"), _("New member companies"), _("Members at month end")],
        chart_columns=(2,),
    )
    total = before
    for month in period.months():
        people, companies = scan.month(scan.people, month), scan.month(scan.companies, month)
        total += people + companies
        label = formats.date_format(month, "YEAR_MONTH_FORMAT")
        table.add(month.isoformat()[:7], label, [count(people), count(companies), count(total)])
    return table


def triple_helix(period: Period, municipality: str | None, scan: Scan | None = None) -> Table:
    """Member people count in their employer's sector (business when they name none);
    member companies in their own."""
    scan = scan or Scan(period, municipality)
    people_by = {key: scan.people_sectors.get(key, 0) for key in sector_labels()}
    companies_by = {
        key: scan.total(scan.companies, "members", sector=key) for key in sector_labels()
    }
    total = sum(people_by.values()) + sum(companies_by.values())
    table = Table(
        key="triple-helix",
        title=_("Triple-helix mix of members"),
        description=_(
            "Member people count in the sector of their employer (business if they name none), "
            "member companies in their own."
        ),
        columns=[_("Members"), _("Member people"), _("Member companies"), _("Share")],
    )
    for key, label in sector_labels().items():
        n = people_by.get(key, 0) + companies_by.get(key, 0)
        table.add(
            key,
            label,
            [
                count(n),
                count(people_by.get(key, 0)),
                count(companies_by.get(key, 0)),
                share(n, total),
            ],
        )
    return table


def tables(period: Period, municipality: str | None) -> list[Table]:
    scan = Scan(period, municipality)
    return [
        by_municipality(period, municipality, scan),
        by_type(period, municipality, scan),
        by_month(period, municipality, scan),
        triple_helix(period, municipality, scan),
    ]
