"""Import the hub's people and companies from JSON Lines (the interchange format).

The driver, ``import_members``, validates every line first (records.py), then
writes the good records in chunks of ``CHUNK_SIZE``: one transaction per chunk,
a handful of bulk queries each. A record is written whole (with its skills) or
not at all: the chunk commits or rolls back as one, and a record the database
refuses is retried alone and reported, so one bad record never takes the rest
of its chunk with it.

A record updates the row with its ``external_id``; every field the format
defines is set from the record (a field left out is emptied), fields the
format does not know (visibility, photo, phone, the login) are never touched.
Profiles and listings their owners have claimed are left alone.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.db import DataError, IntegrityError, transaction
from django.utils import timezone

from klynge.competence.models import SearchDocument
from klynge.competence.taxonomy import taxonomy_require
from klynge.competence.vocabulary import competence_for, competence_id
from klynge.core.bulk import insert_rows
from klynge.core.pagecache import content_changed
from klynge.directory.documents import refresh_companies, refresh_people

from ..models import Company, CompanySkill, MemberStatus, Person, PersonSkill
from .common import WriteResult, open_binary, prepare_connection, refresh_statistics
from .records import CompanyRecord, PersonRecord, municipality_slugs, parse_line

CHUNK_SIZE = 1000
UTF8_BOM = b"\xef\xbb\xbf"

PERSON_UPDATE_FIELDS = [
    "name", "contact_email", "headline", "bio", "municipality", "languages",
    "available_for_assignments", "remote_worker", "linkedin_url", "website_url", "github_url",
    "employer", "employer_name", "member_status", "member_since", "updated_at",
]  # fmt: skip
COMPANY_UPDATE_FIELDS = [
    "org_number", "name", "description", "municipality", "nace", "employees", "services",
    "website", "member_status", "member_since", "updated_at",
]  # fmt: skip


class RecordRejected(Exception):
    """A record that passed validation but cannot be stored next to what is there."""


# Writes. Each runs in one transaction and returns the ids it wrote.


@transaction.atomic
def companies_import(
    *, records: Sequence[CompanyRecord], now: datetime | None = None
) -> WriteResult:
    """Create or update companies by external_id, replacing their skills.

    A record whose org_number belongs to a listing without an external_id (one
    made from Enhetsregisteret) takes that listing over, so the hub's list and
    the register meet in one row.
    """
    taxonomy_require()  # skills are mapped to competences as they are written
    content_changed()  # the lists and profiles pages show what is imported
    now = now or timezone.now()
    result = WriteResult()
    by_id = {r.external_id: r for r in records}
    existing = {
        row["external_id"]: row
        for row in Company.objects.select_for_update()
        .filter(external_id__any=list(by_id))
        .values("id", "external_id", "is_claimed", "member_status", "member_since")
    }
    _adopt_register_listings([r for r in records if r.external_id not in existing], existing)

    rows = []
    for record in records:
        row = existing.get(record.external_id)
        if row and row["is_claimed"]:
            result.claimed.append(record.external_id)
            continue
        status, since = _membership(record.member, row, now)
        rows.append(
            record.fields
            | {
                "external_id": record.external_id,
                "source": Company.Source.IMPORT,
                "is_claimed": False,
                "member_status": status,
                "member_since": since,
            }
        )
    _insert_or_update(Company, rows, existing, COMPANY_UPDATE_FIELDS, now)
    _collect_ids(result, Company, rows, existing)
    _replace_skills(CompanySkill, "company_id", records, result)
    refresh_companies(result.created + result.updated)
    return result


@transaction.atomic
def people_import(
    *,
    records: Sequence[PersonRecord],
    employers: Mapping[str, int],
    now: datetime | None = None,
) -> WriteResult:
    """Create or update people by external_id, replacing their skills.

    Imported people have no login until they claim their profile. ``employers``
    maps a company name, casefolded, to its id: a person's employer links to
    that company, or is kept as text when no company has the name.
    """
    taxonomy_require()  # skills are mapped to competences as they are written
    content_changed()  # the lists and profiles pages show what is imported
    now = now or timezone.now()
    result = WriteResult()
    existing = {
        row["external_id"]: row
        for row in Person.objects.select_for_update()
        .filter(external_id__any=[r.external_id for r in records])
        .values("id", "external_id", "user_id", "member_status", "member_since")
    }
    rows = []
    for record in records:
        row = existing.get(record.external_id)
        if row and row["user_id"] is not None:
            result.claimed.append(record.external_id)
            continue
        status, since = _membership(record.member, row, now)
        employer_id = employers.get(record.employer.casefold()) if record.employer else None
        rows.append(
            record.fields
            | {
                "external_id": record.external_id,
                "employer_id": employer_id,
                "employer_name": "" if employer_id else record.employer,
                "member_status": status,
                "member_since": since,
            }
        )
    _insert_or_update(Person, rows, existing, PERSON_UPDATE_FIELDS, now)
    _collect_ids(result, Person, rows, existing)
    _replace_skills(PersonSkill, "person_id", records, result)
    refresh_people(result.created + result.updated)
    return result


@transaction.atomic
def people_link_employers(*, employer_by_person: Mapping[int, int]) -> list[int]:
    """Link people to employers that were imported after them; returns the people's ids."""
    people = [
        Person(pk=person_id, employer_id=company_id, employer_name="", updated_at=timezone.now())
        for person_id, company_id in employer_by_person.items()
    ]
    Person.objects.bulk_update(people, ["employer", "employer_name", "updated_at"], batch_size=200)
    refresh_people(list(employer_by_person))
    return list(employer_by_person)


