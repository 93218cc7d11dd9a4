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

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.models import F

from klynge.competence import index
from klynge.competence.index import AVAILABLE_TAG, Skill, municipality_tag, tag
from klynge.competence.models import SearchDocument
from klynge.competence.vocabulary import analyze_fields, analyze_text, competence_for, competence_id
from klynge.core.pagecache import content_changed
from klynge.core.region import by_slug
from klynge.directory import supply
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
    # Each group: (free text, what states a competence). The headline says what the
    # person does, as skills do; the bio and the employer's name only mention words
    # (docs/matching.md, "Provenance").
    groups = {
        "bio": (analyze_fields([person.bio]), analyze_fields([person.headline])),
        "employer": (
            analyze_text(person.employer.name if person.employer else person.employer_name),
            None,
        ),
        "skills": (None, analyze_fields(index.skill_names(skills))),
    }
    # Audiences that may see the same groups share one indexed document.
    audiences_by_shown: dict[tuple[str, ...], list[str]] = {}
    for audience in PERSON_INDEX_AUDIENCES:
        shown = groups_in_index(person, audience, groups)
        audiences_by_shown.setdefault(shown, []).append(audience)
    documents = []
    for shown, audiences in audiences_by_shown.items():
        parts = [base, *(groups[group][0] for group in shown if groups[group][0])]
        declared = [groups[group][1] for group in shown if groups[group][1]]
        visible_skills = skills if "skills" in shown else []
        documents += index.documents(
            "person", person.pk, audiences, parts, visible_skills, tags,
            available=person.available_for_assignments, declared=declared,
        )  # fmt: skip
    return documents


def company_documents(company, skills: list[Skill]) -> list[dict]:
    municipality = by_slug(company.municipality)
    # The description tells a story and only mentions competences; the services and
    # skills state them (docs/matching.md, "Provenance").
    mentioned = analyze_fields(
        [company.name, municipality.name if municipality else "", company.description]
    )
    declared = analyze_fields([*(company.services or []), *index.skill_names(skills)])
    # One document, stored for the first audience, tagged for the others too.
    first, *others = COMPANY_INDEX_AUDIENCES
    tags = [index.AUDIENCE_TAG[audience] for audience in others]
    if company.municipality:
        tags.append(municipality_tag(company.municipality))
    if company.member_status == MemberStatus.APPROVED:
        tags.append(MEMBER_TAG)
    return index.documents(
        "company", company.pk, [first], [mentioned], skills, tags, declared=[declared]
    )


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
    """Rewrite the documents of these people; returns how many were stored.
    Their competence supply is recounted too (supply.py): every write path calls this."""
    ids = list(ids)
    supply.refresh(supply.PERSON, ids)
    skills = _skills_by_owner(PersonSkill, "person", ids)
    documents = []
    for row in Person.objects.listed().filter(id__any=ids).values(*PERSON_FIELDS):
        company_name = row.pop("employer__name")
        person = _Row(**row, employer=SimpleNamespace(name=company_name) if company_name else None)
        documents.extend(person_documents(person, skills.get(row["pk"], [])))
    return index.replace_documents("person", ids, documents)


@transaction.atomic
def refresh_companies(ids: Iterable[int]) -> int:
    """Rewrite the documents of these companies; returns how many were stored.
    Their competence supply is recounted too (supply.py)."""
    ids = list(ids)
    supply.refresh(supply.COMPANY, ids)
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


REFRESH_BATCH = 500  # profiles rewritten per transaction, as `manage.py reindex` does


def refresh_stale() -> int:
    """Rewrite the documents of every person and company the index still holds in an
    older shape (``index.stale_documents``: written by an older analysis, or before
    provenance was kept), so an upgraded database needs no ``manage.py reindex`` by hand.
    Returns how many people and companies were rewritten; nothing to do costs one query."""
    stale: dict[str, set[int]] = {}
    for kind, object_id in index.stale_documents().values_list("kind", "object_id"):
        stale.setdefault(kind, set()).add(object_id)
    refreshers = {"person": refresh_people, "company": refresh_companies}
    for kind, ids in stale.items():
        ordered = sorted(ids)
        for start in range(0, len(ordered), REFRESH_BATCH):
            refreshers[kind](ordered[start : start + REFRESH_BATCH])
    return sum(len(ids) for ids in stale.values())


def _has_todays_columns(connection) -> bool:
    """Whether the search documents' table has every column of today's model: not
    after ``migrate competence <earlier>``, where asking for stale ones would fail."""
    table = SearchDocument._meta.db_table
    with connection.cursor() as cursor:
        if table not in connection.introspection.table_names(cursor):
            return False
        columns = {c.name for c in connection.introspection.get_table_description(cursor, table)}
    return all(f.column in columns for f in SearchDocument._meta.concrete_fields)


def refresh_stale_after_migrate(sender, *, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    """post_migrate (after every ``migrate`` and every test flush): reindex stale
    documents with today's code, once the database is at today's migrations (not
    after ``migrate <app> <earlier>``: today's models would not fit its tables)."""
    if using != DEFAULT_DB_ALIAS or not _has_todays_columns(connections[using]):
        return
    if not index.stale_documents().exists():
        return
    executor = MigrationExecutor(connections[using])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return
    if refresh_stale():
        content_changed()  # pages cached with the old matches
