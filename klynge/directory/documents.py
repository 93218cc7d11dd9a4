"""The directory's search documents: what of a person or company the index holds.

Directory services call ``refresh_people`` and ``refresh_companies`` inside
their own transaction, so a profile and its index entry change together.
Which field groups each audience's document holds is decided by
``klynge.directory.visibility`` alone; ``klynge.competence.index`` turns the
analysed parts into document rows and stores them, knowing nothing of people.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import SimpleNamespace

from django.db import transaction
from django.db.models import F

from klynge.competence import index
from klynge.competence.index import AVAILABLE_TAG, Skill, municipality_tag, tag
from klynge.competence.vocabulary import analyze_fields, analyze_text, competence_for, competence_id
from klynge.core.region import by_slug
from klynge.directory.models import Company, CompanySkill, MemberStatus, Person, PersonSkill
from klynge.directory.visibility import (
    COMPANY_INDEX_AUDIENCES,
    PERSON_INDEX_AUDIENCES,
    groups_in_index,
)

REMOTE_TAG, MEMBER_TAG = tag("remote"), tag("member")

PERSON_FIELDS = [
    "pk", "name", "municipality", "headline", "bio", "employer_name", "employer__name",
    "available_for_assignments", "remote_worker", "member_status", "bio_visibility",
    "employer_visibility", "skills_visibility",
]  # fmt: skip
COMPANY_FIELDS = ["pk", "name", "municipality", "description", "services", "member_status"]


def person_documents(person, skills: list[Skill]) -> list[dict]:
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
        "skills": analyze_fields(index.skill_names(skills)),
    }
    # Audiences that may see the same groups share one indexed document.
    audiences_by_shown: dict[tuple[str, ...], list[str]] = {}
    for audience in PERSON_INDEX_AUDIENCES:
        shown = groups_in_index(person, audience, groups)
        audiences_by_shown.setdefault(shown, []).append(audience)
    documents = []
    for shown, audiences in audiences_by_shown.items():
        parts = [base, *(groups[group] for group in shown)]
        visible_skills = skills if "skills" in shown else []
        documents += index.documents(
            "person", person.pk, audiences, parts, visible_skills, tags,
            available=person.available_for_assignments,
        )  # fmt: skip
    return documents


def company_documents(company, skills: list[Skill]) -> list[dict]:
    municipality = by_slug(company.municipality)
    analysis = analyze_fields(
        [company.name, municipality.name if municipality else "", company.description,
         *(company.services or []), *index.skill_names(skills)]
    )  # fmt: skip
    # One document, stored for the first audience, tagged for the others too.
    first, *others = COMPANY_INDEX_AUDIENCES
    tags = [index.AUDIENCE_TAG[audience] for audience in others]
    if company.municipality:
        tags.append(municipality_tag(company.municipality))
    if company.member_status == MemberStatus.APPROVED:
        tags.append(MEMBER_TAG)
    return index.documents("company", company.pk, [first], [analysis], skills, tags)


def _skills_by_owner(model, owner: str, ids: list[int]) -> dict[int, list[Skill]]:
    """Plain rows, not model instances: indexing a bulk import spends its time here."""
    found: dict[int, list[Skill]] = {}
    rows = model.objects.filter(**{f"{owner}_id__any": ids}).order_by(
        F("level").desc(nulls_last=True), "name"
    )
    for owner_id, name, level, competence in rows.values_list(
        owner, "name", "level", "competence_id"
    ):
        found.setdefault(owner_id, []).append(Skill(name, level, competence))
    return found


class _Row(SimpleNamespace):
    """A person or company as the index reads it (the fields of PERSON_FIELDS)."""


@transaction.atomic
def refresh_people(ids: Iterable[int]) -> int:
    """Rewrite the documents of these people; returns how many were stored."""
    ids = list(ids)
    skills = _skills_by_owner(PersonSkill, "person", ids)
    documents = []
    for row in Person.objects.listed().filter(id__any=ids).values(*PERSON_FIELDS):
        company_name = row.pop("employer__name")
        person = _Row(**row, employer=SimpleNamespace(name=company_name) if company_name else None)
        documents.extend(person_documents(person, skills.get(row["pk"], [])))
    return index.replace_documents("person", ids, documents)


@transaction.atomic
def refresh_companies(ids: Iterable[int]) -> int:
    """Rewrite the documents of these companies; returns how many were stored."""
    ids = list(ids)
    skills = _skills_by_owner(CompanySkill, "company", ids)
    documents = []
    for row in Company.objects.listed().filter(id__any=ids).values(*COMPANY_FIELDS):
        company = _Row(**row)
        documents.extend(company_documents(company, skills.get(row["pk"], [])))
    return index.replace_documents("company", ids, documents)


def remap_skills(model) -> int:
    """Point every skill (PersonSkill or CompanySkill) at the competence it names,
    after the taxonomy changed."""
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
