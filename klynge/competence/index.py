"""Keeping the search index in step with the directory.

Directory services call ``refresh_people`` and ``refresh_companies`` inside
their own transaction, so a profile and its index entry change together.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Prefetch

from klynge.competence.models import SearchDocument
from klynge.competence.vocabulary import analyze_text
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


def _skill_text(skills) -> str:
    # A skill is named once, and once more from level 4: experts rank above dabblers.
    return " . ".join(" . ".join([s.name] * (2 if (s.level or 0) >= 4 else 1)) for s in skills)


def _concepts(found: list[str], skills) -> dict[str, int | None]:
    concepts: dict[str, int | None] = dict.fromkeys(found)
    for skill in skills:
        if skill.competence_id and skill.competence is not None:
            slug = skill.competence.slug
            concepts[slug] = max(skill.level or 0, concepts.get(slug) or 0) or None
    return concepts


def _document(kind, object_id, audience, parts, skills, tags) -> SearchDocument:
    """One document from already analysed parts (each part is analysed once per write)."""
    terms = [t for part in parts for t in part.terms]
    found = [c for part in parts for c in part.concepts]
    concepts = _concepts(found, skills)
    tokens = terms + [concept_token(c) for c in found]
    tokens += [AUDIENCE_TAG[audience], KIND_TAG[kind], *tags]
    tokens += [t for slug in concepts if (t := concept_token(slug)) not in tokens]
    return SearchDocument(
        kind=kind,
        object_id=object_id,
        audience=audience,
        terms=" ".join(tokens),
        length=len(terms) + len(found),
        concepts=[[slug, level] for slug, level in concepts.items()],
    )


def person_documents(person: Person) -> list[SearchDocument]:
    skills = list(person.skills.all())
    tags = [municipality_tag(person.municipality)] if person.municipality else []
    if person.available_for_assignments:
        tags.append(AVAILABLE_TAG)
    if person.remote_worker:
        tags.append(REMOTE_TAG)
    if person.member_status == MemberStatus.APPROVED:
        tags.append(MEMBER_TAG)
    municipality = by_slug(person.municipality)
    base = analyze_text(f"{person.name} . {municipality.name if municipality else ''}")
    groups = {
        "bio": analyze_text(f"{person.headline} . {person.bio}"),
        "employer": analyze_text(person.employer.name if person.employer else person.employer_name),
        "skills": analyze_text(_skill_text(skills)),
    }
    documents = []
    for audience, allowed in (
        (Audience.PUBLIC, {V.PUBLIC}),
        (Audience.MEMBERS, {V.PUBLIC, V.MEMBERS}),
    ):
        shown = [group for group in groups if getattr(person, f"{group}_visibility") in allowed]
        parts = [base, *(groups[group] for group in shown)]
        visible_skills = skills if "skills" in shown else []
        documents.append(_document("person", person.pk, audience, parts, visible_skills, tags))
    return documents


def company_documents(company: Company) -> list[SearchDocument]:
    skills = list(company.skills.all())
    municipality = by_slug(company.municipality)
    text = " . ".join(
        [company.name, municipality.name if municipality else "", company.description,
         " . ".join(company.services or []), _skill_text(skills)]
    )  # fmt: skip  # fmt: skip
    tags = [AUDIENCE_TAG[Audience.MEMBERS]]  # companies are public: both audiences see them
    if company.municipality:
        tags.append(municipality_tag(company.municipality))
    if company.member_status == MemberStatus.APPROVED:
        tags.append(MEMBER_TAG)
    return [_document("company", company.pk, Audience.PUBLIC, [analyze_text(text)], skills, tags)]


def _skills(model):
    return Prefetch("skills", queryset=model.objects.select_related("competence"))


@transaction.atomic
def refresh_people(ids: Iterable[int]) -> int:
    ids = list(ids)
    SearchDocument.objects.filter(kind="person", object_id__in=ids).delete()
    people = (
        Person.objects.listed()
        .filter(pk__in=ids)
        .select_related("employer")
        .prefetch_related(_skills(PersonSkill))
    )
    documents = [doc for person in people for doc in person_documents(person)]
    SearchDocument.objects.bulk_create(documents, batch_size=1000)
    return len(documents)


@transaction.atomic
def refresh_companies(ids: Iterable[int]) -> int:
    ids = list(ids)
    SearchDocument.objects.filter(kind="company", object_id__in=ids).delete()
    companies = Company.objects.listed().filter(pk__in=ids).prefetch_related(_skills(CompanySkill))
    documents = [doc for company in companies for doc in company_documents(company)]
    SearchDocument.objects.bulk_create(documents, batch_size=1000)
    return len(documents)


def concept_counts(documents) -> Counter:
    return Counter(slug for doc in documents for slug, _level in doc.concepts)


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
