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
from klynge.competence.index import AUDIENCE_TAG, KIND_TAG
from klynge.competence.models import SearchDocument
from klynge.competence.search import idf_of, search
from klynge.competence.vocabulary import analyze_text, label
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
    need_concepts = list(dict.fromkeys(analysis.concepts))
    query = analysis.terms + [concept_token(slug) for slug in need_concepts]
    scope = [AUDIENCE_TAG[audience_for(viewer)]]
    if len(kinds) == 1:
        scope.append(KIND_TAG[kinds[0]])
    scope.extend(filters)
    hits = search(query, scope=scope)
    if not hits:
        return []
    concept_idf = {slug: idf_of(concept_token(slug), scope) for slug in need_concepts}
    total_idf = sum(concept_idf.values()) or 1.0
    best_text = max(hit.text_score for hit in hits) or 1.0
    providers = _providers(hits)
    words_by_stem = {}
    for word in analysis.words:
        words_by_stem.setdefault(stem(word), word)
    results = []
    for hit in hits:
        doc = hit.document
        provider = providers.get((doc.kind, doc.object_id))
        if provider is None:
            continue
        levels = {slug: level for slug, level in doc.concepts}
        shared = [slug for slug in need_concepts if slug in levels]
        competence = sum(concept_idf[s] for s in shared) / total_idf if need_concepts else 0.0
        level = (
            sum((levels[s] or W.DEFAULT_LEVEL) for s in shared) / (5 * len(shared))
            if shared
            else 0.0
        )
        if doc.kind == "person":
            available = 1.0 if provider.available_for_assignments else 0.0
        else:
            available = W.COMPANY_AVAILABILITY
        proximity = _proximity(municipality, provider.municipality)
        score = (
            W.TEXT * hit.text_score / best_text
            + W.COMPETENCE * competence
            + W.LEVEL * level
            + W.AVAILABILITY * available
            + W.PROXIMITY * proximity
        )
        if score < W.MIN_SCORE or not (shared or hit.matched_terms - set(scope)):
            continue
        reasons = _reasons(shared, concept_idf, hit, words_by_stem, need_concepts)
        if municipality and provider.municipality == municipality:
            reasons.append(_("same municipality"))
        elif proximity >= 0.75 and municipality:
            reasons.append(_("nearby"))
        if doc.kind == "person" and provider.available_for_assignments:
            reasons.append(_("available for assignments"))
        results.append(
            Match(
                kind=doc.kind,
                id=provider.pk,
                external_id=provider.external_id,
                name=provider.name,
                url=provider.get_absolute_url(),
                score=round(min(score, 1.0), 4),
                reasons=reasons,
            )
        )
    results.sort(key=lambda m: (-m.score, m.kind, m.id))
    return results[:limit]


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
    people = [h.document.object_id for h in hits if h.document.kind == "person"]
    companies = [h.document.object_id for h in hits if h.document.kind == "company"]
    found = {("person", p.pk): p for p in Person.objects.listed().filter(pk__in=people)}
    found.update({("company", c.pk): c for c in Company.objects.listed().filter(pk__in=companies)})
    return found
