"""Import the region's IT businesses from Enhetsregisteret (Brønnøysundregistrene).

The bulk download holds about a million units; a few hundred are IT
businesses in a region like ours. So the scan does the cheap checks first, on
the raw parsed unit (municipality number, then industry code), and only the
few units that pass get looked at closely and written, in batches.

Public bodies of the region (by their institutional sector code, see
``directory/sectors.py``) are kept too, whatever their industry code, so
that a municipality is recognised when its people post needs; those that
are not IT businesses are written hidden from the directory of providers.

A listing made from the register is unclaimed until someone takes it over.
The register owns its facts (industry code, employees, municipality) and
updates them on every import; the name and website it updates only on
listings that still are the register's own (unclaimed, source "register").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

import ijson
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from klynge.core.bulk import insert_rows
from klynge.core.pagecache import content_changed
from klynge.core.region import municipalities
from klynge.directory.documents import refresh_companies
from klynge.directory.sectors import is_public_sector_code
from klynge.lib import orgnr

from ..models import Company
from .common import ImportFileError, clean_url, open_binary

DEFAULT_NACE_PREFIXES = ("62.", "63.1", "58.2", "95.1")  # SN2007 and SN2025 alike
BATCH_SIZE = 500
TICK = 1 << 13  # report progress every 8192 units
TRUE_WORDS = frozenset({"true", "j", "ja", "1", "yes"})
GONE_FLAGS = ("konkurs", "underAvvikling", "underTvangsavviklingEllerTvangsopplosning")
CSV_COLUMNS = {
    "org_number": "organisasjonsnummer",
    "name": "navn",
    "nace": "naeringskode1.kode",
    "sector_code": "institusjonellSektorkode.kode",
    "kommunenummer": "forretningsadresse.kommunenummer",
    "employees": "antallAnsatte",
    "website": "hjemmeside",
    **{flag: flag for flag in GONE_FLAGS},
}
CSV_REQUIRED = ("org_number", "name", "nace", "kommunenummer")
MAX_NAME = 200
MAX_NACE = 8
MAX_SECTOR = 4


@dataclass(slots=True)
class Unit:
    """A unit of the register in the region with an IT industry code, or a public body."""

    org_number: str
    name: str
    nace: str
    kommunenummer: str
    employees: int | None
    website: str
    gone: bool  # bankrupt or being dissolved
    sector_code: str = ""  # institusjonellSektorkode.kode
    it_business: bool = True  # False for a public body kept for its sector code only


@dataclass
class BrregSummary:
    scanned: int = 0
    kept: int = 0  # active IT units in the region with a valid org number
    public: int = 0  # of those kept: public bodies (many of them not IT businesses)
    created: int = 0
    updated: int = 0
    hidden: int = 0
    gone: int = 0  # bankrupt or dissolving IT units in the region
    invalid: int = 0  # IT units in the region with a bad org number


def nace_prefixes() -> tuple[str, ...]:
    return tuple(getattr(settings, "KLYNGE_BRREG_NACE_PREFIXES", DEFAULT_NACE_PREFIXES))


# Writes. One transaction per batch; returns the ids written.


@dataclass
class RegisterResult:
    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    hidden: list[int] = field(default_factory=list)


@transaction.atomic
def register_units_import(*, units: Sequence[Unit], now: datetime | None = None) -> RegisterResult:
    """Create or update listings from register units by org number; hide the gone ones.

    A gone unit (bankrupt, being dissolved) hides its unclaimed listing; it is
    never deleted, and a claimed listing is left to its admins.
    """
    content_changed()  # the lists and profiles pages show what is imported
    now = now or timezone.now()
    result = RegisterResult()
    slugs = {m.number: m.slug for m in municipalities()}
    latest = {unit.org_number: unit for unit in units}  # the last word on a unit wins
    existing = {
        company.org_number: company
        for company in Company.objects.select_for_update().filter(org_number__in=latest)
    }
    new_rows, changed, hidden = [], [], []
    for unit in latest.values():
        company = existing.get(unit.org_number)
        if unit.gone:
            if company and not company.is_claimed and company.is_listed:
                company.is_listed = False
                hidden.append(company)
            continue
        facts = {
            "nace": unit.nace,
            "sector_code": unit.sector_code,
            "employees": unit.employees,
            "municipality": slugs[unit.kommunenummer],
        }
        if company is None:
            new_rows.append(
                facts
                | {
                    "org_number": unit.org_number,
                    "name": unit.name,
                    "website": unit.website,
                    "source": Company.Source.REGISTER,
                    "is_claimed": False,
                    # A public body that is no IT business is known, not offered as a provider.
                    "is_listed": unit.it_business,
                }
            )
            continue
        if not company.is_claimed and company.source == Company.Source.REGISTER:
            facts |= {"name": unit.name, "website": unit.website}
        for name, value in facts.items():
            setattr(company, name, value)
        changed.append(company)
    insert_rows(Company, new_rows, now=now)
    for company in changed + hidden:
        company.updated_at = now
    Company.objects.bulk_update(
        changed + hidden,
        [
            "name",
            "nace",
            "sector_code",
            "employees",
            "municipality",
            "website",
            "is_listed",
            "updated_at",
        ],  # fmt: skip
        batch_size=100,
    )
    result.updated = [company.pk for company in changed]
    result.hidden = [company.pk for company in hidden]
    if new_rows:
        result.created = list(
            Company.objects.filter(org_number__in=[r["org_number"] for r in new_rows]).values_list(
                "id", flat=True
            )
        )
    refresh_companies(result.created + result.updated + result.hidden)
    return result


# Reading the file: JSON (an array of units) or CSV, either of them gzipped.


def read_units(
    stream: BinaryIO,
    *,
    kind: str,
    numbers: frozenset[str],
    prefixes: tuple[str, ...],
    summary: BrregSummary,
    tick: Callable[[int], None],
) -> Iterator[Unit]:
    """The units in the region with an IT industry code; counts every unit scanned."""
    scan = _scan_json if kind == "json" else _scan_csv
    yield from scan(stream, numbers, prefixes, summary, tick)


def _scan_json(stream, numbers, prefixes, summary, tick) -> Iterator[Unit]:
    scanned = 0
    try:
        items = _ijson().items(stream, "item", buf_size=1 << 16)
        for raw in items:
            scanned += 1
            if not scanned % TICK:
                summary.scanned = scanned
                tick(TICK)
            # The cheap tests first: almost every unit fails one of these two.
            address = raw.get("forretningsadresse")
            if not address or address.get("kommunenummer") not in numbers:
                continue
            code = (raw.get("naeringskode1") or {}).get("kode")
            it_business = isinstance(code, str) and code.startswith(prefixes)
            sector = (raw.get("institusjonellSektorkode") or {}).get("kode")
            sector = sector[:MAX_SECTOR] if isinstance(sector, str) else ""
            if not it_business and not is_public_sector_code(sector):
                continue
            code = code if isinstance(code, str) else ""
            yield Unit(
                org_number=str(raw.get("organisasjonsnummer") or ""),
                name=str(raw.get("navn") or "").strip()[:MAX_NAME],
                nace=code[:MAX_NACE],
                kommunenummer=address["kommunenummer"],
                employees=_employees(raw.get("antallAnsatte")),
                website=clean_url(str(raw.get("hjemmeside") or "")) or "",
                gone=any(_flag(raw.get(flag)) for flag in GONE_FLAGS),
                sector_code=sector,
                it_business=it_business,
            )
    except ijson.JSONError as exc:
        raise ImportFileError(f"the file is not valid JSON after unit {scanned}: {exc}") from exc
    summary.scanned = scanned
    tick(scanned % TICK)


def _scan_csv(stream, numbers, prefixes, summary, tick) -> Iterator[Unit]:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    header_line = text.readline()
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    header = next(csv.reader([header_line], delimiter=delimiter), [])
    where = {name: i for i, name in enumerate(header)}
    missing = [CSV_COLUMNS[key] for key in CSV_REQUIRED if CSV_COLUMNS[key] not in where]
    if missing:
        raise ImportFileError(f"the CSV file has no column {', '.join(missing)}")
    col = {key: where.get(column) for key, column in CSV_COLUMNS.items()}
    i_kommune, i_nace, width = col["kommunenummer"], col["nace"], len(header)

    def cell(row: list[str], key: str) -> str:
        index = col[key]
        return row[index] if index is not None else ""

    scanned = 0
    for row in csv.reader(text, delimiter=delimiter):
        scanned += 1
        if not scanned % TICK:
            summary.scanned = scanned
            tick(TICK)
        if len(row) < width or row[i_kommune] not in numbers:
            continue
        code = row[i_nace]
        it_business = code.startswith(prefixes)
        sector = cell(row, "sector_code")[:MAX_SECTOR]
        if not it_business and not is_public_sector_code(sector):
            continue
        yield Unit(
            org_number=cell(row, "org_number"),
            name=cell(row, "name").strip()[:MAX_NAME],
            nace=code[:MAX_NACE],
            kommunenummer=row[i_kommune],
            employees=_employees(cell(row, "employees")),
            website=clean_url(cell(row, "website")) or "",
            gone=any(_flag(cell(row, flag)) for flag in GONE_FLAGS),
            sector_code=sector,
            it_business=it_business,
        )
    summary.scanned = scanned
    tick(scanned % TICK)


def _ijson():
    try:
        return ijson.get_backend("yajl2_c")  # about five times the pure-Python parser
    except ImportError:
        return ijson


def _flag(value) -> bool:
    if isinstance(value, bool):
        return value
    return isinstance(value, str) and value.strip().lower() in TRUE_WORDS


def _employees(value) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return max(value, 0)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def file_kind(path: str | Path, stream: BinaryIO) -> str:
    """'json' or 'csv', by the file's name, else by its first character."""
    name = str(path).lower().removesuffix(".gz")
    if name.endswith(".json"):
        return "json"
    if name.endswith(".csv"):
        return "csv"
    return "json" if stream.peek(64).lstrip()[:1] == b"[" else "csv"


