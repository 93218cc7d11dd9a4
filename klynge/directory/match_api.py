"""GET /api/v1/search and POST /api/v1/match, as docs/interchange.md describes."""

from __future__ import annotations

from typing import Literal

from ninja import Field, Query, Router, Schema
from pydantic import field_validator

from klynge.core.region import OUTSIDE_REGION, by_slug
from klynge.directory.filters import ProviderFilters
from klynge.directory.providers import Match, match, search_providers
from klynge.directory.visibility import viewer_for

router = Router(tags=["competence"])  # the tag the API's documentation has always shown


def _known_municipality(slug: str | None) -> str | None:
    # The slug becomes a search token and a cache key: only the region's own.
    if slug and slug != OUTSIDE_REGION and by_slug(slug) is None:
        raise ValueError(f"Unknown municipality {slug!r}.")
    return slug or None


class NeedIn(Schema):
    title: str = Field(min_length=1, max_length=300)
    description: str = Field("", max_length=20_000)
    municipality: str | None = None
    posted_by: Literal["business", "public"] | None = None
    external_id: str | None = None

    _municipality = field_validator("municipality")(_known_municipality)


class MatchOut(Schema):
    kind: Literal["person", "company"]
    id: int
    external_id: str | None
    name: str
    url: str
    score: float
    reasons: list[str]


class MatchesOut(Schema):
    results: list[MatchOut]


class SearchOut(MatchesOut):
    did_you_mean: str | None


class SearchQuery(Schema):
    q: str = Field(min_length=1, max_length=300)
    municipality: str | None = None
    available: bool = False
    remote_worker: bool = False
    members_only: bool = False
    kind: Literal["person", "company"] | None = None
    limit: int = Field(20, ge=1, le=100)

    _municipality = field_validator("municipality")(_known_municipality)


def _out(matches: list[Match]) -> list[dict]:
    return [m.__dict__ for m in matches]


@router.post("/match", response=MatchesOut)
def match_need(request, need: NeedIn, limit: int = Query(10, ge=1, le=100)):
    """The best providers for a need, best first, each with a score and reasons."""
    matches = match(
        title=need.title,
        description=need.description,
        municipality=need.municipality,
        viewer=viewer_for(request.user),
        limit=limit,
    )
    return {"results": _out(matches)}


@router.get("/search", response=SearchOut)
def search(request, query: Query[SearchQuery]):
    """Search people and companies by competence, in bokmål, nynorsk or English."""
    filters = ProviderFilters(
        text=query.q,
        municipality=query.municipality or "",
        available=query.available,
        remote_worker=query.remote_worker,
        members_only=query.members_only,
    )
    kinds = (query.kind,) if query.kind else ("person", "company")
    result = search_providers(
        filters=filters, viewer=viewer_for(request.user), kinds=kinds, limit=query.limit
    )
    return {"results": _out(result.matches), "did_you_mean": result.suggestion}
