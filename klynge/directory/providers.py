"""Providers for a need or a search: the engine's ranking, turned into people and companies.

``klynge.competence.matching`` ranks index documents for the viewer's index
audience (``visibility.index_audience``); this module loads the listed
people and companies they stand for and says what the API and pages show.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from klynge.competence.matching import Candidate, Reading, rank, suggest
from klynge.directory.filters import ProviderFilters
from klynge.directory.models import Company, Person
from klynge.directory.visibility import Viewer, can_see, index_audience, municipality_name

KINDS = ("person", "company")
ALWAYS_AVAILABLE = ("company",)  # companies are in business; they count as available

# What a person reads instead of a score (docs/matching.md). A score is relative
# to the best candidate, so these say how a provider compares, not an absolute bar.
STRONG, GOOD = 0.7, 0.45
# Pages show no match below this: a card at 0.12 is noise that costs trust.
SHOWN_FROM = 0.25


@dataclass
class Match:
    kind: str
    id: int
    external_id: str | None
    name: str
    url: str
    score: float
    reasons: list[str] = field(default_factory=list)
    place: str = ""  # the municipality's name: always public
    headline: str = ""  # a person's title or work, when the viewer may see it

    @property
    def strength(self) -> str:
        """ "strong", "good" or "possible": what the pages say instead of the number."""
        if self.score >= STRONG:
            return "strong"
        return "good" if self.score >= GOOD else "possible"


def worth_showing(matches: list[Match]) -> list[Match]:
    """The matches a page shows a person: those above the floor."""
    return [m for m in matches if m.score >= SHOWN_FROM]


@dataclass
class SearchResult:
    matches: list[Match]
    suggestion: str | None  # "did you mean", when nothing matched


def match(
    *,
    title: str,
    description: str = "",
    municipality: str | None = None,
    viewer: Viewer,
    limit: int = 10,
    kinds: tuple[str, ...] = KINDS,
    filters: tuple[str, ...] = (),
    related: bool = True,
    reading: Reading | None = None,
    chosen: Sequence[str] = (),
) -> list[Match]:
    """Rank providers for a need (or a search), as ``viewer`` may find them.
    ``filters`` are index tags that every result must carry
    (``klynge.competence.index.tag``); ``related``: also providers with a competence
    related to one named; ``reading``: the need as already read; ``chosen``: the
    competences the poster ticked (``competence.matching.rank``)."""
    candidates = rank(
        title=title,
        description=description,
        municipality=municipality,
        audience=index_audience(viewer),
        kind=kinds[0] if len(kinds) == 1 else None,
        filters=filters,
        always_available=ALWAYS_AVAILABLE,
        limit=limit,
        related=related,
        reading=reading,
        chosen=chosen,
    )
    return to_matches(candidates, viewer)


def to_matches(candidates: list[Candidate], viewer: Viewer) -> list[Match]:
    """The listed people and companies the candidates stand for, as ``viewer`` sees them,
    in the candidates' order."""
    providers = load_providers(candidates)
    results = []
    for candidate in candidates:
        provider = providers.get((candidate.kind, candidate.object_id))
        if provider is None:  # unlisted since the candidates were read
            continue
        results.append(_match(candidate, provider, viewer))
    return results


def _match(candidate: Candidate, provider: Person | Company, viewer: Viewer) -> Match:
    reasons = list(candidate.reasons)
    headline = ""
    if candidate.kind == "person":
        if provider.available_for_assignments:
            reasons.append(_("available for assignments"))
        if can_see(provider.bio_visibility, viewer, owner_id=provider.pk):
            headline = provider.headline
    return Match(
        kind=candidate.kind,
        id=provider.pk,
        external_id=provider.external_id,
        name=provider.name,
        url=provider.get_absolute_url(),
        score=candidate.score,
        reasons=reasons,
        place=municipality_name(provider.municipality),
        headline=headline,
    )


def load_providers(candidates: list[Candidate]) -> dict[tuple[str, int], Person | Company]:
    """(kind, id) -> the listed person or company, with the fields a match shows."""
    people = [c.object_id for c in candidates if c.kind == "person"]
    companies = [c.object_id for c in candidates if c.kind == "company"]
    found: dict[tuple[str, int], Person | Company] = {}
    if people:
        rows = Person.objects.listed().filter(pk__in=people)
        rows = rows.only(
            "pk", "external_id", "name", "available_for_assignments", "municipality",
            "headline", "bio_visibility",
        )  # fmt: skip
        found.update({("person", p.pk): p for p in rows})
    if companies:
        rows = Company.objects.listed().filter(pk__in=companies)
        rows = rows.only("pk", "external_id", "name", "municipality")
        found.update({("company", c.pk): c for c in rows})
    return found


def search_providers(
    *, filters: ProviderFilters, viewer: Viewer, kinds: tuple[str, ...] = KINDS,
    limit: int = 240,
) -> SearchResult:  # fmt: skip
    """The directory's and the API's text search: the ranking of matching, filtered."""
    # A search for a word lists who has it; related competences are a need's business
    # (they widen the search and cost a good half of its time, docs/BENCHMARKS.md).
    matches = match(
        title=filters.text, viewer=viewer, kinds=kinds, filters=filters.index_tags(),
        limit=limit, related=False,
    )  # fmt: skip
    return SearchResult(matches=matches, suggestion=suggest(filters.text) if not matches else None)