# The driver.


def import_brreg(
    path: str | Path,
    *,
    dry_run: bool = False,
    prefixes: Iterable[str] | None = None,
    report: Callable[[str], None] = lambda message: None,
    tick: Callable[[int], None] = lambda units: None,
) -> BrregSummary:
    """Scan a register file and write the region's IT businesses in batches.

    ``tick`` is called with the number of units scanned since its last call.
    """
    summary = BrregSummary()
    numbers = frozenset(m.number for m in municipalities())
    prefixes = tuple(prefixes) if prefixes else nace_prefixes()
    batch: list[Unit] = []
    with open_binary(path) as stream:
        kind = file_kind(path, stream)
        units = read_units(
            stream, kind=kind, numbers=numbers, prefixes=prefixes, summary=summary, tick=tick
        )
        for unit in units:
            if not orgnr.is_valid(unit.org_number) or len(unit.org_number) != 9:
                summary.invalid += 1
                report(f"unit {unit.org_number!r} ({unit.name}): not a valid organisation number")
                continue
            if unit.gone:
                summary.gone += 1
            elif not unit.name:
                summary.invalid += 1
                report(f"unit {unit.org_number}: no name; skipped")
                continue
            else:
                summary.kept += 1
                summary.public += is_public_sector_code(unit.sector_code)
            batch.append(unit)
            if len(batch) >= BATCH_SIZE:
                _write(batch, summary, dry_run)
                batch = []
    _write(batch, summary, dry_run)
    return summary


def _write(batch: list[Unit], summary: BrregSummary, dry_run: bool) -> None:
    if not batch or dry_run:
        return
    result = register_units_import(units=batch)
    summary.created += len(result.created)
    summary.updated += len(result.updated)
    summary.hidden += len(result.hidden)