def _membership(member: bool, row: dict | None, now: datetime) -> tuple[str, datetime | None]:
    """Imported records are approved members unless they say "member": false.

    Keeps the date of an existing approval; "member": false ends an approval
    but leaves a pending or declined application as it is.
    """
    status = row["member_status"] if row else MemberStatus.NONE
    since = row["member_since"] if row else None
    if member:
        if status == MemberStatus.APPROVED and since:
            return status, since
        return MemberStatus.APPROVED, now
    if status == MemberStatus.APPROVED:
        return MemberStatus.NONE, None
    return status, since


def _adopt_register_listings(records: Sequence[CompanyRecord], existing: dict) -> None:
    """Give listings that share a record's org_number that record's external_id."""
    wanted = {r.fields["org_number"]: r for r in records if r.fields["org_number"]}
    if not wanted:
        return
    rows = (
        Company.objects.select_for_update()
        .filter(org_number__in=wanted)
        .values("id", "org_number", "external_id", "is_claimed", "member_status", "member_since")
    )
    for row in rows:
        record = wanted[row["org_number"]]
        if row["external_id"] is not None:
            raise RecordRejected(
                f"org_number {row['org_number']} already belongs to another company "
                f"(external_id {row['external_id']!r})"
            )
        changes = {"external_id": record.external_id}
        if not row["is_claimed"]:
            changes["source"] = Company.Source.IMPORT  # the hub's data now, not the register's
        Company.objects.filter(pk=row["id"]).update(**changes)
        existing[record.external_id] = row | {"external_id": record.external_id}


def _insert_or_update(model, rows: list[dict], existing: dict, update: list[str], now) -> None:
    """New rows are inserted as they are (COPY on PostgreSQL), the others upserted.

    Someone else may create the same external_id meanwhile: the insert then
    fails, and the chunk is written again record by record, as an update.
    """
    insert_rows(model, [r for r in rows if r["external_id"] not in existing], now=now)
    insert_rows(
        model,
        [r for r in rows if r["external_id"] in existing],
        conflict="external_id",
        update=update,
        now=now,
    )


def _collect_ids(result: WriteResult, model, rows: list[dict], existing: dict) -> None:
    keys = [row["external_id"] for row in rows]
    result.ids = dict(model.objects.filter(external_id__any=keys).values_list("external_id", "id"))
    for key in keys:
        (result.updated if key in existing else result.created).append(result.ids[key])


