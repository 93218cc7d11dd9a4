import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied

from klynge.accounts.services import user_create
from klynge.core.errors import DomainError
from klynge.directory import services
from klynge.directory.models import Company, CompanyClaim, CompanyRole
from klynge.directory.roles import is_company_admin


@pytest.fixture
def unclaimed(make_company):
    return make_company(
        name="Fjellkode AS",
        website="https://www.fjellkode.no",
        is_claimed=False,
        source=Company.Source.REGISTER,
    )


class TestEmailMatchesWebsite:
    @pytest.mark.parametrize(
        "email,website,expected",
        [
            ("kari@fjellkode.no", "https://www.fjellkode.no", True),
            ("kari@post.fjellkode.no", "fjellkode.no", True),
            ("kari@gmail.com", "https://www.fjellkode.no", False),
            ("kari@notfjellkode.no", "https://fjellkode.no", False),
            ("kari@fjellkode.no", "", False),
        ],
    )
    def test_it_compares_domains(self, email, website, expected):
        assert services.email_matches_website(email, website) is expected


class TestCompanyClaim:
    def test_a_verified_address_at_the_company_domain_is_granted_at_once(
        self, db, unclaimed, tasks
    ):
        kari = user_create(email="kari@fjellkode.no", password=None, email_verified=True)
        claim = services.company_claim(company=unclaimed, user=kari)
        assert claim.status == CompanyClaim.Status.APPROVED and claim.automatic
        unclaimed.refresh_from_db()
        assert unclaimed.is_claimed
        assert is_company_admin(kari, unclaimed)
        assert [m.to for m in tasks.run()] == [["kari@fjellkode.no"]]

    def test_an_unverified_matching_address_goes_to_the_queue(self, db, unclaimed):
        kari = user_create(email="kari@fjellkode.no", password=None, email_verified=False)
        claim = services.company_claim(company=unclaimed, user=kari, message="Dagleg leiar")
        assert claim.status == CompanyClaim.Status.PENDING
        assert not is_company_admin(kari, unclaimed)

    def test_another_domain_waits_for_staff_who_approve(self, user, staff, unclaimed, tasks):
        claim = services.company_claim(company=unclaimed, user=user)
        assert claim.status == CompanyClaim.Status.PENDING
        services.company_claim_decide(claim=claim, by=staff, approve=True)
        assert is_company_admin(user, unclaimed)
        assert [m.to for m in tasks.run()] == [[user.email]]

    def test_staff_decline_leaves_the_listing_unclaimed(self, user, staff, unclaimed, tasks):
        claim = services.company_claim(company=unclaimed, user=user)
        services.company_claim_decide(claim=claim, by=staff, approve=False)
        unclaimed.refresh_from_db()
        assert not unclaimed.is_claimed
        assert not CompanyRole.objects.exists()
        assert len(tasks.run()) == 1

    def test_only_staff_decide(self, user, member, unclaimed):
        claim = services.company_claim(company=unclaimed, user=user)
        with pytest.raises(PermissionDenied):
            services.company_claim_decide(claim=claim, by=member, approve=True)

    def test_a_claimed_company_cannot_be_claimed(self, user, make_company):
        with pytest.raises(DomainError, match="already been claimed"):
            services.company_claim(company=make_company(is_claimed=True), user=user)

    def test_claiming_twice_keeps_one_pending_claim(self, user, unclaimed):
        first = services.company_claim(company=unclaimed, user=user)
        second = services.company_claim(company=unclaimed, user=user)
        assert first.pk == second.pk
        assert CompanyClaim.objects.count() == 1

    def test_when_one_claim_is_granted_the_others_are_declined(
        self, user, member, staff, unclaimed
    ):
        EmailAddress.objects.filter(user=user).update(verified=True)
        first = services.company_claim(company=unclaimed, user=user)
        second = services.company_claim(company=unclaimed, user=member)
        services.company_claim_decide(claim=first, by=staff, approve=True)
        second.refresh_from_db()
        assert second.status == CompanyClaim.Status.DECLINED
