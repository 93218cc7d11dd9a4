"""The search index: the tokens a document is made of, and storing documents.

The index knows documents, not people or companies: the directory decides
what a profile's documents hold (``klynge.directory.documents``) and hands
them here as plain dicts, inside its own transaction, so a profile and its
index entry change together.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

from django.db import transaction
from django.db.models import Q
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.utils import timezone

from klynge.competence.models import SearchDocument
from klynge.competence.vocabulary import slug_for
from klynge.core.bulk import insert_rows
from klynge.lib.analyzer import CONCEPT_PREFIX, Analysis, concept_token

Audience = SearchDocument.Audience


def tag(name: str) -> str:
    """A filter token: in every document it applies to, never in any text."""
    return f"{CONCEPT_PREFIX}x{name}"


AUDIENCE_TAG = {Audience.PUBLIC: tag("audpublic"), Audience.MEMBERS: tag("audmembers")}
AVAILABLE_TAG = tag("available")  # the provider takes on work; champions are the available


def kind_tag(kind: str) -> str:
    return tag("kind" + kind)


def municipality_tag(slug: str) -> str:
    return tag("mun" + slug)


EXPERT_LEVEL = 4  # from this level a skill is named twice: experts rank above dabblers


class Skill(NamedTuple):
    """A skill as the index reads it: a plain row, not a model instance."""

    name: str
    level: int | None
    competence_id: int | None


def is_concept(token: str) -> bool:
    return token.startswith(CONCEPT_PREFIX) and not token.startswith(tag(""))


def champion_token(concept: str) -> str:
    """In the documents search reads first when thousands have the competence of
    ``concept`` (a concept token): those who have it at level 4 or 5 and are
    available (``documents(available=True)``). Level, availability and the
    skill named twice are what lifts a provider's score, so they hold the best
    candidates (see docs/matching.md)."""
    return tag("top" + concept[len(CONCEPT_PREFIX) :])


def skill_names(skills: list[Skill]) -> list[str]:
    # A skill is named once, and once more from level 4: experts rank above dabblers.
    return [s.name for s in skills for _ in range(2 if (s.level or 0) >= EXPERT_LEVEL else 1)]


def slug_of(competence_id: int | None) -> str | None:
    return slug_for(competence_id) if competence_id else None


# Where a document's competence came from (docs/matching.md, "Provenance"): declared
# in a field that states what the provider does (a skill, a company's services, a
# person's headline), or only mentioned in free text (a bio, a company's description,
# a name). Stored as the third item of each ``concepts`` entry.
DECLARED, MENTIONED = "d", "m"


class Concept(NamedTuple):
    """One competence of a stored document, as readers take it."""

    level: int | None
    declared: bool


def read_concepts(stored: list) -> dict[str, Concept]:
    """A document's ``concepts`` as slug -> Concept. An entry of the shape written before
    provenance was kept (``[slug, level]``) counts as declared, as every one did then;
    the directory reindexes such documents after ``migrate`` (``stale_documents``)."""
    return {entry[0]: Concept(entry[1], len(entry) < 3 or entry[2] == DECLARED) for entry in stored}


def _concepts(
    found: list[str], declared: list[str], skills: list[Skill]
) -> dict[str, tuple[int | None, str]]:
    """slug -> (level, provenance), in the order first named."""
    levels: dict[str, int | None] = dict.fromkeys([*found, *declared])
    stated = set(declared)
    for skill in skills:
        slug = slug_of(skill.competence_id)
        if slug:
            levels[slug] = max(skill.level or 0, levels.get(slug) or 0) or None
            stated.add(slug)
    return {
        slug: (level, DECLARED if slug in stated else MENTIONED) for slug, level in levels.items()
    }


# The version of what a document holds. Raise it with every change to the analyzer,
# the stop lists, the weighing of parts or the taxonomy's names that changes the terms
# or concepts stored for an unchanged profile: after the next ``migrate`` every
# document of an older version is rewritten (directory.documents.refresh_stale_after_migrate),
# so an upgraded site never searches old stems against new ones. 1: provenance of
# concepts; 2: English words stemmed by inflection only (docs/matching.md); 3: the
# buyer's own words added to the taxonomy (migration competence 0006); 4: their second
# round, outcomes and everyday tasks (migration competence 0007); 5: a phrase's run
# steps over up to three positions (analyzer.PHRASE_GAP).
ANALYSIS = 5


def stale_documents():
    """The documents written by an older analysis (``ANALYSIS``), and those stored
    before provenance was kept: whose first concept has no third item (a
    document's concepts are always written together)."""
    provenance = KeyTextTransform("2", KeyTransform("0", "concepts"))
    old_shape = Q(provenance__isnull=True) & ~Q(concepts=[])
    return SearchDocument.objects.annotate(provenance=provenance).filter(
        old_shape | ~Q(analysis=ANALYSIS)
    )


@functools.cache
def _token(slug: str) -> str:
    return concept_token(slug)  # a regular expression each time: the index asks often


def documents(
    kind: str,
    object_id: int,
    audiences: list[str],
    parts: list[Analysis],
    skills: list[Skill],
    tags: list[str],
    *,
    available: bool = True,
    declared: list[Analysis] = (),
) -> list[dict]:
    """The documents of ``audiences`` that all see the same already analysed parts.

    ``parts`` are free text: a competence found only there is *mentioned*;
    ``declared`` are the parts that state what the provider does (skill names,
    services, a headline): a competence found there, or a skill's competence, is
    *declared*. Both are searched alike. The first document is indexed and carries
    every audience's tag; the others are stored with their own tag but left out of
    the full-text index, so that a search finds the object once. ``tags`` are
    filter tokens (``tag``).
    """
    everything = [*parts, *declared]
    terms = [t for part in everything for t in part.terms]
    found = [c for part in everything for c in part.concepts]
    concepts = _concepts(found, [c for part in declared for c in part.concepts], skills)
    named = [_token(c) for c in found]
    seen = set(named)
    tail = [kind_tag(kind), *tags]
    tail += [t for slug in concepts if (t := _token(slug)) not in seen]
    if available:
        tail += [
            champion_token(_token(slug))
            for slug, (level, _provenance) in concepts.items()
            if (level or 0) >= EXPERT_LEVEL
        ]
    head = terms + named
    length = len(terms) + len(found)
    listed = [[slug, level, provenance] for slug, (level, provenance) in concepts.items()]
    result = []
    for n, audience in enumerate(audiences):
        tagged = audiences if n == 0 else [audience]  # the indexed first one serves them all
        result.append(
            {
                "kind": kind,
                "object_id": object_id,
                "audience": audience,
                "terms": " ".join([*head, *(AUDIENCE_TAG[a] for a in tagged), *tail]),
                "length": length,
                "concepts": listed,
                "indexed": n == 0,
                "analysis": ANALYSIS,
            }
        )
    return result


@transaction.atomic
def replace_documents(kind: str, ids: list[int], new: list[dict]) -> int:
    """Delete every document of ``kind`` for ``ids`` and store ``new`` instead.

    Returns how many were stored. Ids without new documents simply leave the
    index (an unlisted profile).
    """
    SearchDocument.objects.filter(kind=kind, object_id__any=ids).delete()
    # Plain rows in a few statements: model instances cost more than the analysis
    # when an import indexes 100,000 profiles. The indexed documents go first, so
    # that they share pages and a search reads fewer of them.
    new.sort(key=lambda document: not document["indexed"])
    if new:
        insert_rows(SearchDocument, new, now=timezone.now())
    return len(new)