def _replace_skills(model, owner: str, records: Sequence, result: WriteResult) -> None:
    """Replace the skills of every written record: one delete, one insert."""
    if result.updated:
        model.objects.filter(**{f"{owner}__any": result.updated}).delete()
    insert_rows(
        model,
        (
            {
                owner: result.ids[record.external_id],
                "name": name,
                "level": level,
                "competence_id": competence_id(competence_for(name)),
            }
            for record in records
            if record.external_id in result.ids
            for name, level in record.skills
        ),
        now=timezone.now(),
    )


# The driver: read, validate, write in chunks, report.


@dataclass
class MembersSummary:
    created: int = 0
    updated: int = 0
    skipped: int = 0  # lines not imported: invalid, or refused by the database
    claimed: int = 0  # records left alone because their owner claimed them
    warnings: int = 0
    person_ids: list[int] = field(default_factory=list)
    company_ids: list[int] = field(default_factory=list)


class ImportAborted(Exception):
    """The import stopped part-way; every chunk before ``line`` is saved."""

    def __init__(self, line: int, summary: MembersSummary):
        super().__init__(line)
        self.line, self.summary = line, summary


def count_lines(path: str | Path) -> int:
    with open_binary(path) as f:
        return sum(block.count(b"\n") for block in iter(lambda: f.read(1 << 20), b""))


def import_members(
    path: str | Path,
    *,
    dry_run: bool = False,
    report: Callable[[str], None] = lambda message: None,
    advance: Callable[[int], None] = lambda lines: None,
    chunk_size: int = CHUNK_SIZE,
) -> MembersSummary:
    """Import a JSON Lines file; ``report`` gets each 'line N: ...' message.

    ``advance`` is called with the number of lines read since its last call,
    for a progress bar. Raises ImportFileError if the file cannot be read and
    ImportAborted (chained to the cause) if a chunk fails for any reason other
    than a record the database refuses. Raises Invalid, before reading a line, when
    the competence taxonomy is empty.
    """
    taxonomy_require()
    prepare_connection()
    run = _Run(dry_run=dry_run, report=report)
    slugs = municipality_slugs()
    read = 0
    with open_binary(path) as f:
        for number, raw in enumerate(f, start=1):
            read += 1
            if number == 1 and raw.startswith(UTF8_BOM):
                raw = raw[len(UTF8_BOM) :]
            if raw.strip():
                parsed = parse_line(raw, number, slugs=slugs)
                for warning in parsed.warnings:
                    run.warn(number, warning)
                if parsed.record is None:
                    run.reject(number, "; ".join(parsed.errors))
                else:
                    run.add(parsed.record, chunk_size)
            if read >= 1000:
                advance(read)
                read = 0
    run.flush()
    run.link_late_employers()
    advance(read)
    return run.summary


