"""Fixtures for proposed teams: a municipal need for an archive system with a link to the
website, which no single provider here covers, and the providers who could do it together.

The shipped taxonomy (loaded by migrate) knows case management, integration and websites.
"""

from __future__ import annotations

import pytest

from klynge.directory import documents
from klynge.directory.models import Company, Person, Visibility
from tests.needs.conftest import make_need, make_person, make_user  # noqa: F401

ARCHIVE_NEED = {
    "title": "Nytt sak/arkivsystem med integrasjon mot nettsida",
    "description": "Kommunen skal byte sak/arkivsystem. Postlista skal visast på nettsida.",
    "municipality": "gol",
}


def make_company(name: str, *, skills, employees=None, municipality="gol", **fields) -> Company:
    company = Company.objects.create(
        name=name, municipality=municipality, employees=employees, **fields
    )
    for skill in skills:
        company.skills.create(name=skill, level=4)
    documents.refresh_companies([company.pk])
    return company


@pytest.fixture
def poster(db):
    return make_user("buyer@kommune.example", name="Bente Buyer")


@pytest.fixture
def providers(db):
    """A larger archive firm, a web freelancer and a small web firm; a hidden profile
    and one whose skills only members see, each of whom could do it all alone."""
    archive = make_company(
        "Arkivhuset AS", skills=["sak/arkiv", "integrasjon"], employees=14,
        description="Vi innfører sak/arkivsystem og integrasjonar for kommunar.",
    )  # fmt: skip
    web = make_person(
        make_user("kari@example.org", name="Kari Nettside"), skills=["nettside", "WordPress"],
        municipality="aal", available_for_assignments=True,
    )  # fmt: skip
    small = make_company("Vevstova AS", skills=["nettside"], employees=2, municipality="hol")
    hidden = make_person(
        make_user("skjult@example.org", name="Skjult Sigrid"),
        skills=["sak/arkiv", "integrasjon", "nettside"], is_listed=False,
    )  # fmt: skip
    members_only = make_person(
        make_user("medlem@example.org", name="Medlem Margit"),
        skills=["sak/arkiv", "integrasjon", "nettside"],
        skills_visibility=Visibility.MEMBERS, headline="",
    )  # fmt: skip
    return {
        "archive": archive, "web": web, "small": small, "hidden": hidden,
        "members_only": members_only,
    }  # fmt: skip


@pytest.fixture
def need(make_need, poster, providers):  # noqa: F811
    return make_need(poster, **ARCHIVE_NEED)


def names(proposals) -> list[set[str]]:
    return [{m.name for m in team.members} for team in proposals.teams]


def everyone(proposals) -> set[str]:
    return set().union(*names(proposals)) if proposals.teams else set()


__all__ = ["ARCHIVE_NEED", "Person", "everyone", "make_company", "names"]
