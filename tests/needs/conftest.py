"""Fixtures for the needs board: a poster, providers who match, a stranger, and needs.

Providers are indexed for search, so matching (and so notification) works as in
production; the small taxonomy of tests/conftest.py knows web shops, payments,
websites and networks.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from klynge.accounts.services import user_create
from klynge.directory import documents
from klynge.directory.models import Company, CompanyRole, MemberStatus, Person
from klynge.needs import services
from klynge.needs.models import Need
from tests.conftest import PASSWORD
from tests.core.conftest import media  # noqa: F401 (a fixture: uploads in a temporary folder)

SHOP_NEED = {
    "title": "Kundane skal kunne kjøpe ost på nett",
    "description": "Vi vil selje på nett, med betaling på nett og henting i butikken.",
    "municipality": "aal",
}


def make_user(email: str, *, verified: bool = True, **fields):
    """A user who reads English (emails go out in each recipient's own language)."""
    fields.setdefault("language", "en")
    return user_create(email=email, password=PASSWORD, email_verified=verified, **fields)


def make_person(user, *, skills=(), member=False, municipality="aal", **fields) -> Person:
    person = Person.objects.create(
        user=user,
        name=user.name or user.email,
        municipality=municipality,
        member_status=MemberStatus.APPROVED if member else MemberStatus.NONE,
        member_since=timezone.now() if member else None,
        **fields,
    )
    for name in skills:
        person.skills.create(name=name, level=4)
    documents.refresh_people([person.pk])
    return person


@pytest.fixture
def poster(db):
    """A business owner: verified, no profile, no earlier needs."""
    return make_user("poster@example.org", name="Petra Poster")


@pytest.fixture
def provider(taxonomy):
    """A freelancer who builds web shops, available, in the same municipality."""
    user = make_user("provider@example.org", name="Per Provider")
    make_person(user, skills=["nettbutikk", "betaling på nett"], available_for_assignments=True)
    return user


@pytest.fixture
def company_admin(taxonomy):
    """The confirmed admin of a web-shop firm (and a second, unconfirmed employee)."""
    user = make_user("admin@fjellkode.example", name="Ada Admin")
    person = make_person(user, skills=["Python"])
    company = Company.objects.create(
        name="Fjellkode AS", municipality="gol", services=["Nettbutikk", "Vipps"],
        description="Vi lagar nettbutikkar med betaling på nett.",
    )  # fmt: skip
    company.skills.create(name="nettbutikk", level=5)
    CompanyRole.objects.create(
        company=company, person=person, is_admin=True, status=CompanyRole.Status.CONFIRMED
    )
    documents.refresh_companies([company.pk])
    return user


@pytest.fixture
def stranger(taxonomy):
    """Verified, with a profile, but nothing to do with web shops."""
    user = make_user("stranger@example.org", name="Siri Stranger")
    make_person(user, skills=["nettverk"])
    return user


@pytest.fixture
def make_need(staff):
    """A need from ``poster``, published (approved by staff if it is the poster's first)."""

    def make(poster, *, publish=True, **fields) -> Need:
        need = services.need_create(poster=poster, publish=publish, **{**SHOP_NEED, **fields})
        if need.status == Need.Status.PENDING:
            services.need_approve(need=need, by=staff)
        need.refresh_from_db()
        return need

    return make


@pytest.fixture
def need(make_need, poster, provider, company_admin):
    return make_need(poster)


@pytest.fixture
def committed(settings, django_capture_on_commit_callbacks):
    """Run a call as if its transaction committed, with tasks run in-process: the email
    it queues (and any task it starts) is in mail.outbox when the call returns."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

    def run(function, /, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


def emails_to(address: str) -> list:
    from django.core import mail

    return [m for m in mail.outbox if address in m.to]
