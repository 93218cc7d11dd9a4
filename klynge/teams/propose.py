"""The team optimiser: which two to four providers together cover a need.

Pure Python, no Django, no database: the need's competences with their weights
and the candidates with what each covers in, up to three teams out. It is a
weighted set cover with a size limit, solved exactly over the best candidates:
every team of two to four of the ``POOL`` most relevant candidates in which each
member brings a competence nobody else in the team brings as well, scored as
below; then the best teams that are not near-duplicates of a better one.

A team's score (docs/matching.md, "Teams"):

- the weighted share of the need's competences it covers (a related competence
  counts ``RELATED`` of one, one only mentioned in free text ``MENTIONED``), which
  dominates;
- ``MIX`` when a larger company (``LARGE`` employees or more) works with small
  firms or freelancers;
- ``REGION`` times the share of its members in the region;
- ``RELEVANCE`` times the members' mean relevance (the matcher's score);
- less ``PER_MEMBER`` for each member beyond two: fewer partners are easier.

Competences are bit masks, so a team's coverage is two ORs and a table look-up;
100 candidates take a few milliseconds (``bench/matching/teams/speed.py``).
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

POOL = 30  # the most relevant candidates searched over
MIN_SIZE, MAX_SIZE = 2, 4
LIMIT = 3  # teams proposed, at most
SHORTLIST = 300  # the best teams looked at first for three different ones
# A competence covered only partly counts this share of one; any degree under 1 is
# "partly", so a team's coverage stays two ORs and a look-up.
PARTLY = 0.5
RELATED = PARTLY  # a related competence (as matching's RELATED_SHARE)
# A competence a provider only mentions in free text (a bio, a company's description) and
# declares nowhere (not a skill, a service or a headline): the words say they have met it
# ("svarer kundene på nettsiden", "oppgaver i saksbehandling"), not that they offer it.
# About as likely as a related competence to be one they can do, so the same share. It
# never counts for "covers it well", and a member who declares it takes the part first.
MENTIONED = PARTLY
WELL = 0.75  # a single provider covering this share of the need covers it well: no team
GAIN = 0.15  # a team must cover this much more than the best single provider shown
LARGE = 10  # employees from which a company counts as larger (in a valley of small firms)
MIX, REGION, RELEVANCE, PER_MEMBER = 0.06, 0.05, 0.05, 0.03


@dataclass(frozen=True)
class Provider:
    """A candidate as the optimiser sees it. ``covers``: competence -> 1 (declares it) or
    a share (``RELATED`` for a related one, ``MENTIONED`` for one only mentioned in free
    text); ``employees``: None for a person or an unknown size."""

    key: tuple[str, int]
    relevance: float
    covers: Mapping[str, float]
    employees: int | None = None
    in_region: bool = False

    @property
    def larger(self) -> bool:
        return self.key[0] == "company" and (self.employees or 0) >= LARGE


@dataclass(frozen=True)
class Member:
    provider: Provider
    part: tuple[str, ...]  # the competences this member brings, in the need's order


@dataclass(frozen=True)
class Team:
    members: tuple[Member, ...]
    coverage: float  # weighted share of the need's competences, 0..1
    covered: Mapping[str, float] = field(default_factory=dict)  # competence -> 1 or PARTLY
    score: float = 0.0
    mixed: bool = False  # a larger company with small firms or freelancers
    in_region: int = 0  # members in the region

    @property
    def keys(self) -> frozenset[tuple[str, int]]:
        return frozenset(m.provider.key for m in self.members)


def coverage_of(concepts: Mapping[str, float], covers: Mapping[str, float]) -> float:
    """The weighted share of ``concepts`` that ``covers`` covers."""
    total = sum(concepts.values())
    if not total:
        return 0.0
    return sum(w * min(1.0, covers.get(c, 0.0)) for c, w in concepts.items()) / total


def covered_well(concepts: Mapping[str, float], providers: Sequence[Provider]) -> bool:
    """Whether one provider alone covers the need well: ``WELL`` of its weight with
    competences it declares (a related competence is not the one asked for, and one only
    mentioned in free text is not one offered). Then no team."""
    return any(
        coverage_of(concepts, {c: d for c, d in p.covers.items() if d >= 1.0}) >= WELL
        for p in providers
    )


class _Masks:
    """The need's competences as bits, and the weight of every combination of them."""

    def __init__(self, concepts: Mapping[str, float]):
        self.order = list(concepts)
        total = sum(concepts.values()) or 1.0
        weights = [concepts[c] / total for c in self.order]
        self.weight = [0.0] * (1 << len(weights))
        for mask in range(1, len(self.weight)):
            low = mask & -mask
            self.weight[mask] = self.weight[mask ^ low] + weights[low.bit_length() - 1]

    def of(self, covers: Mapping[str, float]) -> tuple[int, int]:
        full = partial = 0
        for i, concept in enumerate(self.order):
            degree = covers.get(concept, 0.0)
            if degree >= 1.0:
                full |= 1 << i
            elif degree > 0:
                partial |= 1 << i
        return full, partial

    def coverage(self, full: int, partial: int) -> float:
        return self.weight[full] + PARTLY * self.weight[partial & ~full]


