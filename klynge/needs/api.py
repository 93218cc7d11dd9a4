"""The needs API: the same rules as the pages, through the same services.

Errors have one shape, ``{"detail": "..."}``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.security import django_auth

from klynge.core.api import ErrorOut
from klynge.core.errors import Conflict, Invalid, NotAllowed
from klynge.core.ratelimit import client_key, hit
from klynge.core.region import municipality_choices
from klynge.directory.match_api import MatchesOut
from klynge.directory.models import Company
from klynge.directory.visibility import viewer_for
from klynge.needs import alerts, rules, services
from klynge.needs.filters import NeedFilters
from klynge.needs.models import Need
from klynge.needs.views.board import PAGE_SIZE, POST_RATE
from klynge.needs.views.threads import WRITE_RATE

router = Router(tags=["needs"])

BudgetIn = Literal[tuple(Need.Budget.values)]


class NeedOut(Schema):
    id: int
    external_id: str | None
    title: str
    description: str
    url: str
    status: str
    municipality: str
    posted_by: str
    organisation: str
    budget: str
    deadline: date | None
    audience: str
    tender_url: str = Field(description="The tender notice (https), or empty.")
    public_buyer: bool = Field(
        description="Posted for a public body the register confirms (sector code)."
    )
    competences: list[str]
    published_at: datetime | None
    expires_at: datetime | None
    answers: int | None = Field(None, description="Only for the poster and staff.")


class NeedIn(Schema):
    title: str = Field(min_length=3, max_length=200)
    description: str = Field("", max_length=20_000)
    municipality: str = ""
    deadline: date | None = None
    budget: BudgetIn = Need.Budget.UNKNOWN
    posted_by: Literal["business", "public"] = "business"
    organisation: str = Field("", max_length=200)
    audience: Literal["public", "members"] = "public"
    tender_url: str = Field("", max_length=500, description="https only, or empty.")
    external_id: str | None = Field(None, max_length=64)
    draft: bool = False


class NeedPatch(Schema):
    title: str | None = Field(None, min_length=3, max_length=200)
    description: str | None = Field(None, max_length=20_000)
    municipality: str | None = None
    deadline: date | None = None
    budget: BudgetIn | None = None
    posted_by: Literal["business", "public"] | None = None
    organisation: str | None = Field(None, max_length=200)
    audience: Literal["public", "members"] | None = None
    tender_url: str | None = Field(None, max_length=500, description="https only; '' removes it.")
    status: Literal["open", "filled", "closed"] | None = Field(
        None, description="'open' submits a draft; 'filled' and 'closed' settle the need."
    )


class NeedQuery(Schema):
    municipality: str | None = None
    category: str | None = None
    posted_by: Literal["business", "public"] | None = None
    # Bounded, so that the offset stays a number every database can take.
    page: int = Field(1, ge=1, le=100_000)

    def filters(self) -> NeedFilters:
        return NeedFilters(
            municipality=self.municipality or "",
            category=self.category or "",
            posted_by=self.posted_by or "",
        )


class AnswerIn(Schema):
    message: str = Field(min_length=1, max_length=5000)
    company_id: int | None = None


class AnswerOut(Schema):
    id: int
    need_id: int
    provider: str
    url: str


def need_out(request: HttpRequest, need: Need) -> dict:
    show_answers = rules.can_see_matches(request.user, need)
    return {
        "id": need.pk,
        "external_id": need.external_id,
        "title": need.title,
        "description": need.description,
        "url": request.build_absolute_uri(need.get_absolute_url()),
        "status": need.status,
        "municipality": need.municipality,
        "posted_by": need.posted_by,
        "organisation": need.organisation,
        "budget": need.budget,
        "deadline": need.deadline,
        "audience": need.audience,
        "tender_url": need.tender_url,
        "public_buyer": need.is_public_buyer,
        "competences": [c.slug for c in need.competences.all()],
        "published_at": need.published_at,
        "expires_at": need.expires_at,
        "answers": need.answers.active().count() if show_answers else None,
    }


def _valid_municipality(slug: str) -> bool:
    return slug == "" or slug in dict(municipality_choices())


def _unknown_municipality(slug: str) -> Invalid:
    return Invalid(_("Unknown municipality '%(slug)s'.") % {"slug": slug})


def visible(request: HttpRequest, id: int) -> Need:
    return get_object_or_404(Need.objects.visible_to(request.user), pk=id)


@router.get("", response=list[NeedOut])
def list_needs(request: HttpRequest, query: Query[NeedQuery]):
    """Open needs the caller may see, newest first, 20 a page."""
    needs = Need.objects.visible_to(request.user).board(query.filters())
    start = (query.page - 1) * PAGE_SIZE
    return [need_out(request, n) for n in needs[start : start + PAGE_SIZE]]


@router.post(
    "", auth=django_auth,
    response={201: NeedOut, 400: ErrorOut, 403: ErrorOut, 409: ErrorOut, 429: ErrorOut},
)  # fmt: skip
def create_need(request: HttpRequest, payload: NeedIn):
    """Post a need. A first need waits for staff approval (status 'pending')."""
    if not hit("needs-post", client_key(request), POST_RATE):
        return Status(429, {"detail": "Too many needs posted; try again later."})
    data = payload.dict()
    draft = data.pop("draft")
    if not _valid_municipality(data["municipality"]):
        raise _unknown_municipality(data["municipality"])
    if data["external_id"] and Need.objects.filter(external_id=data["external_id"]).exists():
        raise Conflict(_("A need with this external_id exists."))
    need = services.need_create(poster=request.user, publish=not draft, **data)
    return Status(201, need_out(request, need))


@router.get("/{id}", response={200: NeedOut, 404: ErrorOut})
def get_need(request: HttpRequest, id: int):
    return need_out(request, visible(request, id))


@router.patch(
    "/{id}", auth=django_auth,
    response={200: NeedOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
)  # fmt: skip
def update_need(request: HttpRequest, id: int, payload: NeedPatch):
    """Change a need, or move it on with ``status``; only its poster (and staff) may."""
    need = visible(request, id)
    data = payload.dict(exclude_unset=True)
    status = data.pop("status", None)
    if "municipality" in data and not _valid_municipality(data["municipality"] or ""):
        raise _unknown_municipality(data["municipality"])
    if data.get("municipality") is None and "municipality" in data:
        data["municipality"] = ""
    required = sorted(k for k, v in data.items() if v is None and k != "deadline")
    if required:
        raise Invalid(
            _("These fields cannot be null: %(fields)s.") % {"fields": ", ".join(required)}
        )
    if data:
        services.need_update(need=need, by=request.user, **data)
    if status == "open":
        services.need_submit(need=need, by=request.user)
    elif status == "filled":
        services.need_fill(need=need, by=request.user)
    elif status == "closed":
        services.need_close(need=need, by=request.user)
    need.refresh_from_db()
    return need_out(request, need)


@router.get("/{id}/matches", response={200: MatchesOut, 403: ErrorOut, 404: ErrorOut})
def need_matches(request: HttpRequest, id: int, limit: int = Query(10, ge=1, le=100)):
    """The best providers for a stored need, as POST /match returns them. As on the
    need's page, only its poster and staff see them."""
    need = visible(request, id)
    if not rules.can_see_matches(request.user, need):
        raise NotAllowed(_("Only the poster of the need and staff see its matches."))
    matches = alerts.need_matches(need, viewer=viewer_for(request.user), limit=limit)
    return {"results": [m.__dict__ for m in matches]}


@router.post(
    "/{id}/answers", auth=django_auth,
    response={201: AnswerOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut,
              429: ErrorOut},
)  # fmt: skip
def answer_need(request: HttpRequest, id: int, payload: AnswerIn):
    """Answer a need as yourself, or for a company you are an admin of."""
    if not hit("needs-answer", client_key(request), WRITE_RATE):
        return Status(429, {"detail": "Too many answers; try again later."})
    need = visible(request, id)
    company = None
    if payload.company_id is not None:
        company = Company.objects.filter(pk=payload.company_id).first()
        if company is None:
            raise Invalid(_("Unknown company."))
    answer = services.answer_create(
        need=need, by=request.user, message=payload.message, company=company
    )
    return Status(
        201,
        {
            "id": answer.pk,
            "need_id": need.pk,
            "provider": answer.provider_name,
            "url": request.build_absolute_uri(answer.get_absolute_url()),
        },
    )
