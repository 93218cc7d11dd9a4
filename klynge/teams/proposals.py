"""Proposed teams for a need, as a viewer may see them, with the reasons for each.

The matcher ranks candidates for the viewer's index audience, so a field a person
keeps from that audience never makes them cover a competence; only listed people
and companies are loaded (``directory.providers.to_matches``), so a hidden profile
is never in a team, and nothing about a team (its coverage, a partner's part)
depends on anyone the viewer may not see: the optimiser is given only those.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from klynge.competence.matching import need_concepts, rank
from klynge.competence.vocabulary import label
from klynge.core.region import municipalities
from klynge.directory.documents import MEMBER_TAG
from klynge.directory.models import Company, Person
from klynge.directory.providers import ALWAYS_AVAILABLE, SHOWN_FROM, Match, to_matches
from klynge.directory.visibility import Viewer, index_audience, viewer_for
from klynge.needs.models import Need
from klynge.teams import propose as optimiser


@dataclass
class ProposalMember:
    kind: str  # "person" or "company"
    id: int
    name: str
    url: str
    part: str  # the competences this member brings, named, comma-separated
    competences: list[str]  # the same, one by one
    reasons: list[str]  # why this provider, as a single match says
    external_id: str | None = None
    place: str = ""
    larger: bool = False  # a company with optimiser.LARGE employees or more


@dataclass
class Ticked:
    """One of the need's competences, and whether the team covers it."""

    slug: str
    label: str
    covered: str  # "yes", "partly" or "no"
    # When partly: "mentioned" (the member whose part it is only mentions it in free
    # text) or "related" (the member has a related competence); else "".
    partly: str = ""


@dataclass
class Proposal:
    members: list[ProposalMember]
    competences: list[Ticked]
    coverage: float  # weighted share of the need's competences, 0..1
    reasons: list[str] = field(default_factory=list)

    @property
    def covered_count(self) -> int:
        return sum(1 for t in self.competences if t.covered == "yes")


@dataclass
class Proposals:
    teams: list[Proposal]
    competences: list[str]  # the need's competences, named
    covered_by_one: bool  # one provider covers the need well: no team needed


NONE = Proposals(teams=[], competences=[], covered_by_one=False)


def can_see_proposals(user, need: Need) -> bool:
    """Whoever may see the need, while it takes answers: proposals are built from what
    the viewer may find on Finn hjelp anyway."""
    return need.is_accepting


def _filters(need: Need) -> tuple[str, ...]:
    return (MEMBER_TAG,) if need.audience == Need.Audience.MEMBERS else ()


def need_proposals(need: Need, viewer: Viewer, *, limit: int = optimiser.LIMIT) -> Proposals:
    """Up to ``limit`` teams for ``need`` from the providers ``viewer`` may see."""
    audience = index_audience(viewer)
    filters = _filters(need)
    chosen = need.chosen_slugs
    concepts = need_concepts(title=need.title, description=need.description, chosen=chosen)
    if len(concepts) < optimiser.MIN_SIZE:
        return NONE
    candidates = rank(
        title=need.title,
        description=need.description,
        municipality=need.municipality or None,
        audience=audience,
        filters=filters,
        always_available=ALWAYS_AVAILABLE,
        limit=optimiser.POOL + 1,
        chosen=chosen,
    )
    own = Person.objects.filter(user_id=need.poster_id).values_list("pk", flat=True).first()
    candidates = [c for c in candidates if not (c.kind == "person" and c.object_id == own)]
    matches = {(m.kind, m.id): m for m in to_matches(candidates[: optimiser.POOL], viewer)}
    covers = {(c.kind, c.object_id): _covers(c) for c in candidates}
    mentioned = {(c.kind, c.object_id): c.mentioned for c in candidates}
    return _proposals(concepts, matches, covers, limit, mentioned)


def _covers(candidate) -> dict[str, float]:
    """What a candidate covers, for the optimiser: a competence its profile only mentions
    in free text counts ``optimiser.MENTIONED``, not 1 (docs/matching.md, "Provenance")."""
    return {
        slug: optimiser.MENTIONED if slug in candidate.mentioned else degree
        for slug, degree in candidate.covers.items()
    }


