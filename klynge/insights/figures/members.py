"""Members and listed companies: by municipality, type, month and triple-helix sector."""

from __future__ import annotations

from collections import Counter

from django.db.models import Case, CharField, Count, Q, Value, When
from django.urls import reverse
from django.utils import formats
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from klynge.core.region import OUTSIDE_REGION, municipalities
from klynge.directory.models import Company, Person
from klynge.insights.figures.cells import Table, count, share
from klynge.insights.figures.period import Period, local_midnight

# The triple helix: business, the public sector, and education and research.
BUSINESS, PUBLIC, EDUCATION = "business", "public", "education"
# By the register's industry code: 84 is public administration, 85 education,
# 72 research and development (SN2007 and SN2025 alike).
PUBLIC_NACE = ("84",)
EDUCATION_NACE = ("85", "72")


def sector_of(prefix: str = "") -> Case:
    """The triple-helix sector of a company, from its industry code, in SQL."""
    nace = f"{prefix}nace__startswith"
    return Case(
        *[When(**{nace: code}, then=Value(PUBLIC)) for code in PUBLIC_NACE],
        *[When(**{nace: code}, then=Value(EDUCATION)) for code in EDUCATION_NACE],
        default=Value(BUSINESS),
        output_field=CharField(),
    )


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


def _counts_by(queryset, key: str, period: Period) -> dict[str, dict[str, int]]:
    end = period.ends_at
    rows = queryset.values(key).annotate(
        listed=Count("id", filter=Q(created_at__lt=end)),
        new=Count("id", filter=Q(created_at__gte=period.starts_at, created_at__lt=end)),
        members=Count("id", filter=Q(member_status="approved", member_since__lt=end)),
        new_members=Count(
            "id",
            filter=Q(
                member_status="approved", member_since__gte=period.starts_at, member_since__lt=end
            ),
        ),
    )
    return {row[key]: row for row in rows}


def _list_link(name: str, slug: str) -> str:
    return f"{reverse(name)}?{urlencode({'kommune': slug})}" if slug else ""


def by_municipality(period: Period, municipality: str | None) -> Table:
    people = _counts_by(people_in(municipality), "municipality", period)
    companies = _counts_by(companies_in(municipality), "municipality", period)
    table = Table(
        key="members-by-municipality",
        title=_("People and companies by municipality"),
        description=_(
            "Listed profiles created before the end of the period, and members approved before it."
        ),
        columns=[_("People"), _("Member people"), _("Companies"), _("Member companies")],
    )
    empty = {"listed": 0, "members": 0}
    for slug, name in municipality_rows():
        if municipality and slug != municipality:
            continue
        p, c = people.get(slug, empty), companies.get(slug, empty)
        cells = [count(p["listed"]), count(p["members"]), count(c["listed"]), count(c["members"])]
        table.add(slug or "none", name, cells, link=_list_link("directory:people", slug))
    return table


def _type_counts(period: Period, municipality: str | None) -> dict[str, dict[str, int]]:
    types = _counts_by(people_in(municipality).annotate(kind=Value("person")), "kind", period)
    types.update(_counts_by(companies_in(municipality).annotate(kind=sector_of()), "kind", period))
    return types


def by_type(period: Period, municipality: str | None) -> Table:
    types = _type_counts(period, municipality)
    table = Table(
        key="members-by-type",
        title=_("Members by type"),
        description=_(
            "Companies are sorted by their industry code: 84 public administration, "
            "85 education and 72 research; all others count as business."
        ),
        columns=[_("Members"), _("New members in the period"), _("Listed"), _("New in the period")],
    )
    labels = {"person": _("People"), **_company_type_labels()}
    empty = {"listed": 0, "new": 0, "members": 0, "new_members": 0}
    for key, label in labels.items():
        row = types.get(key, empty)
        cells = [
            count(row["members"]),
            count(row["new_members"]),
            count(row["listed"]),
            count(row["new"]),
        ]
        table.add(key, label, cells)
    return table


def _company_type_labels() -> dict[str, str]:
    return {
        BUSINESS: _("Companies"),
        PUBLIC: _("Public sector"),
        EDUCATION: _("Education and research"),
    }


def _members_by_month(queryset, period: Period) -> Counter:
    """Members approved in each month: one count per month between its Oslo
    midnights, in one query (truncating each row's date to its month in SQL
    costs a function call per row on SQLite)."""
    months = period.months()
    bounds = [max(local_midnight(m), period.starts_at) for m in months] + [period.ends_at]
    row = queryset.filter(
        member_status="approved",
        member_since__gte=period.starts_at,
        member_since__lt=period.ends_at,
    ).aggregate(
        **{
            f"m{i}": Count(
                "id", filter=Q(member_since__gte=bounds[i], member_since__lt=bounds[i + 1])
            )
            for i in range(len(months))
        }
    )
    return Counter({month: row[f"m{i}"] or 0 for i, month in enumerate(months)})


def by_month(period: Period, municipality: str | None) -> Table:
    people, companies = people_in(municipality), companies_in(municipality)
    new_people = _members_by_month(people, period)
    new_companies = _members_by_month(companies, period)
    before = (
        people.members().filter(member_since__lt=period.starts_at).count()
        + companies.members().filter(member_since__lt=period.starts_at).count()
    )
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
        total += new_people[month] + new_companies[month]
        label = formats.date_format(month, "YEAR_MONTH_FORMAT")
        table.add(
            month.isoformat()[:7],
            label,
            [count(new_people[month]), count(new_companies[month]), count(total)],
        )
    return table


def triple_helix(period: Period, municipality: str | None) -> Table:
    """Member people count in their employer's sector (business when they name none);
    member companies in their own."""
    end = period.ends_at
    people = (
        people_in(municipality)
        .filter(member_status="approved", member_since__lt=end)
        .annotate(
            sector=Case(
                When(employer__isnull=True, then=Value(BUSINESS)),
                default=sector_of("employer__"),
                output_field=CharField(),
            )
        )
        .values("sector")
        .annotate(n=Count("id"))
    )
    companies = (
        companies_in(municipality)
        .filter(member_status="approved", member_since__lt=end)
        .annotate(sector=sector_of())
        .values("sector")
        .annotate(n=Count("id"))
    )
    people_by = {row["sector"]: row["n"] for row in people}
    companies_by = {row["sector"]: row["n"] for row in companies}
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
    return [
        by_municipality(period, municipality),
        by_type(period, municipality),
        by_month(period, municipality),
        triple_helix(period, municipality),
    ]
