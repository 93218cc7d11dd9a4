import pytest
from django.core.exceptions import PermissionDenied

from klynge.core.errors import DomainError
from klynge.directory import services
from klynge.directory.models import Company, CompanyRole
from klynge.directory.roles import is_company_admin
from klynge.lib import orgnr


class TestOrgNumbers:
    @pytest.mark.parametrize("number", ["923609016", "NO 923 609 016 MVA", "974760673"])
    def test_valid_numbers_pass(self, number):
        assert orgnr.is_valid(number)

    @pytest.mark.parametrize("number", ["923609017", "12345678", "abcdefghi", "9236090160"])
    def test_invalid_numbers_fail(self, number):
        assert not orgnr.is_valid(number)


class TestCompanyCreate:
    def test_the_creator_becomes_its_admin(self, user):
        company = services.company_create(
            by=user,
            name="Fjellkode AS",
            org_number="923 609 016",
            municipality="aal",
            skills=[{"name": "Python"}],
        )
        assert company.org_number == "923609016"
        assert is_company_admin(user, company)
        assert [s.name for s in company.skills.all()] == ["Python"]

    def test_a_bad_org_number_is_refused_and_nothing_is_saved(self, user):
        with pytest.raises(DomainError, match="not a valid organisation number"):
            services.company_create(by=user, name="Feil AS", org_number="923609017")
        assert not Company.objects.exists()

    def test_a_listed_org_number_must_be_claimed_not_duplicated(self, user, make_company):
        make_company(org_number="923609016", is_claimed=False)
        with pytest.raises(DomainError, match="Claim it instead"):
            services.company_create(by=user, name="Fjellkode AS", org_number="923609016")
        assert Company.objects.count() == 1


class TestCompanyUpdate:
    def test_an_admin_edits_and_others_may_not(self, user, member, make_person, make_company):
        company = make_company(admin=make_person(user=user))
        services.company_update(company=company, by=user, description="Vi lagar nettbutikkar")
        company.refresh_from_db()
        assert company.description == "Vi lagar nettbutikkar"
        with pytest.raises(PermissionDenied):
            services.company_update(company=company, by=member, description="Hacked")
        company.refresh_from_db()
        assert company.description == "Vi lagar nettbutikkar"


class TestJoinCompany:
    def test_a_person_asks_and_the_admin_confirms(
        self, user, member, make_person, make_company, tasks
    ):
        admin_person = make_person(user=user)
        company = make_company(admin=admin_person)
        role = services.company_join_request(company=company, user=member)
        assert role.status == CompanyRole.Status.PENDING
        assert [m.to for m in tasks.run()] == [[user.email]]
        services.company_join_decide(role=role, by=user, approve=True)
        role.refresh_from_db()
        assert role.status == CompanyRole.Status.CONFIRMED
        assert member.person.employer == company

    def test_only_an_admin_confirms(self, user, member, make_person, make_company):
        company = make_company(admin=make_person(user=user))
        role = services.company_join_request(company=company, user=member)
        with pytest.raises(PermissionDenied):
            services.company_join_decide(role=role, by=member, approve=True)

    def test_declining_removes_the_request(self, user, member, make_person, make_company):
        company = make_company(admin=make_person(user=user))
        role = services.company_join_request(company=company, user=member)
        services.company_join_decide(role=role, by=user, approve=False)
        assert not CompanyRole.objects.filter(pk=role.pk).exists()