def _proposals(
    concepts: dict, matches: dict, covers: dict, limit: int, mentioned: dict
) -> Proposals:
    rows = list(
        Company.objects.filter(pk__in=[i for k, i in matches if k == "company"]).values_list(
            "pk", "employees", "open_to_team", "open_to_team_for"
        )
    )
    employees = {row[0]: row[1] for row in rows}
    open_to_team = {row[0]: row[3] for row in rows if row[2]}
    providers = [
        optimiser.Provider(
            key=key,
            relevance=match.score,
            covers=covers.get(key, {}),
            employees=employees.get(key[1]) if key[0] == "company" else None,
            in_region=_in_region(match),
        )
        for key, match in matches.items()
    ]
    language = get_language() or "nb"
    names = {slug: label(slug, language) for slug in concepts}
    shown = [p for p in providers if p.relevance >= SHOWN_FROM]
    if optimiser.covered_well(concepts, shown):
        return Proposals(teams=[], competences=list(names.values()), covered_by_one=True)
    teams = [
        _proposal(team, matches, names, mentioned)
        for team in optimiser.propose(concepts, providers, limit=limit, well_from=SHOWN_FROM)
    ]
    for proposal in teams:
        _add_open_to_team(proposal, open_to_team)
    return Proposals(
        teams=teams,
        competences=list(names.values()),
        covered_by_one=False,
    )


def _add_open_to_team(proposal: Proposal, open_to_team: dict[int, str]) -> None:
    """A company that said it is open to team up (directory) says so among its reasons."""
    for member in proposal.members:
        if member.kind == "company" and member.id in open_to_team:
            what = open_to_team[member.id]
            reason = (
                _("open to team up: %(what)s") % {"what": what} if what else _("open to team up")
            )
            member.reasons = [*member.reasons, reason]


def _in_region(match: Match) -> bool:
    # A match names its municipality; the region's are settings.
    return match.place in {m.name for m in municipalities()}


def _proposal(team: optimiser.Team, matches: dict, names: dict, mentioned: dict) -> Proposal:
    members = []
    for member in team.members:
        match = matches[member.provider.key]
        part = [names[slug] for slug in member.part]
        members.append(
            ProposalMember(
                kind=match.kind,
                id=match.id,
                name=match.name,
                url=match.url,
                part=", ".join(part),
                competences=part,
                reasons=match.reasons,
                external_id=match.external_id,
                place=match.place,
                larger=member.provider.larger,
            )
        )
    ticked = [
        Ticked(
            slug=slug,
            label=name,
            covered={1.0: "yes", optimiser.PARTLY: "partly"}.get(team.covered.get(slug), "no"),
        )
        for slug, name in names.items()
    ]
    for tick in ticked:
        if tick.covered == "partly":
            holder = next((m.provider.key for m in team.members if tick.slug in m.part), None)
            tick.partly = "mentioned" if tick.slug in mentioned.get(holder, ()) else "related"
    proposal = Proposal(members=members, competences=ticked, coverage=team.coverage)
    proposal.reasons = _team_reasons(team, proposal)
    return proposal


def _team_reasons(team: optimiser.Team, proposal: Proposal) -> list[str]:
    """Why this team: what it covers together, its mix of sizes, and where it is."""
    total, covered = len(proposal.competences), proposal.covered_count
    if covered == total:
        reasons = [_("Together they cover every competence the need names")]
    else:
        reasons = [
            ngettext(
                "Together they cover %(covered)s of the %(total)s competence the need names",
                "Together they cover %(covered)s of the %(total)s competences the need names",
                total,
            )
            % {"covered": covered, "total": total}
        ]
    if team.mixed:
        larger = [m.name for m in proposal.members if m.larger]
        reasons.append(
            _("%(names)s brings the capacity of a larger company, the others are small")
            % {"names": ", ".join(larger)}
        )
    size = len(team.members)
    if team.in_region == size:
        reasons.append(_("all in the region"))
    elif team.in_region:
        reasons.append(
            _("%(count)s of %(size)s in the region") % {"count": team.in_region, "size": size}
        )
    return reasons


def proposals_panel(request, need: Need) -> str:
    """The need page's proposed teams, or nothing when there are none to show."""
    if not can_see_proposals(request.user, need):
        return ""
    proposals = need_proposals(need, viewer_for(request.user))
    if not proposals.teams:
        return ""
    context = {"need": need, "proposals": proposals}
    return render_to_string("teams/_proposals.html", context, request=request)
