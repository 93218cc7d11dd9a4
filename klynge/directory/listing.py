"""The people and company lists: filters, sorting and pagination."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q, QuerySet

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
    text = (filters.get("q") or "").strip()
    if text:
        skilled = PersonSkill.objects.filter(name__icontains=text).values("person_id")
        queryset = queryset.filter(
            Q(name__icontains=text)
            | (Q(pk__in=skilled) & visible_q("skills", viewer))
            | (Q(headline__icontains=text) & visible_q("bio", viewer))
        )
    order = PERSON_ORDER.get(filters.get("sorter") or "name", PERSON_ORDER["name"])
    return (
        queryset.order_by(*order)
        .select_related("employer")
        .prefetch_related(
            Prefetch("skills", queryset=PersonSkill.objects.order_by("-level", "name"))
        )
    )


def companies(filters: dict) -> QuerySet[Company]:
    queryset = Company.objects.listed()
    if filters.get("kommune"):
        queryset = queryset.filter(municipality=filters["kommune"])
    if filters.get("medlem"):
        queryset = queryset.members()
    text = (filters.get("q") or "").strip()
    if text:
        skilled = CompanySkill.objects.filter(name__icontains=text).values("company_id")
        queryset = queryset.filter(
            Q(name__icontains=text) | Q(pk__in=skilled) | Q(description__icontains=text)
        )
    order = COMPANY_ORDER.get(filters.get("sorter") or "name", COMPANY_ORDER["name"])
    return queryset.order_by(*order).prefetch_related("skills")


def paginate(queryset: QuerySet, page_number) -> Page:
    return Paginator(queryset, PAGE_SIZE).get_page(page_number)
