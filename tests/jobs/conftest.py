"""Fixtures for jobs: a member company with its confirmed admin, a company that is
not a member, and a helper that posts a job."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from klynge.accounts.services import user_create
from klynge.directory.models import Company, CompanyRole, MemberStatus, Person
from klynge.jobs import services
from tests.conftest import PASSWORD


def make_company(name: str, *, member: bool, admin_email: str | None = None, **fields):
    company = Company.objects.create(
        name=name,
        municipality=fields.pop("municipality", "gol"),
        member_status=MemberStatus.APPROVED if member else MemberStatus.NONE,
        member_since=timezone.now() if member else None,
        **fields,
    )
    admin = None
    if admin_email:
        admin = user_create(
            email=admin_email, password=PASSWORD, name=f"Admin {name}", email_verified=True
        )
        person = Person.objects.create(user=admin, name=admin.name, municipality="gol")
        CompanyRole.objects.create(
            company=company, person=person, is_admin=True, status=CompanyRole.Status.CONFIRMED
        )
    return company, admin


@pytest.fixture
def fjellkode(db):
    """A member company and its confirmed admin."""
    return make_company("Fjellkode AS", member=True, admin_email="ada@fjellkode.example")


@pytest.fixture
def outsider(db):
    """A company that is not a member, and its confirmed admin."""
    return make_company("Utanfor AS", member=False, admin_email="ulf@utanfor.example")


def post(by, company, **fields):
    fields.setdefault("title", "Utviklar med Python")
    fields.setdefault("description", "Vi treng ein som lagar nettbutikkar med Vipps.")
    fields.setdefault("municipality", "gol")
    fields.setdefault("work_mode", "onsite")
    fields.setdefault("deadline", timezone.localdate() + timedelta(days=14))
    fields.setdefault("apply_url", "https://fjellkode.example/jobb")
    return services.job_create(by=by, company=company, **fields)
