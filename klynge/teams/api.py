"""GET /api/v1/needs/{id}/teams: the teams proposed for a need, as its page shows them.

The same rules as the page (``proposals.can_see_proposals``) and the same errors as the
rest of the needs API: a need the caller may not see is 404, one that no longer takes
answers 409.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from klynge.core.api import ErrorOut
from klynge.core.errors import Conflict
from klynge.directory.visibility import viewer_for
from klynge.needs.api import visible
from klynge.teams.proposals import can_see_proposals, need_proposals

router = Router(tags=["teams"])


class TeamMemberOut(Schema):
    kind: str = Field(description="'person' or 'company'.")
    id: int
    external_id: str | None
    name: str
    url: str
    part: str = Field(description="The need's competences this member brings, named.")
    competences: list[str]
    reasons: list[str]
    place: str


class TickedOut(Schema):
    slug: str
    label: str
    covered: str = Field(description="'yes', 'partly' or 'no'.")
    partly: str = Field(
        description="When 'partly': 'related' (a member has a related competence) or "
        "'mentioned' (a member's profile only mentions it in free text); else ''."
    )


class TeamOut(Schema):
    members: list[TeamMemberOut]
    coverage: float = Field(description="Weighted share of the need's competences, 0..1.")
    competences: list[TickedOut]
    reasons: list[str]


class TeamsOut(Schema):
    need_id: int
    competences: list[str] = Field(description="The competences the need names.")
    covered_by_one: bool = Field(description="One provider covers the need well: no team.")
    teams: list[TeamOut]


@router.get("/{id}/teams", response={200: TeamsOut, 404: ErrorOut, 409: ErrorOut})
def need_teams(request: HttpRequest, id: int):
    """Up to three teams of two to four providers who together cover the need, when no
    single provider covers it well; only providers the caller may see."""
    need = visible(request, id)
    if not can_see_proposals(request.user, need):
        raise Conflict(_("The need no longer takes answers, so no teams are proposed."))
    found = need_proposals(need, viewer_for(request.user))
    return {
        "need_id": need.pk,
        "competences": found.competences,
        "covered_by_one": found.covered_by_one,
        "teams": [
            {
                "members": [m.__dict__ for m in team.members],
                "coverage": team.coverage,
                "competences": [t.__dict__ for t in team.competences],
                "reasons": team.reasons,
            }
            for team in found.teams
        ],
    }
