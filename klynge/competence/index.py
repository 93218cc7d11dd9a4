"""Keeping the search index in step with the directory.

Directory services call ``refresh_people`` and ``refresh_companies`` inside
their own transaction, so a profile and its index entry change together.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from types import SimpleNamespace

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from klynge.competence.models import SearchDocument
from klynge.competence.vocabulary import analyze_fields, analyze_text
from klynge.core.bulk import insert_rows  # also registers the __any lookup
from klynge.core.region import by_slug
from klynge.directory.models import Company, CompanySkill, MemberStatus, Person, PersonSkill
from klynge.directory.models import Visibility as V
from klynge.lib.analyzer import CONCEPT_PREFIX, concept_token

Audience = SearchDocument.Audience


def tag(name: str) -> str:
    """A filter token: in every document it applies to, never in any text."""
    return f"{CONCEPT_PREFIX}x{name}"


AUDIENCE_TAG = {Audience.PUBLIC: tag("audpublic"), Audience.MEMBERS: tag("audmembers")}
KIND_TAG = {"person": tag("kindperson"), "company": tag("kindcompany")}
AVAILABLE_TAG, REMOTE_TAG, MEMBER_TAG = tag("available"), tag("remote"), tag("member")


def municipality_tag(slug: str) -> str:
    return tag("mun" + slug)


EXPERT_LEVEL = 4  # from this level a skill is named twice: experts rank above dabblers


def is_concept(token: str) -> bool:
    return token.startswith(CONCEPT_PREFIX) and not token.startswith(tag(""))


def champion_token(concept: str) -> str:
    """In the documents search reads first when thousands have the competence of
    ``concept`` (a concept token): those who have it at level 4 or 5 and are
    available for assignments (companies always are). Level, availability and
    the skill named twice are what lifts a provider's score, so they hold the
    best candidates (see docs/matching.md)."""
    return tag("top" + concept[len(CONCEPT_PREFIX) :])


def _skill_names(skills) -> list[str]:
    # A skill is named once, and once more from level 4: experts rank above dabblers.
    return [s.name for s in skills for _ in range(2 if (s.level or 0) >= EXPERT_LEVEL else 1)]


def _concepts(found: list[str], skills) -> dict[str, int | None]:
    concepts: dict[str, int | None] = dict.fromkeys(found)
    for skill in skills:
        slug = slug_of(skill.competence_id)
        if slug:
            concepts[slug] = max(skill.level or 0, concepts.get(slug) or 0) or None
    return concepts


@functools.cache
def _token(slug: str) -> str:
    return concept_token(slug)  # a regular expression each time: the index asks often


def _documents(kind, object_id, audiences, parts, skills, tags, *, available=True) -> list[dict]:
    """The documents of ``audiences`` that all see the same already analysed parts.

    The first is indexed and carries every audience's tag; the others are
    stored with their own tag but left out of the full-text index, so that
    a search finds the person once.
    """
    terms = [t for part in parts for t in part.terms]
    found = [c for part in parts for c in part.concepts]
    concepts = _concepts(found, skills)
    named = [_token(c) for c in found]
    seen = set(named)
    tail = [KIND_TAG[kind], *tags]
    tail += [t for slug in concepts if (t := _token(slug)) not in seen]
    if available:
        tail += [
            champion_token(_token(slug))
            for slug, level in concepts.items()
            if (level or 0) >= EXPERT_LEVEL
        ]
    head = terms + named
    length = len(terms) + len(found)
    listed = [[slug, level] for slug, level in concepts.items()]
    documents = []
    for n, audience in enumerate(audiences):
        tagged = audiences if n == 0 else [audience]  # the indexed first one serves them all
        documents.append(
            {
                "kind": kind,
                "object_id": object_id,
                "audience": audience,
                "terms": " ".join([*head, *(AUDIENCE_TAG[a] for a in tagged), *tail]),
                "length": length,
                "concepts": listed,
                "indexed": n == 0,
            }
        )
    return documents


def person_documents(person, skills: list) -> list[dict]:
    """``person``: a row with the fields of PERSON_FIELDS; ``skills``: its skill rows."""
    tags = [municipality_tag(person.municipality)] if person.municipality else []
    if person.available_for_assignments:
        tags.append(AVAILABLE_TAG)
    if person.remote_worker:
        tags.append(REMOTE_TAG)
    if person.member_status == MemberStatus.APPROVED:
        tags.append(MEMBER_TAG)
    municipality = by_slug(person.municipality)
    base = analyze_fields([person.name, municipality.name if municipality else ""])
    groups = {
        "bio": analyze_fields([person.headline, person.bio]),
        "employer": analyze_text(person.employer.name if person.employer else person.employer_name),
        "skills": analyze_fields(_skill_names(skills)),
    }
    audiences_by_shown: dict[tuple[str, ...], list[str]] = {}
    for audience, allowed in (
        (Audience.PUBLIC, {V.PUBLIC}),
        (Audience.MEMBERS, {V.PUBLIC, V.MEMBERS}),
    ):
        shown = tuple(g for g in groups if getattr(person, f"{g}_visibility") in allowed)
        audiences_by_shown.setdefault(shown, []).append(audience)
    documents = []
    for shown, audiences in audiences_by_shown.items():
        parts = [base, *(groups[group] for group in shown)]
        visible_skills = skills if "skills" in shown else []
        documents += _documents(
            "person", person.pk, audiences, parts, visible_skills, tags,
            available=person.available_for_assignments,
        )  # fmt: skip
    return documents


def company_documents(company, skills: list) -> list[dict]:
    municipality = by_slug(company.municipality)
    analysis = analyze_fields(
        [company.name, municipality.name if municipality else "", company.description,
         *(company.services or []), *_skill_names(skills)]
    )  # fmt: skip
    tags = [AUDIENCE_TAG[Audience.MEMBERS]]  # companies are public: both audiences see them
    if company.municipality:
        tags.append(municipality_tag(company.municipality))
    if company.member_status == MemberStatus.APPROVED:
        tags.append(MEMBER_TAG)
    return _documents("company", company.pk, [Audience.PUBLIC], [analysis], skills, tags)


PERSON_FIELDS = [
    "pk", "name", "municipality", "headline", "bio", "employer_name", "employer__name",
    "available_for_assignments", "remote_worker", "member_status", "bio_visibility",
    "employer_visibility", "skills_visibility",
]  # fmt: skip
COMPANY_FIELDS = ["pk", "name", "municipality", "description", "services", "member_status"]


def _skills_by_owner(model, owner: str, ids: list[int]) -> dict[int, list[SimpleNamespace]]:
    """Plain rows, not model instances: indexing a bulk import spends its time here."""
    found: dict[int, list[SimpleNamespace]] = {}
    rows = model.objects.filter(**{f"{owner}_id__any": ids}).order_by(
        F("level").desc(nulls_last=True), "name"
    )
    for owner_id, name, level, competence_id in rows.values_list(
        owner, "name", "level", "competence_id"
    ):
        skill = SimpleNamespace(name=name, level=level, competence_id=competence_id)
        found.setdefault(owner_id, []).append(skill)
    return found


class _Row(SimpleNamespace):
    """A person or company as the index reads it (the fields of PERSON_FIELDS)."""


@transaction.atomic
def refresh_people(ids: Iterable[int]) -> int:
    ids = list(ids)
    SearchDocument.objects.filter(kind="person", object_id__any=ids).delete()
    skills = _skills_by_owner(PersonSkill, "person", ids)
    documents = []
    for row in Person.objects.listed().filter(id__any=ids).values(*PERSON_FIELDS):
        company_name = row.pop("employer__name")
        person = _Row(**row, employer=SimpleNamespace(name=company_name) if company_name else None)
        documents.extend(person_documents(person, skills.get(row["pk"], [])))
    _insert(documents)
    return len(documents)


@transaction.atomic
def refresh_companies(ids: Iterable[int]) -> int:
    ids = list(ids)
    SearchDocument.objects.filter(kind="company", object_id__any=ids).delete()
    skills = _skills_by_owner(CompanySkill, "company", ids)
    documents = []
    for row in Company.objects.listed().filter(id__any=ids).values(*COMPANY_FIELDS):
        company = _Row(**row)
        documents.extend(company_documents(company, skills.get(row["pk"], [])))
    _insert(documents)
    return len(documents)


def _insert(documents: list[dict]) -> None:
    # Plain rows in a few statements: model instances cost more than the analysis
    # when an import indexes 100,000 profiles. The indexed documents go first, so
    # that they share pages and a search reads fewer of them.
    documents.sort(key=lambda document: not document["indexed"])
    if documents:
        insert_rows(SearchDocument, documents, now=timezone.now())


def slug_of(competence_id: int | None) -> str | None:
    from klynge.competence.vocabulary import slug_for

    return slug_for(competence_id) if competence_id else None


def remap_skills(model) -> int:
    """Point every skill at the competence it names (after the taxonomy changed)."""
    from klynge.competence.vocabulary import competence_for, competence_id

    moves: dict[int | None, list[int]] = {}
    rows = model.objects.values_list("pk", "name", "competence_id").iterator(chunk_size=5000)
    for pk, name, current in rows:
        wanted = competence_id(competence_for(name))
        if wanted != current:
            moves.setdefault(wanted, []).append(pk)
    for wanted, ids in moves.items():  # one UPDATE per competence, not per skill
        for start in range(0, len(ids), 5000):
            model.objects.filter(pk__in=ids[start : start + 5000]).update(competence_id=wanted)
    return sum(len(ids) for ids in moves.values())
