import pytest
from django.utils import timezone

from klynge.directory import documents
from klynge.directory.models import Company, CompanyRole, MemberStatus, Person, PersonSkill


@pytest.fixture
def make_person(db):
    """A listed person with no login unless ``user`` is given; skills as names."""

    def make(name="Per Person", skills=(), user=None, **fields):
        if fields.get("member_status") == MemberStatus.APPROVED:
            fields.setdefault("member_since", timezone.now())
        person = Person.objects.create(name=name, user=user, **fields)
        PersonSkill.objects.bulk_create(
            PersonSkill(person=person, name=skill, level=3) for skill in skills
        )
        documents.refresh_people([person.pk])
        return person

    return make


@pytest.fixture
def make_company(db):
    def make(name="Fjellkode AS", admin: Person | None = None, **fields):
        company = Company.objects.create(name=name, **fields)
        if admin is not None:
            CompanyRole.objects.create(
                company=company, person=admin, is_admin=True, status=CompanyRole.Status.CONFIRMED
            )
        documents.refresh_companies([company.pk])
        return company

    return make