def _pool(providers: Sequence[Provider], limit: int) -> list[Provider]:
    ordered = sorted(providers, key=lambda p: (-p.relevance, p.key))
    return [p for p in ordered if any(v > 0 for v in p.covers.values())][:limit]


def _undominated(candidates: list[Provider], masks: _Masks, keep: int) -> list[Provider]:
    """The candidates less those ``keep`` or more others dominate: another of the same
    kind of size (larger or not) that covers at least the same competences at least as
    well, is as relevant or more and as much in the region. Swapping such a one in never
    lowers a team's score, so the best ``keep`` teams, each different, need no dominated
    candidate; it shrinks the search a lot when many cover the same few competences."""
    bits = [masks.of(p.covers) for p in candidates]
    kept = []
    for i, a in enumerate(candidates):
        a_full, a_partial = bits[i]
        a_any = a_full | a_partial
        dominators = 0
        for j, b in enumerate(candidates):
            if j == i or b.larger != a.larger:
                continue
            b_full, b_partial = bits[j]
            if (
                a_full & ~b_full == 0
                and a_any & ~(b_full | b_partial) == 0
                and b.relevance >= a.relevance
                and b.in_region >= a.in_region
                and (bits[j] != bits[i] or b.relevance > a.relevance or j < i)
            ):
                dominators += 1
                if dominators >= keep:
                    break
        if dominators < keep:
            kept.append(a)
    return kept


def _parts(members: Sequence[Provider], masks: _Masks, bits) -> list[tuple[str, ...]] | None:
    """Each competence the team covers goes to the member who covers it best (ties: the
    more relevant, then the first); None when a member is left with nothing."""
    parts: list[list[str]] = [[] for _ in members]
    for i, concept in enumerate(masks.order):
        bit = 1 << i
        best, best_degree = None, 0.0
        for j, (full, partial) in enumerate(bits):
            degree = 1.0 if full & bit else PARTLY if partial & bit else 0.0
            if degree > best_degree:
                best, best_degree = j, degree
        if best is not None:
            parts[best].append(concept)
    if any(not part for part in parts):
        return None
    return [tuple(p) for p in parts]


def _score(coverage: float, members: Sequence[Provider]) -> tuple[float, bool, int]:
    larger = sum(1 for m in members if m.larger)
    mixed = 0 < larger < len(members)
    in_region = sum(1 for m in members if m.in_region)
    relevance = sum(m.relevance for m in members) / len(members)
    score = (
        coverage
        + (MIX if mixed else 0.0)
        + REGION * in_region / len(members)
        + RELEVANCE * relevance
        - PER_MEMBER * (len(members) - MIN_SIZE)
    )
    return round(score, 6), mixed, in_region


