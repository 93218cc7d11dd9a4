"""The people and company lists: filters, sorting and pagination."""

from __future__ import annotations

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

from klynge.directory.models import Company, CompanySkill, Person, PersonSkill
from klynge.directory.visibility import Viewer, visible_q

PAGE_SIZE = 24
PERSON_ORDER = {"name": ("name", "id"), "newest": ("-created_at", "-id"),
                "municipality": ("municipality", "name", "id")}  # fmt: skip
COMPANY_ORDER = {"name": ("name", "id"), "newest": ("-created_at", "-id"),
                 "municipality": ("municipality", "name", "id")}  # fmt: skip


def people(viewer: Viewer, filters: dict) -> QuerySet[Person]:
    """Listed people matching ``filters`` (a cleaned FilterForm), as this viewer may find them.

    A skill or a headline only counts for the text filter when the viewer may
    see it: a hidden field never makes a person turn up.
    """
    queryset = Person.objects.listed()
    if filters.get("kommune"):
        queryset = queryset.in_municipality(filters["kommune"])
    if filters.get("tilgjengeleg"):
        queryset = queryset.filter(available_for_assignments=True)
    if filters.get("fjernarbeidar"):
        queryset = queryset.filter(remote_worker=True)
    if filters.get("medlem"):
        queryset = queryset.members()
    if filters.get("kategori"):
        # Only skills the viewer may see put a person in an area.
        in_area = PersonSkill.objects.filter(
            person=OuterRef("pk"), competence__category__slug=filters["kategori"]
        )
        queryset = queryset.filter(Exists(in_area), visible_q("skills", viewer))
    text = (filters.get("q") or "").strip()
    if text:
        return ranked(queryset, search_ranking(text, viewer, filters, kind="person"))
    order = PERSON_ORDER.get(filters.get("sorter") or "name", PERSON_ORDER["name"])
    return (
        queryset.order_by(*order)
        .select_related("employer")
        .prefetch_related(
            Prefetch(
                "skills",
                queryset=PersonSkill.objects.order_by(F("level").desc(nulls_last=True), "name"),
            )
        )
    )


def search_ranking(text: str, viewer: Viewer, filters: dict, kind: str):
    """The competence search's ranking for the text box: ids best first, with reasons."""
    from klynge.competence.services import search_providers

    return search_providers(text=text, viewer=viewer, filters=filters, kinds=(kind,))


def ranked(queryset: QuerySet, result) -> QuerySet:
    ids = [m.id for m in result.matches]
    if not ids:
        queryset = queryset.none()
    else:
        order = Case(
            *[When(pk=pk, then=Value(rank)) for rank, pk in enumerate(ids)],
            output_field=IntegerField(),
        )
        queryset = queryset.filter(pk__in=ids).annotate(rank=order).order_by("rank")
    queryset.search_result = result  # the view shows the reasons and "did you mean"
    return queryset


def companies(filters: dict, viewer: Viewer | None = None) -> QuerySet[Company]:
    queryset = Company.objects.listed()
    if filters.get("kommune"):
        queryset = queryset.filter(municipality=filters["kommune"])
    if filters.get("medlem"):
        queryset = queryset.members()
    if filters.get("kategori"):
        in_area = CompanySkill.objects.filter(
            company=OuterRef("pk"), competence__category__slug=filters["kategori"]
        )
        queryset = queryset.filter(Exists(in_area))
    text = (filters.get("q") or "").strip()
    if text:
        from klynge.directory.visibility import ANONYMOUS

        result = search_ranking(text, viewer or ANONYMOUS, filters, kind="company")
        return ranked(queryset, result).prefetch_related("skills")
    order = COMPANY_ORDER.get(filters.get("sorter") or "name", COMPANY_ORDER["name"])
    return queryset.order_by(*order).prefetch_related("skills")


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
