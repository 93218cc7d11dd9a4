"""Needs in, ranked providers out, each with a score and the reasons for it.

Visibility is settled before scoring: the viewer's audience decides which
documents are searched, and a person's document holds only the field groups
that audience may see, so a hidden field never adds to a score or a reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from klynge.competence import weights as W
from klynge.competence.index import AUDIENCE_TAG, AVAILABLE_TAG, KIND_TAG, municipality_tag
from klynge.competence.models import SearchDocument
from klynge.competence.search import idf_of, search
from klynge.competence.vocabulary import analyze_text, label, related
from klynge.core.region import distance
from klynge.directory.models import Company, Person
from klynge.directory.visibility import Viewer
from klynge.lib.analyzer import concept_token, stem


@dataclass
class Match:
    kind: str
    id: int
    external_id: str | None
    name: str
    url: str
    score: float
    reasons: list[str] = field(default_factory=list)


def audience_for(viewer: Viewer) -> str:
    if viewer.sees_members_only:
        return SearchDocument.Audience.MEMBERS
    return SearchDocument.Audience.PUBLIC


def _proximity(need_municipality: str | None, provider_municipality: str) -> float:
    if not need_municipality:
        return W.UNKNOWN_PROXIMITY
    steps = distance(need_municipality, provider_municipality)
    if steps is None:
        return W.OUTSIDE_PROXIMITY
    return max(0.0, 1 - steps / W.MAX_STEPS)


def match(
    *,
    title: str,
    description: str = "",
    municipality: str | None = None,
    viewer: Viewer,
    limit: int = 10,
    kinds: tuple[str, ...] = ("person", "company"),
    filters: tuple[str, ...] = (),
) -> list[Match]:
    """Rank providers for a need (or a search). ``filters`` are index tags that every
    result must carry (see ``klynge.competence.index.tag``)."""
    analysis = analyze_text(f"{title}\n{description}")
    headline = analyze_text(title)  # the title says what matters most
    need_concepts = list(dict.fromkeys(analysis.concepts))
    query = analysis.terms + [concept_token(slug) for slug in need_concepts]
    boost = dict.fromkeys(headline.index_tokens, W.TITLE_BOOST)
    scope = [AUDIENCE_TAG[audience_for(viewer)]]
    if len(kinds) == 1:
        scope.append(KIND_TAG[kinds[0]])
    scope.extend(filters)
    hits = search(query, scope=scope, boost=boost)
    if not hits:
        return []
    in_title = set(headline.concepts)
    concept_idf = {
        slug: idf_of(concept_token(slug), scope) * (W.TITLE_BOOST if slug in in_title else 1.0)
        for slug in need_concepts
    }
    total_idf = sum(concept_idf.values()) or 1.0
    best_text = max(hit.text_score for hit in hits) or 1.0
    words_by_stem = {}
    for word in analysis.words:
        words_by_stem.setdefault(stem(word), word)
    # Score every candidate from its document alone (its tags say where it is and
    # whether it is available), then fetch and explain only the best.
    scored = []
    for hit in hits:
        levels = {slug: level for slug, level in hit.concepts}
        shared = [slug for slug in need_concepts if slug in levels]
        if not (shared or hit.matched_terms):
            continue
        near = [
            s for s in need_concepts if s not in levels and any(r in levels for r in related(s))
        ]
        competence = (
            sum(concept_idf[s] for s in shared)
            + W.RELATED_SHARE * sum(concept_idf[s] for s in near)
        ) / total_idf
        level = (
            sum((levels[s] or W.DEFAULT_LEVEL) for s in shared) / (5 * len(shared))
            if shared
            else 0.0
        )
        available = hit.kind == "company" or AVAILABLE_TAG in hit.counts
        place = _municipality_of(hit)
        proximity = _proximity(municipality, place)
        score = (
            W.TEXT * hit.text_score / best_text
            + W.COMPETENCE * competence
            + W.LEVEL * level
            + W.AVAILABILITY * (1.0 if available else 0.0)
            + W.PROXIMITY * proximity
        )
        if score >= W.MIN_SCORE:
            scored.append((round(min(score, 1.0), 4), hit, shared, place, proximity))
    scored.sort(key=lambda row: (-row[0], row[1].kind, row[1].object_id))
    best = scored[:limit]
    providers = _providers([row[1] for row in best])
    results = []
    for score, hit, shared, place, proximity in best:
        provider = providers.get((hit.kind, hit.object_id))
        if provider is None:  # unlisted since the candidates were read
            continue
        reasons = _reasons(shared, concept_idf, hit, words_by_stem, need_concepts)
        if municipality and place == municipality:
            reasons.append(_("same municipality"))
        elif municipality and proximity >= 0.75:
            reasons.append(_("nearby"))
        if hit.kind == "person" and provider.available_for_assignments:
            reasons.append(_("available for assignments"))
        results.append(
            Match(
                kind=hit.kind,
                id=provider.pk,
                external_id=provider.external_id,
                name=provider.name,
                url=provider.get_absolute_url(),
                score=score,
                reasons=reasons,
            )
        )
    return results


def _municipality_of(hit) -> str:
    # The tags come last in a document, so look from the end.
    prefix = municipality_tag("")
    return next((t[len(prefix) :] for t in reversed(hit.counts) if t.startswith(prefix)), "")


def _reasons(shared, concept_idf, hit, words_by_stem, need_concepts) -> list[str]:
    language = get_language() or "nb"
    reasons = [label(s, language) for s in sorted(shared, key=lambda s: -concept_idf[s])[:3]]
    named = {r.casefold() for r in reasons}
    for term in sorted(hit.matched_terms):
        word = words_by_stem.get(term)
        if word and word.casefold() not in named and len(reasons) < 5:
            reasons.append(word)
            named.add(word.casefold())
    return reasons


def _providers(hits) -> dict:
    people = [h.object_id for h in hits if h.kind == "person"]
    companies = [h.object_id for h in hits if h.kind == "company"]
    found = {}
    if people:
        rows = Person.objects.listed().filter(pk__in=people)
        rows = rows.only("pk", "external_id", "name", "available_for_assignments")
        found.update({("person", p.pk): p for p in rows})
    if companies:
        rows = Company.objects.listed().filter(pk__in=companies).only("pk", "external_id", "name")
        found.update({("company", c.pk): c for c in rows})
    return found