def _combinations(candidates: list[Provider], bits, masks: _Masks, max_size: int, floor: float):
    """(score, indices, coverage) of every team of MIN_SIZE..max_size candidates covering
    ``floor`` or more in which each member, taken in index order, adds a competence (or
    a related one) the earlier ones lack. A team where someone adds nothing has a
    passenger whatever the order, so skipping it loses no team worth proposing, and
    prunes most of the search. The score is ``_score``'s, summed as the team grows."""
    n = len(bits)
    relevance = [c.relevance for c in candidates]
    region = [1 if c.in_region else 0 for c in candidates]
    larger = [1 if c.larger else 0 for c in candidates]
    weight = masks.weight
    # (combo, next index, full, partial, relevance sum, in region, larger)
    stack = [((), 0, 0, 0, 0.0, 0, 0)]
    while stack:
        combo, start, full, partial, rel, reg, big = stack.pop()
        gained = partial & ~full
        size = len(combo) + 1
        for i in range(start, n):
            f, p = bits[i]
            new_full = full | f
            new_partial = partial | p
            new_gained = new_partial & ~new_full
            if new_full == full and new_gained == gained:
                continue  # adds nothing
            team = (*combo, i)
            r, g, b = rel + relevance[i], reg + region[i], big + larger[i]
            if size >= MIN_SIZE:
                coverage = weight[new_full] + PARTLY * weight[new_gained]
                if coverage >= floor:
                    score = (
                        coverage
                        + (MIX if 0 < b < size else 0.0)
                        + REGION * g / size
                        + RELEVANCE * r / size
                        - PER_MEMBER * (size - MIN_SIZE)
                    )
                    yield score, team, coverage
            if size < max_size:
                stack.append((team, i + 1, new_full, new_partial, r, g, b))


def _near_duplicate(team: Team, chosen: Sequence[Team]) -> bool:
    """Shares more than half of the smaller team, or one holds the other."""
    for other in chosen:
        shared = len(team.keys & other.keys)
        smaller = min(len(team.keys), len(other.keys))
        if shared == smaller or shared > smaller // 2:
            return True
    return False


def propose(
    concepts: Mapping[str, float],
    providers: Sequence[Provider],
    *,
    limit: int = LIMIT,
    max_size: int = MAX_SIZE,
    pool: int = POOL,
    well_from: float = 0.0,
) -> list[Team]:
    """Up to ``limit`` teams of two to ``max_size`` providers for a need whose
    competences weigh ``concepts``, best first; none when the need names fewer than
    two competences or one provider of relevance ``well_from`` or more covers it well
    (a page shows no single match below its floor, so none tells the buyer that one
    provider will do). Deterministic: ties go to the
    more relevant providers, then to the lower keys."""
    concepts = {c: w for c, w in concepts.items() if w > 0}
    shown = [p for p in providers if p.relevance >= well_from]
    if len(concepts) < 2 or covered_well(concepts, shown):
        return []
    masks = _Masks(concepts)
    candidates = _undominated(_pool(providers, pool), masks, limit)
    bits = [masks.of(p.covers) for p in candidates]
    best_single = max(
        (
            masks.coverage(*b)
            for b, c in zip(bits, candidates, strict=True)
            if c.relevance >= well_from
        ),
        default=0.0,
    )
    scored = list(_combinations(candidates, bits, masks, max_size, best_single + GAIN))
    # The best few hundred hold three different teams but in the rarest of cases; if
    # not, the rest are looked at too.
    best = heapq.nsmallest(SHORTLIST, scored, key=_order)
    chosen = _choose(best, candidates, masks, bits, limit)
    if len(chosen) < limit and len(scored) > SHORTLIST:
        chosen = _choose(sorted(scored, key=_order), candidates, masks, bits, limit)
    return chosen


def _order(scored) -> tuple:
    score, combo, _ = scored
    return (-round(score, 6), combo)


def _choose(scored, candidates, masks: _Masks, bits, limit: int) -> list[Team]:
    chosen: list[Team] = []
    for _, combo, coverage in scored:
        members = [candidates[i] for i in combo]
        team_bits = [bits[i] for i in combo]
        parts = _parts(members, masks, team_bits)
        if parts is None:
            continue  # a passenger: someone brings nothing the others do not
        team = _team(members, parts, coverage, masks, team_bits)
        if _near_duplicate(team, chosen):
            continue
        chosen.append(team)
        if len(chosen) == limit:
            break
    return chosen


def _team(members, parts, coverage: float, masks: _Masks, bits) -> Team:
    full = partial = 0
    for f, p in bits:
        full |= f
        partial |= p
    covered = {}
    for i, concept in enumerate(masks.order):
        if full & (1 << i):
            covered[concept] = 1.0
        elif partial & (1 << i):
            covered[concept] = PARTLY
    score, mixed, in_region = _score(coverage, members)
    # The larger company first, then by relevance: who leads reads first.
    order = sorted(
        range(len(members)), key=lambda j: (not members[j].larger, -members[j].relevance)
    )
    return Team(
        members=tuple(Member(members[j], parts[j]) for j in order),
        coverage=round(coverage, 4),
        covered=covered,
        score=score,
        mixed=mixed,
        in_region=in_region,
    )
