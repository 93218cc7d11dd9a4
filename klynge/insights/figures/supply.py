"""Competence supply against demand, by category of the taxonomy.

Supply is who offers a competence today: listed people whose skills the
viewer may see (directory/visibility.py decides) and listed companies, by
the municipality they are in. Demand is the needs published in the period
that asked for a competence of the category (the analyzer names a need's
competences when it is saved, needs/services.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from klynge.competence.models import Category
from klynge.core.region import municipalities
from klynge.directory.models import SupplyCount, SupplyMark
from klynge.directory.visibility import Viewer, visibilities_seen
from klynge.insights.figures.cells import Table, count
from klynge.insights.figures.period import Period
from klynge.needs.models import Need

FEW_PROVIDERS = 3  # fewer local providers than this, and a category asked for is a gap


@dataclass
class CategoryFigures:
    slug: str
    label: str
    people: dict[str, int]  # municipality of the region → people who offer it
    companies: dict[str, int]
    needs: int

    def providers(self, places: set[str]) -> int:
        return sum(n for m, n in self.people.items() if m in places) + sum(
            n for m, n in self.companies.items() if m in places
        )


def _supply(kind: str, viewer: Viewer | None) -> dict[int, dict[str, int]]:
    """Providers per category and municipality of the region (the only places the
    tables show), from the counts the directory keeps (directory/supply.py): a few
    hundred rows. People count when the viewer may see their skills, or are the
    viewer (``viewer`` None: companies, whom everyone sees)."""
    places = [m.slug for m in municipalities()]
    rows = SupplyCount.objects.filter(kind=kind, municipality__in=places, providers__gt=0)
    seen = visibilities_seen(viewer) if viewer else None
    if seen is not None:
        rows = rows.filter(visibility__in=seen)
    result: dict[int, dict[str, int]] = {}
    for category, municipality, n in rows.values_list("category", "municipality", "providers"):
        cell = result.setdefault(category, {})
        cell[municipality] = cell.get(municipality, 0) + n
    if viewer and viewer.person_id is not None:  # the viewer sees their own skills
        own = SupplyMark.objects.filter(
            kind=kind, owner_id=viewer.person_id, municipality__in=places
        ).exclude(visibility__in=seen)
        for category, municipality in own.values_list("category", "municipality"):
            cell = result.setdefault(category, {})
            cell[municipality] = cell.get(municipality, 0) + 1
    return result


def _demand(period: Period, municipality: str | None) -> dict[int, int]:
    needs = Need.objects.filter(
        published_at__gte=period.starts_at, published_at__lt=period.ends_at
    ).order_by()
    if municipality:
        needs = needs.filter(municipality=municipality)
    rows = needs.values("competences__category").annotate(n=Count("id", distinct=True))
    return {row["competences__category"]: row["n"] for row in rows if row["competences__category"]}


def category_figures(
    period: Period, municipality: str | None, viewer: Viewer
) -> list[CategoryFigures]:
    """One entry per category of the taxonomy, in its order; a person whose skills the
    viewer may not see is not counted."""
    people = _supply(SupplyMark.Kind.PERSON, viewer)
    companies = _supply(SupplyMark.Kind.COMPANY, None)
    demand = _demand(period, municipality)
    return [
        CategoryFigures(
            slug=category.slug,
            label=category.label,
            people=people.get(category.pk, {}),
            companies=companies.get(category.pk, {}),
            needs=demand.get(category.pk, 0),
        )
        for category in Category.objects.all()
    ]


def local_places(municipality: str | None) -> set[str]:
    return {municipality} if municipality else {m.slug for m in municipalities()}


def _link(name: str, **params) -> str:
    return f"{reverse(name)}?{urlencode({k: v for k, v in params.items() if v})}"


def supply_demand(figures: list[CategoryFigures], municipality: str | None) -> Table:
    places = local_places(municipality)
    table = Table(
        key="supply-demand",
        title=_("Competence: supply and demand"),
        description=_(
            "Providers are listed people and companies in the region (or the chosen "
            "municipality) that offer a competence of the category today; needs are those "
            "published in the period that asked for one."
        ),
        columns=[_("Local providers"), _("People"), _("Companies"), _("Needs that asked for it")],
        chart_columns=(0, 3),
    )
    for f in figures:
        people = sum(n for m, n in f.people.items() if m in places)
        companies = sum(n for m, n in f.companies.items() if m in places)
        table.add(
            f.slug,
            f.label,
            [count(people + companies), count(people), count(companies), count(f.needs)],
            link=_link("directory:people", kategori=f.slug, kommune=municipality),
        )
    return table


def by_municipality(figures: list[CategoryFigures], municipality: str | None) -> Table:
    places = [m for m in municipalities() if not municipality or m.slug == municipality]
    table = Table(
        key="supply-by-municipality",
        title=_("Providers by municipality"),
        description=_(
            "People and companies that offer a competence of the category, where they are."
        ),
        columns=[m.name for m in places],
        chart="none",
    )
    for f in figures:
        table.add(f.slug, f.label, [count(f.providers({m.slug})) for m in places])
    return table


def gaps(figures: list[CategoryFigures], municipality: str | None) -> Table:
    places = local_places(municipality)
    table = Table(
        key="gaps",
        title=_("Gaps: asked for, few or no local providers"),
        description=_(
            "Categories that needs asked for in the period, with fewer than three local providers."
        ),
        columns=[_("Needs that asked for it"), _("Local providers")],
    )
    for f in sorted(figures, key=lambda f: -f.needs):
        providers = f.providers(places)
        if f.needs and providers < FEW_PROVIDERS:
            table.add(
                f.slug,
                f.label,
                [count(f.needs), count(providers)],
                link=_link("needs:list", kategori=f.slug, kommune=municipality),
            )
    return table


def idle(figures: list[CategoryFigures], municipality: str | None) -> Table:
    places = local_places(municipality)
    table = Table(
        key="idle",
        title=_("Idle supply: offered, never asked for"),
        description=_(
            "Categories that local providers offer, which no need asked for in the period."
        ),
        columns=[_("Local providers")],
    )
    for f in sorted(figures, key=lambda f: -f.providers(places)):
        providers = f.providers(places)
        if providers and not f.needs:
            table.add(
                f.slug,
                f.label,
                [count(providers)],
                link=_link("directory:people", kategori=f.slug, kommune=municipality),
            )
    return table


def tables(period: Period, municipality: str | None, viewer: Viewer) -> list[Table]:
    figures = category_figures(period, municipality, viewer)
    return [
        supply_demand(figures, municipality),
        by_municipality(figures, municipality),
        gaps(figures, municipality),
        idle(figures, municipality),
    ]