class _Run:
    """The state of one import: the chunk being gathered, the counts, the employers."""

    def __init__(self, *, dry_run: bool, report: Callable[[str], None]):
        self.dry_run, self.report = dry_run, report
        self.summary = MembersSummary()
        self.people: list[PersonRecord] = []
        self.companies: list[CompanyRecord] = []
        self.in_chunk: set[tuple[type, str]] = set()
        self.seen: set[tuple[type, str]] = set()  # dry run: ids met earlier in the file
        self.employers: dict[str, int] = {} if dry_run else _company_names()
        self.late_employers: dict[int, str] = {}  # person id -> employer not found yet

    def warn(self, line: int, message: str) -> None:
        self.summary.warnings += 1
        self.report(f"line {line}: warning: {message}")

    def reject(self, line: int, reason: str) -> None:
        self.summary.skipped += 1
        self.report(f"line {line}: {reason}; skipped")

    def add(self, record: PersonRecord | CompanyRecord, chunk_size: int) -> None:
        key = (type(record), record.external_id)
        # The same external_id twice in one upsert statement is an error on
        # PostgreSQL, so a repeat starts a new chunk and updates the first.
        if key in self.in_chunk or len(self.in_chunk) >= chunk_size:
            self.flush()
        self.in_chunk.add(key)
        (self.people if isinstance(record, PersonRecord) else self.companies).append(record)

    def flush(self) -> None:
        people, companies = self.people, self.companies
        self.people, self.companies, self.in_chunk = [], [], set()
        if not people and not companies:
            return
        if self.dry_run:
            self._count_dry(people, companies)
            return
        try:
            try:
                self._write(people, companies)
            except (IntegrityError, DataError, RecordRejected):
                for record in sorted([*companies, *people], key=lambda r: r.line):
                    self._write_one(record)
        except Exception as exc:
            first = min(r.line for r in [*people, *companies])
            raise ImportAborted(first, self.summary) from exc
        refresh_statistics([Company, CompanySkill, Person, PersonSkill, SearchDocument])

    def _write(self, people: list[PersonRecord], companies: list[CompanyRecord]) -> None:
        new_names: dict[str, int] = {}
        with transaction.atomic():
            done = companies_import(records=companies) if companies else WriteResult()
            for record in companies:
                if record.external_id in done.ids:
                    new_names.setdefault(
                        record.fields["name"].casefold(), done.ids[record.external_id]
                    )
            employers = ChainMap(self.employers, new_names)
            people_done = (
                people_import(records=people, employers=employers) if people else WriteResult()
            )
        # Only now that the chunk is committed may later chunks rely on its companies.
        for name, company_id in new_names.items():
            self.employers.setdefault(name, company_id)
        self._count(companies, done, kind="company")
        self._count(people, people_done, kind="person")
        for record in people:
            person_id = people_done.ids.get(record.external_id)
            if person_id is None:
                continue
            if record.employer and record.employer.casefold() not in self.employers:
                self.late_employers[person_id] = record.employer.casefold()
            else:
                self.late_employers.pop(person_id, None)

    def _write_one(self, record: PersonRecord | CompanyRecord) -> None:
        try:
            if isinstance(record, CompanyRecord):
                self._write([], [record])
            else:
                self._write([record], [])
        except RecordRejected as exc:
            self.reject(record.line, str(exc))
        except (IntegrityError, DataError) as exc:
            org_number = getattr(record, "fields", {}).get("org_number")
            if org_number and "org_number" in str(exc):
                self.reject(
                    record.line, f"org_number {org_number} already belongs to another company"
                )
            else:
                self.reject(record.line, f"the database refused it ({_first_line(exc)})")

    def _count(self, records: Sequence, done: WriteResult, *, kind: str) -> None:
        self.summary.created += len(done.created)
        self.summary.updated += len(done.updated)
        ids = self.summary.person_ids if kind == "person" else self.summary.company_ids
        ids.extend(done.created + done.updated)
        lines = {r.external_id: r.line for r in records}
        for external_id in done.claimed:
            self.summary.claimed += 1
            self.report(
                f"line {lines[external_id]}: {kind} {external_id!r} has been claimed by "
                "its owner; not changed"
            )

    def _count_dry(self, people: list[PersonRecord], companies: list[CompanyRecord]) -> None:
        for model, records in ((Person, people), (Company, companies)):
            ids = [r.external_id for r in records]
            stored = set(
                model.objects.filter(external_id__in=ids).values_list("external_id", flat=True)
            )
            for record in records:
                key = (type(record), record.external_id)
                if record.external_id in stored or key in self.seen:
                    self.summary.updated += 1
                else:
                    self.summary.created += 1
                self.seen.add(key)

    def link_late_employers(self) -> None:
        links = {
            person_id: self.employers[name]
            for person_id, name in self.late_employers.items()
            if name in self.employers
        }
        if links:
            people_link_employers(employer_by_person=links)


def _company_names() -> dict[str, int]:
    """Every company's name, casefolded, to its id; the oldest company wins a tie.

    Casefolded in Python, since SQLite's LOWER() leaves Æ, Ø and Å alone.
    """
    names: dict[str, int] = {}
    for company_id, name in Company.objects.order_by("id").values_list("id", "name").iterator():
        names.setdefault(name.casefold(), company_id)
    return names


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
