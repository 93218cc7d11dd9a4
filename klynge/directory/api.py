"""GET /api/v1/people, /people/{id}, /companies, /companies/{id}: the same rules as the pages."""

from __future__ import annotations

from typing import Literal

from ninja import Query, Router, Schema
from ninja.errors import HttpError

from klynge.directory import listing
from klynge.directory.filters import ProviderFilters
from klynge.directory.models import Company, Person
from klynge.directory.visibility import PersonView, person_view, person_views, viewer_for

router = Router(tags=["directory"])


class ListFilters(Schema):
    q: str | None = None
    municipality: str | None = None
    category: str | None = None
    available: bool = False
    remote_worker: bool = False
    members_only: bool = False
    sort: Literal["name", "newest", "municipality"] = "name"
    page: int = 1

    def as_filters(self) -> ProviderFilters:
        """The same filters the HTML lists use."""
        return ProviderFilters(
            text=self.q or "",
            municipality=self.municipality or "",
            category=self.category or "",
            available=self.available,
            remote_worker=self.remote_worker,
            members_only=self.members_only,
            sort=self.sort,
        )


class SkillOut(Schema):
    name: str
    level: int | None


class PersonOut(Schema):
    id: int
    name: str
    url: str
    municipality: str
    languages: list[str]
    available_for_assignments: bool
    remote_worker: bool
    is_member: bool
    headline: str | None
    bio: str | None
    photo_url: str | None
    employer_name: str | None
    skills: list[SkillOut] | None
    contact_email: str | None
    phone: str | None
    links: dict[str, str]
    hidden: list[str]


class CompanyOut(Schema):
    id: int
    name: str
    url: str
    org_number: str | None
    nace: str
    municipality: str
    employees: int | None
    description: str
    services: list[str]
    skills: list[SkillOut]
    website: str
    is_member: bool
    is_claimed: bool


class PersonPage(Schema):
    count: int
    page: int
    pages: int
    results: list[PersonOut]


class CompanyPage(Schema):
    count: int
    page: int
    pages: int
    results: list[CompanyOut]


def _person_out(view: PersonView) -> dict:
    data = dict(view.__dict__)
    if view.skills is not None:
        data["skills"] = [{"name": s.name, "level": s.level} for s in view.skills]
    return data


def _company_out(company: Company) -> dict:
    return {
        **{f: getattr(company, f) for f in CompanyOut.model_fields if hasattr(company, f)},
        "url": company.get_absolute_url(),
        "skills": [{"name": s.name, "level": s.level} for s in company.skills.all()],
        "is_member": company.is_member,
    }


def _page(queryset, number: int):
    page = listing.paginate(queryset, number)
    return page, {
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
    }


@router.get("/people", response=PersonPage)
def people(request, filters: Query[ListFilters]):
    """Listed people, with each person's field groups as their visibility allows the caller."""
    viewer = viewer_for(request.user)
    page, meta = _page(listing.people(viewer, filters.as_filters()).queryset, filters.page)
    return {**meta, "results": [_person_out(v) for v in person_views(page.object_list, viewer)]}


@router.get("/people/{person_id}", response=PersonOut)
def person(request, person_id: int):
    people = Person.objects.listed().select_related("employer").prefetch_related("skills")
    found = people.filter(pk=person_id).first()
    if found is None:
        raise HttpError(404, "No such person in the directory.")
    return _person_out(person_view(found, viewer_for(request.user)))


@router.get("/companies", response=CompanyPage)
def companies(request, filters: Query[ListFilters]):
    page, meta = _page(listing.companies(filters.as_filters()).queryset, filters.page)
    return {**meta, "results": [_company_out(c) for c in page.object_list]}


@router.get("/companies/{company_id}", response=CompanyOut)
def company(request, company_id: int):
    found = Company.objects.listed().prefetch_related("skills").filter(pk=company_id).first()
    if found is None:
        raise HttpError(404, "No such company in the directory.")
    return _company_out(found)
