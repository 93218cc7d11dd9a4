"""Validation of one JSON Lines record of the interchange format.

shared/spec/interchange.md is the contract. ``parse_line`` turns one line into
a ``PersonRecord`` or ``CompanyRecord`` holding exactly the values to store,
or into a list of reasons why it cannot be imported. It touches no database,
so every line is checked before anything of it is written.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from klynge.core.region import OUTSIDE_REGION, municipalities
from klynge.lib import orgnr

from .common import clean_url

PERSON_KEYS = frozenset(
    [
        "kind",
        "external_id",
        "name",
        "email",
        "headline",
        "bio",
        "municipality",
        "employer",
        "skills",
        "languages",
        "available_for_assignments",
        "remote_worker",
        "links",
        "member",
    ]
)
COMPANY_KEYS = frozenset(
    [
        "kind",
        "external_id",
        "org_number",
        "name",
        "description",
        "municipality",
        "nace",
        "employees",
        "services",
        "skills",
        "website",
        "member",
    ]
)
LINK_FIELDS = {"linkedin": "linkedin_url", "website": "website_url", "github": "github_url"}
SKILL_KEYS = frozenset({"name", "level"})
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(-[a-z0-9]{2,8})?")
# Addresses of this plain shape are valid for Django's EmailValidator too, which
# costs more than the rest of a person's checks; anything else goes through it.
PLAIN_EMAIL = re.compile(
    r"[a-z0-9_+-]+(?:\.[a-z0-9_+-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}",
    re.IGNORECASE | re.ASCII,
)
NACE_CODE = re.compile(r"\d{2}(\.\d{1,3})?")

# Lengths of the model fields, checked here because SQLite would not.
MAX_EXTERNAL_ID = 64
MAX_PERSON_NAME = 150
MAX_HEADLINE = 160
MAX_EMPLOYER = 150
MAX_EMAIL = 254
MAX_COMPANY_NAME = 200
MAX_SKILL = 100


@dataclass(slots=True)
class PersonRecord:
    line: int
    external_id: str
    fields: dict[str, Any]  # model field name -> value, for every field the format defines
    employer: str  # company name as written, or ""
    member: bool
    skills: list[tuple[str, int | None]]


@dataclass(slots=True)
class CompanyRecord:
    line: int
    external_id: str
    fields: dict[str, Any]
    member: bool
    skills: list[tuple[str, int | None]]


@dataclass(slots=True)
class ParsedLine:
    record: PersonRecord | CompanyRecord | None = None
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def municipality_slugs() -> frozenset[str]:
    return frozenset(m.slug for m in municipalities()) | {OUTSIDE_REGION}


def parse_line(raw: bytes, line: int, *, slugs: frozenset[str]) -> ParsedLine:
    """Validate one line of the file; ``slugs`` are the allowed municipality values."""
    parsed = ParsedLine()
    try:
        data = json.loads(raw)
    except UnicodeDecodeError:
        parsed.errors.append("the line is not valid UTF-8")
        return parsed
    except json.JSONDecodeError as exc:
        parsed.errors.append(f"not valid JSON ({exc.msg} at column {exc.colno})")
        return parsed
    if not isinstance(data, dict):
        parsed.errors.append("expected a JSON object {...}")
        return parsed
    kind = data.get("kind")
    if kind not in ("person", "company"):
        parsed.errors.append(f'\'kind\' must be "person" or "company", not {_show(kind)}')
        return parsed
    checker = _Checker(data, slugs)
    known = PERSON_KEYS if kind == "person" else COMPANY_KEYS
    for key in data:
        if key not in known:
            checker.warnings.append(f"unknown key '{key}' ignored")
    parsed.record = checker.person(line) if kind == "person" else checker.company(line)
    parsed.errors, parsed.warnings = checker.errors, checker.warnings
    if parsed.errors:
        parsed.record = None
    return parsed


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


class _Checker:
    """Reads fields out of one record, collecting every problem it finds."""

    def __init__(self, data: dict, slugs: frozenset[str]):
        self.data, self.slugs = data, slugs
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def person(self, line: int) -> PersonRecord:
        fields = {
            "name": self.text("name", MAX_PERSON_NAME, required=True),
            "contact_email": self.email("email"),
            "headline": self.text("headline", MAX_HEADLINE),
            "bio": self.text("bio"),
            "municipality": self.municipality(),
            "languages": self.languages(),
            "available_for_assignments": self.boolean("available_for_assignments", False),
            "remote_worker": self.boolean("remote_worker", False),
        }
        fields.update(self.links())
        return PersonRecord(
            line=line,
            external_id=self.external_id(),
            fields=fields,
            employer=self.text("employer", MAX_EMPLOYER),
            member=self.boolean("member", True),
            skills=self.skills(),
        )

    def company(self, line: int) -> CompanyRecord:
        fields = {
            "org_number": self.org_number(),
            "name": self.text("name", MAX_COMPANY_NAME, required=True),
            "description": self.text("description"),
            "municipality": self.municipality(),
            "nace": self.nace(),
            "employees": self.employees(),
            "services": self.services(),
            "website": self.url("website"),
        }
        return CompanyRecord(
            line=line,
            external_id=self.external_id(),
            fields=fields,
            member=self.boolean("member", True),
            skills=self.skills(),
        )

    # One method per kind of value. Absent, null and "" all mean "empty".

    def external_id(self) -> str:
        value = self.data.get("external_id")
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            self.errors.append("'external_id' is required (a string)")
            return ""
        value = value.strip()
        if len(value) > MAX_EXTERNAL_ID:
            self.errors.append(f"'external_id' is longer than {MAX_EXTERNAL_ID} characters")
        return value

    def text(self, key: str, max_length: int | None = None, required: bool = False) -> str:
        value = self.data.get(key)
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.errors.append(f"'{key}' must be a string, not {_show(value)}")
            return ""
        value = value.strip()
        if required and not value:
            self.errors.append(f"'{key}' is required")
        elif max_length and len(value) > max_length:
            self.errors.append(f"'{key}' is longer than {max_length} characters")
        return value

    def boolean(self, key: str, default: bool) -> bool:
        value = self.data.get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.errors.append(f"'{key}' must be true or false, not {_show(value)}")
            return default
        return value

    def email(self, key: str) -> str:
        value = self.text(key, MAX_EMAIL)
        if value and not (len(value) <= 320 and PLAIN_EMAIL.fullmatch(value)):
            try:
                validate_email(value)
            except ValidationError:
                self.errors.append(f"'{key}' is not a valid email address: {_show(value)}")
        return value

    def url(self, key: str) -> str:
        value = self.text(key)
        if not value:
            return ""
        url = clean_url(value)
        if url is None:
            self.errors.append(f"'{key}' is not a valid web address: {_show(value)}")
            return ""
        return url

    def municipality(self) -> str:
        value = self.text("municipality")
        if value and value not in self.slugs:
            allowed = ", ".join(sorted(self.slugs))
            self.errors.append(f"unknown 'municipality' {_show(value)} (one of: {allowed})")
        return value

    def org_number(self) -> str | None:
        value = self.data.get("org_number")
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            self.errors.append(f"'org_number' must be a string of nine digits, not {_show(value)}")
            return None
        if not orgnr.is_valid(value):
            self.errors.append(
                f"'org_number' {_show(value)} is not a valid organisation number "
                "(nine digits with a MOD11 check digit)"
            )
            return None
        return orgnr.normalise(value)

    def nace(self) -> str:
        value = self.text("nace")
        if value and not NACE_CODE.fullmatch(value):
            self.errors.append(
                f"'nace' must be an industry code like \"62.010\", not {_show(value)}"
            )
        return value

    def employees(self) -> int | None:
        value = self.data.get("employees")
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            self.errors.append(
                f"'employees' must be a whole number of 0 or more, not {_show(value)}"
            )
            return None
        return value

    def string_list(self, key: str) -> list[str]:
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.errors.append(f"'{key}' must be a list of strings")
            return []
        return [v.strip() for v in value if v.strip()]

    def services(self) -> list[str]:
        return list(dict.fromkeys(self.string_list("services")))

    def languages(self) -> list[str]:
        codes = [code.lower() for code in self.string_list("languages")]
        for code in codes:
            if not LANGUAGE_CODE.fullmatch(code):
                self.errors.append(f"'languages' holds {_show(code)}, not a code like \"nb\"")
        return list(dict.fromkeys(codes))

    def links(self) -> dict[str, str]:
        fields = dict.fromkeys(LINK_FIELDS.values(), "")
        links = self.data.get("links")
        if links is None:
            return fields
        if not isinstance(links, dict):
            self.errors.append('\'links\' must be an object like {"linkedin": "https://..."}')
            return fields
        for key, value in links.items():
            if key not in LINK_FIELDS:
                self.warnings.append(f"unknown key 'links.{key}' ignored")
                continue
            if value is None or value == "":
                continue
            url = clean_url(value) if isinstance(value, str) else None
            if url is None:
                self.errors.append(f"'links.{key}' is not a valid web address: {_show(value)}")
            else:
                fields[LINK_FIELDS[key]] = url
        return fields

    def skills(self) -> list[tuple[str, int | None]]:
        """Skills as (name, level); the same name twice (any case) keeps the higher level."""
        value = self.data.get("skills")
        if value is None:
            return []
        if not isinstance(value, list):
            self.errors.append('\'skills\' must be a list like [{"name": "Python", "level": 3}]')
            return []
        skills: dict[str, tuple[str, int | None]] = {}
        for i, item in enumerate(value):
            where = f"skills[{i}]"
            if not isinstance(item, dict):
                self.errors.append(f'\'{where}\' must be an object like {{"name": "Python"}}')
                continue
            for key in item:
                if key not in SKILL_KEYS:
                    self.warnings.append(f"unknown key '{where}.{key}' ignored")
            name, level = item.get("name"), item.get("level")
            if not isinstance(name, str) or not name.strip():
                self.errors.append(f"'{where}.name' is required (a string)")
                continue
            name = name.strip()
            if len(name) > MAX_SKILL:
                self.errors.append(f"'{where}.name' is longer than {MAX_SKILL} characters")
                continue
            if level is not None and (
                not isinstance(level, int) or isinstance(level, bool) or not 1 <= level <= 5
            ):
                self.errors.append(f"'{where}.level' must be a whole number from 1 to 5")
                continue
            key = name.casefold()
            if key in skills:
                level = max((lv for lv in (skills[key][1], level) if lv is not None), default=None)
                name = skills[key][0]
            skills[key] = (name, level)
        return list(skills.values())
