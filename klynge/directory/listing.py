"""The people and company lists: filters, sorting and pagination."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Value,
    When,
)

from klynge.directory.filters import ProviderFilters
from klynge.directory.models import Company, CompanySkill, Person, PersonSkill
from klynge.directory.providers import SearchResult, search_providers
from klynge.directory.visibility import ANONYMOUS, Viewer, visible_q

PAGE_SIZE = 24
PERSON_ORDER = {"name": ("name", "id"), "newest": ("-created_at", "-id"),
                "municipality": ("municipality", "name", "id")}  # fmt: skip
COMPANY_ORDER = {"name": ("name", "id"), "newest": ("-created_at", "-id"),
                 "municipality": ("municipality", "name", "id")}  # fmt: skip


@dataclass
class Listing:
    """A list to show: its rows, and what a text search found out about them."""

    queryset: QuerySet
    reasons: dict[int, list[str]] = field(default_factory=dict)  # id -> why it matched
    suggestion: str | None = None  # "did you mean", when the search found nothing


def people(viewer: Viewer, filters: ProviderFilters) -> Listing:
    """Listed people matching ``filters``, as this viewer may find them.

    A skill or a headline only counts for the text filter when the viewer may
    see it: a hidden field never makes a person turn up.
    """
    queryset = Person.objects.listed()
    if filters.municipality:
        queryset = queryset.in_municipality(filters.municipality)
    if filters.available:
        queryset = queryset.filter(available_for_assignments=True)
    if filters.remote_worker:
        queryset = queryset.filter(remote_worker=True)
    if filters.members_only:
        queryset = queryset.members()
    if filters.category:
        # Only skills the viewer may see put a person in an area.
        in_area = PersonSkill.objects.filter(
            person=OuterRef("pk"), competence__category__slug=filters.category
        )
        queryset = queryset.filter(Exists(in_area), visible_q("skills", viewer))
    # A card shows the employer and the skills: read them with the page, not per card.
    queryset = queryset.select_related("employer").prefetch_related(
        Prefetch(
            "skills",
            queryset=PersonSkill.objects.order_by(F("level").desc(nulls_last=True), "name"),
        )
    )
    if filters.text.strip():
        return ranked(queryset, search_ranking(viewer, filters, kind="person"))
    order = PERSON_ORDER.get(filters.sort or "name", PERSON_ORDER["name"])
    return Listing(queryset.order_by(*order))


def search_ranking(viewer: Viewer, filters: ProviderFilters, kind: str) -> SearchResult:
    """The competence search's ranking for the text box: ids best first, with reasons."""
    stripped = replace(filters, text=filters.text.strip())
    return search_providers(filters=stripped, viewer=viewer, kinds=(kind,))


def ranked(queryset: QuerySet, result: SearchResult) -> Listing:
    ids = [m.id for m in result.matches]
    if not ids:
        queryset = queryset.none()
    else:
        order = Case(
            *[When(pk=pk, then=Value(rank)) for rank, pk in enumerate(ids)],
            output_field=IntegerField(),
        )
        queryset = queryset.filter(pk__in=ids).annotate(rank=order).order_by("rank")
    reasons = {m.id: m.reasons for m in result.matches}
    return Listing(queryset, reasons=reasons, suggestion=result.suggestion)


def companies(filters: ProviderFilters, viewer: Viewer = ANONYMOUS) -> Listing:
    queryset = Company.objects.listed()
    if filters.municipality:
        queryset = queryset.filter(municipality=filters.municipality)
    if filters.members_only:
        queryset = queryset.members()
    if filters.category:
        in_area = CompanySkill.objects.filter(
            company=OuterRef("pk"), competence__category__slug=filters.category
        )
        queryset = queryset.filter(Exists(in_area))
    if filters.text.strip():
        result = search_ranking(viewer, filters, kind="company")
        return ranked(queryset.prefetch_related("skills"), result)
    order = COMPANY_ORDER.get(filters.sort or "name", COMPANY_ORDER["name"])
    return Listing(queryset.order_by(*order).prefetch_related("skills"))


class _Paginator(Paginator):
    """Reads a page's ids first, then only those rows.

    Going to page 200 the database steps over 4,776 entries: in an index
    that holds the ids that costs little, while reading each skipped row as
    well (what slicing the queryset does) made deep pages twice as slow.
    """

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = self.object_list.values("pk")[bottom:top]
        return self._get_page(self.object_list.filter(pk__in=ids), number, self)


def paginate(queryset: QuerySet, page_number) -> Page:
    return _Paginator(queryset, PAGE_SIZE).get_page(page_number)
