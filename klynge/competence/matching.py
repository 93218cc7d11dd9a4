"""A need in, ranked candidates out, each with a score and the reasons for it.

The engine ranks documents, not people or companies: the caller names the
index audience whose documents are searched (a person's document holds only
the field groups that audience may see, so a hidden field never adds to a
score or a reason) and the filter tags every candidate must carry.
``klynge.directory.providers`` turns the candidates into providers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from klynge.competence import weights as W
from klynge.competence.asking import read_request
from klynge.competence.implied import implied, lone, suggested
from klynge.competence.index import (
    AUDIENCE_TAG,
    AVAILABLE_TAG,
    is_concept,
    kind_tag,
    municipality_tag,
    read_concepts,
)
from klynge.competence.models import SearchDocument
from klynge.competence.search import (
    Hit,
    document_frequencies,
    document_frequency,
    idf_of,
    search,
)
from klynge.competence.vocabulary import analyze_text, did_you_mean, label, place_terms, profiles
from klynge.competence.vocabulary import related as related_to
from klynge.core.region import distance
from klynge.lib.analyzer import concept_token, stem


@dataclass
class Candidate:
    """One ranked document: what it stands for, its score and why it matched."""

    kind: str
    object_id: int
    score: float
    reasons: list[str] = field(default_factory=list)
    # The need's competences it covers: 1 for one it has, RELATED_SHARE for a related one
    # (what teams are built from, klynge/teams/proposals.py).
    covers: dict[str, float] = field(default_factory=dict)
    # Of those it has, the ones its document only mentions in free text (a bio, a
    # description) and declares nowhere (docs/matching.md, "Provenance").
    mentioned: frozenset[str] = frozenset()


@dataclass
class _Need:
    """The analysed need, and what scoring and explaining read from it."""

    municipality: str | None  # where it is, when it says
    concepts: list[str]  # the competences it names, each once, in order
    near: list[str]  # competences related to those, not named themselves
    terms: list[str]  # what search looks for: the analyzer's terms and concept tokens
    boost: dict[str, float]  # the title's tokens and the competences asked for count more
    # the competences it asks for: named in the title or in a sentence that asks
    asked: frozenset[str]
    words_by_stem: dict[str, str]  # for the reasons: a matched term as the need wrote it
    # competences named only where the need tells its situation, not what it asks for
    setting: frozenset[str] = frozenset()
    # competences its words point to without naming them (klynge/competence/implied.py);
    # they are in ``concepts`` too, after the named ones
    implied: frozenset[str] = frozenset()
    # named competences nothing else in the need supports (implied.lone)
    lone: frozenset[str] = frozenset()
    # competences the poster ticked on the need form: named and asked for, whatever
    # the words say; in ``concepts`` too, after those the words name
    chosen: frozenset[str] = frozenset()

    @property
    def named(self) -> list[str]:
        """The competences it names, in order: its concepts but the implied ones."""
        return [slug for slug in self.concepts if slug not in self.implied]

    @property
    def implied_in_order(self) -> list[str]:
        """The competences it implies, in the order of its concepts."""
        return [slug for slug in self.concepts if slug in self.implied]


class _Scored(NamedTuple):
    score: float
    hit: Hit
    shared: list[str]  # the need's competences the candidate has
    mentioned: frozenset[str]  # of those, the ones only mentioned in free text
    near: list[str]  # the need's competences it has a related competence of
    place: str  # the candidate's municipality, "" when it has none
    proximity: float


def _need(
    title: str,
    description: str,
    municipality: str | None,
    *,
    related: bool = True,
    chosen: Sequence[str] = (),
) -> _Need:
    analysis = analyze_text(f"{title}\n{description}")
    headline = analyze_text(title)  # the title says what matters most
    written = list(dict.fromkeys(analysis.concepts))
    # What the poster ticked counts as asked for, as if the title named it.
    concepts = list(dict.fromkeys([*written, *chosen]))
    words_by_stem: dict[str, str] = {}
    for word in analysis.words:
        words_by_stem.setdefault(stem(word), word)
    # Where the need is, is the municipality's business, not the text's: a place
    # name never makes a provider match.
    places = place_terms()
    terms = [t for t in analysis.terms if t not in places]
    # A provider with a competence related to one the need names is worth finding
    # even when it shares no word with the need; it counts for less.
    near = [r for slug in concepts for r in related_to(slug) if r not in concepts]
    # What its words point to without naming it, and which named competences nothing
    # else it says supports (klynge/competence/implied.py); only for a need, as related.
    found, lone_ones = [], frozenset()
    if related:
        taxonomy = profiles()
        found, lone_ones = implied(terms, concepts, taxonomy), lone(terms, written, taxonomy)
    concepts += found
    near = list(dict.fromkeys(r for r in near if r not in found)) if related else []
    near_tokens = [concept_token(slug) for slug in near]
    boost = {t: W.RELATED_SHARE for t in near_tokens}
    boost.update({t: W.TITLE_BOOST for t in headline.index_tokens if t not in places})
    request = read_request(description, set(headline.concepts))
    # What the buyer asks for weighs as much as the title, wherever it is asked.
    boost.update({concept_token(slug): W.TITLE_BOOST for slug in request.asked})
    setting = request.setting - set(chosen)
    boost.update({concept_token(slug): W.SETTING_SHARE for slug in setting})
    boost.update({concept_token(slug): W.TITLE_BOOST for slug in chosen})
    boost.update({concept_token(slug): W.IMPLIED_SHARE for slug in found})
    return _Need(
        municipality=municipality,
        concepts=concepts,
        near=near,
        terms=terms + [concept_token(slug) for slug in concepts] + near_tokens,
        boost=boost,
        asked=request.asked | set(chosen),
        words_by_stem=words_by_stem,
        setting=setting,
        implied=frozenset(found),
        lone=lone_ones - set(chosen),
        chosen=frozenset(chosen),
    )


def _scope(audience: str, kind: str | None, filters: tuple[str, ...]) -> list[str]:
    scope = [AUDIENCE_TAG[audience]]
    if kind:
        scope.append(kind_tag(kind))
    scope.extend(filters)
    return scope


def _concept_weights(need: _Need, scope: list[str]) -> dict[str, float]:
    """How much each of the need's competences weighs: rarer ones more, those asked for
    (in the title or in a sentence that asks) twice, the setting's half, an implied
    or a lone one half."""
    return {
        slug: idf_of(concept_token(slug), scope)
        * (W.TITLE_BOOST if slug in need.asked else 1)
        * (W.SETTING_SHARE if slug in need.setting else 1)
        * (W.IMPLIED_SHARE if slug in need.implied else 1)
        * (W.LONE_SHARE if slug in need.lone else 1)
        for slug in need.concepts
    }


def _proximity(need_municipality: str | None, provider_municipality: str) -> float:
    if not need_municipality:
        return W.UNKNOWN_PROXIMITY
    steps = distance(need_municipality, provider_municipality)
    if steps is None:
        return W.OUTSIDE_PROXIMITY
    return max(0.0, 1 - steps / W.MAX_STEPS)


def _municipality_of(hit: Hit) -> str:
    # The tags come last in a document, so look from the end.
    prefix = municipality_tag("")
    return next((t[len(prefix) :] for t in reversed(hit.counts) if t.startswith(prefix)), "")


class _Weights(NamedTuple):
    concepts: dict[str, float]  # each of the need's competences (_concept_weights)
    total: float  # of the concepts' weights, or 1
    best_text: float  # the best text score among the candidates, or 1
    common: frozenset[str] = frozenset()  # the need's words in too many documents to tell
    # For a need that names no competence: what each of its words weighs (_whole_need)
    whole: dict[str, float] | None = None
    # The need's competences no document searched holds (_absent)
    absent: frozenset[str] = frozenset()


def _common_terms(need: _Need, scope: list[str]) -> frozenset[str]:
    """The need's words (not competences) found in more than VERY_COMMON_SHARE of the
    documents: they neither carry a match nor show as a reason. Among fewer than
    COMMON_FROM documents a share says little, and none counts as common."""
    total = document_frequency(scope[0], scope[1:]) if scope else 0
    if total < W.COMMON_FROM:
        return frozenset()
    words = [t for t in dict.fromkeys(need.terms) if not is_concept(t)]
    df = document_frequencies(words, scope)
    return frozenset(t for t in words if df[t] > W.VERY_COMMON_SHARE * total)


def _whole_need(need: _Need, scope: list[str]) -> dict[str, float] | None:
    """For a need that names no competence, what each of its words weighs (rarer
    ones more, the title's twice); None when it names one.

    Without a competence only the words can tell whether a provider fits, and
    then they must tell it of the need as a whole: a plumber's need shares "guest"
    with a web agency, a roofer's "del" with an IT handyman, and the best of such
    candidates is still a poor one. Its text part is the share of the need's
    words it holds, not its text score relative to the best candidate's."""
    if need.concepts:
        return None
    words = list(dict.fromkeys(need.terms))
    return {t: idf_of(t, scope) * need.boost.get(t, 1.0) for t in words} or None


def _text(hit: Hit, weights: _Weights) -> float:
    """The text part, 0..1: relative to the best candidate, or the share of the
    whole need (``_whole_need``)."""
    if weights.whole is None:
        return hit.text_score / weights.best_text
    held = sum(w for t, w in weights.whole.items() if t in hit.matched_terms)
    return held / (sum(weights.whole.values()) or 1.0)


def _near(levels: dict, need: _Need) -> list[str]:
    """The need's competences the candidate lacks but has a related competence of."""
    return [s for s in need.concepts if s not in levels and any(r in levels for r in related_to(s))]


def _absent(need: _Need, scope: list[str]) -> frozenset[str]:
    """The need's competences that no document in ``scope`` holds.

    For those, a related competence is the best evidence there is, and it counts as
    the competence itself in the competence part (``_competence``): a need for GPS
    tracking where nobody offers it is best met by those who do maps and fleet
    sensors, and they should not lose to a provider of the need's smaller parts
    because the word nobody has is worth most."""
    df = document_frequencies([concept_token(slug) for slug in need.concepts], scope)
    return frozenset(slug for slug in need.concepts if not df[concept_token(slug)])


def _competence(shared: list[str], near: list[str], weights: _Weights) -> float:
    """The weighted share of the need's competences the candidate has; a related
    competence earns a part, or the whole when nobody has the competence itself."""
    concept = weights.concepts
    related = sum(concept[s] * (1.0 if s in weights.absent else W.RELATED_SHARE) for s in near)
    return (sum(concept[s] for s in shared) + related) / weights.total


def _level(levels: dict, shared: list[str]) -> float:
    """The candidate's own level in the shared competences, 0..1."""
    if not shared:
        return 0.0
    return sum((levels[s] or W.DEFAULT_LEVEL) for s in shared) / (5 * len(shared))


def _score(
    hit: Hit, need: _Need, weights: _Weights, always_available: tuple[str, ...]
) -> _Scored | None:
    """A candidate's score from its document alone (its tags say where it is and
    whether it is available); None when it shares nothing with the need or
    scores below the least worth showing."""
    held = read_concepts(hit.concepts)
    levels = {slug: concept.level for slug, concept in held.items()}
    shared = [slug for slug in need.concepts if slug in levels]
    mentioned = frozenset(slug for slug in shared if not held[slug].declared)
    if not (shared or hit.matched_terms - weights.common):
        return None  # it shares only words that tell nothing
    near = _near(levels, need)
    competence = _competence(shared, near, weights)
    level = _level(levels, shared)
    available = hit.kind in always_available or AVAILABLE_TAG in hit.counts
    place = _municipality_of(hit)
    proximity = _proximity(need.municipality, place)
    score = (
        W.TEXT * _text(hit, weights)
        + W.COMPETENCE * competence
        + W.LEVEL * level
        + W.AVAILABILITY * (1.0 if available else 0.0)
        + W.PROXIMITY * proximity
    )
    if score < W.MIN_SCORE:
        return None
    return _Scored(round(min(score, 1.0), 4), hit, shared, mentioned, near, place, proximity)


def _reasons(scored: _Scored, need: _Need, weights: _Weights) -> list[str]:
    """The competences shared (rarest first), then the words matched, then where."""
    language = get_language() or "nb"
    rarest = sorted(scored.shared, key=lambda s: -weights.concepts[s])[:3]
    reasons = [label(s, language) for s in rarest]
    if not reasons:  # found through a related competence only: name the one it has
        levels = read_concepts(scored.hit.concepts)
        reasons = [label(s, language) for s in need.near if s in levels][:2]
    named = {r.casefold() for r in reasons}
    for term in sorted(scored.hit.matched_terms - weights.common):
        word = need.words_by_stem.get(term)
        if word and word.casefold() not in named and len(reasons) < 5:
            reasons.append(word)
            named.add(word.casefold())
    if need.municipality and scored.place == need.municipality:
        reasons.append(_("same municipality"))
    elif need.municipality and scored.proximity >= 0.75:
        reasons.append(_("nearby"))
    return reasons


def rank(
    *,
    title: str,
    description: str = "",
    municipality: str | None = None,
    audience: str,
    kind: str | None = None,
    filters: tuple[str, ...] = (),
    always_available: tuple[str, ...] = (),
    limit: int = 10,
    related: bool = True,
    reading: Reading | None = None,
    chosen: Sequence[str] = (),
) -> list[Candidate]:
    """The best ``limit`` documents for a need (or a search), best first.

    ``audience``: the index audience (``SearchDocument.Audience``) whose
    documents are searched; ``kind``: only documents of this kind; ``filters``:
    index tags every candidate must carry (``klynge.competence.index.tag``);
    ``always_available``: kinds that count as available without the tag.
    ``related``: also find providers with a competence related to one named (a need
    does; the directory's search for a word does not: it costs a wider search).
    ``reading``: the need as ``read_need`` already read it (title, description,
    municipality and what was chosen), so a caller that shows the reading does not
    read it twice. ``chosen``: competences the poster ticked (slugs of the taxonomy).
    """
    if reading is not None:
        need = reading.need
    else:
        need = _need(title, description, municipality, related=related, chosen=chosen)
    scope = _scope(audience, kind, filters)
    common = _common_terms(need, scope)
    near = frozenset(concept_token(slug) for slug in need.near)
    hits = search(need.terms, scope=scope, boost=need.boost, extra=near)
    if not hits:
        return []
    concepts = _concept_weights(need, scope)
    weights = _Weights(
        concepts=concepts,
        total=sum(concepts.values()) or 1.0,
        best_text=max(hit.text_score for hit in hits) or 1.0,
        common=common,
        whole=_whole_need(need, scope),
        absent=_absent(need, scope),
    )
    scored = [s for hit in hits if (s := _score(hit, need, weights, always_available))]
    scored.sort(key=lambda s: (-s.score, s.hit.kind, s.hit.object_id))
    # Explain only the best: the caller shows no more.
    return [
        Candidate(
            s.hit.kind,
            s.hit.object_id,
            s.score,
            _reasons(s, need, weights),
            {**dict.fromkeys(s.near, W.RELATED_SHARE), **dict.fromkeys(s.shared, 1.0)},
            s.mentioned,
        )
        for s in scored[:limit]
    ]


def need_concepts(
    *, title: str, description: str = "", chosen: Sequence[str] = ()
) -> dict[str, float]:
    """The competences a need names, in order, each with what it weighs in a team's
    coverage: those asked for (in the title or in a sentence that asks, or ticked by
    the poster) twice, the others once. Not by rarity, as ``rank`` weighs them: a
    common competence the buyer asks for is needed as much as a rare one."""
    need = _need(title, description, None, chosen=chosen)
    # A team covers what the buyer named, not what the need implies.
    return {slug: W.TITLE_BOOST if slug in need.asked else 1.0 for slug in need.named}


class Reading(NamedTuple):
    """How the matching read a need: the competences its words name, those it
    implies, and those the poster may tick (``implied.suggested``)."""

    named: list[str]
    implied: list[str]
    need: _Need  # what ``rank`` ranks by: pass the reading on, and the need is read once
    suggested: list[str]  # neither named by the words nor chosen


def read_need(
    *,
    title: str,
    description: str = "",
    municipality: str | None = None,
    chosen: Sequence[str] = (),
) -> Reading:
    """The competences a need names and those it implies (``implied.py``), in order:
    what the need form shows the poster while they type, so they can tell whether
    they were understood, and the competences offered to tick. ``rank(reading=...)``
    ranks by the same reading, with what was ``chosen``."""
    need = _need(title, description, municipality, chosen=chosen)
    return Reading(
        named=[slug for slug in need.named if slug not in need.chosen],
        implied=need.implied_in_order,
        need=need,
        suggested=offer(need),
    )


def offer(need: _Need) -> list[str]:
    """The competences the poster is offered to tick for the analysed ``need``
    (``implied.suggested``): its implied ones first."""
    return suggested(need.terms, need.named, profiles(), need.implied_in_order)


def suggest(text: str) -> str | None:
    """'Did you mean': the query with each word nobody has replaced by a close taxonomy word."""
    words = analyze_text(text).words
    public = [AUDIENCE_TAG[SearchDocument.Audience.PUBLIC]]
    changed, out = False, []
    for word in words:
        if document_frequency(stem(word), public):
            out.append(word)
            continue
        better = did_you_mean(word)
        if better and better.casefold() != word:
            out.append(better)
            changed = True
        else:
            out.append(word)
    return " ".join(out) if changed else None
