"""The security suite's own persona: the confirmed admin of a company."""

import pytest

from klynge.accounts.services import user_create
from klynge.directory import documents
from klynge.directory.models import Company, CompanyRole, Person
from tests.conftest import PASSWORD


@pytest.fixture
def company_admin(db):
    user = user_create(
        email="boss@fjellkode.example", password=PASSWORD, name="Ada Admin", email_verified=True
    )
    person = Person.objects.create(user=user, name=user.name, municipality="gol")
    company = Company.objects.create(name="Fjellkode AS", municipality="gol")
    CompanyRole.objects.create(
        company=company, person=person, is_admin=True, status=CompanyRole.Status.CONFIRMED
    )
    documents.refresh_people([person.pk])
    documents.refresh_companies([company.pk])
    return user
