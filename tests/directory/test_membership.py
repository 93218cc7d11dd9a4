import pytest
from django.core.exceptions import PermissionDenied

from klynge.core.errors import DomainError
from klynge.directory import services
from klynge.directory.models import MembershipApplication, MemberStatus
from klynge.directory.roles import is_member


def apply(user, **kw):
    return services.membership_apply(
        user=user,
        kind="person",
        why="Eg vil bli kjend med andre",
        offer="Python",
        need="Oppdrag",
        **kw,
    )


class TestMembershipApply:
    def test_it_records_the_answers_and_marks_the_profile_applied(self, user):
        application = apply(user)
        assert application.status == "pending"
        assert application.why == "Eg vil bli kjend med andre"
        assert user.person.member_status == MemberStatus.APPLIED
        assert not is_member(user)

    def test_it_refuses_a_second_pending_application(self, user):
        apply(user)
        with pytest.raises(DomainError, match="already applied"):
            apply(user)
        assert MembershipApplication.objects.count() == 1

    def test_a_member_cannot_apply_again(self, member):
        with pytest.raises(DomainError, match="already a member"):
            apply(member)

    def test_only_a_company_admin_may_apply_for_the_company(self, user, make_company):
        company = make_company()
        with pytest.raises(DomainError, match="Only an admin"):
            services.membership_apply(user=user, kind="company", company=company, why="x")
        assert not MembershipApplication.objects.exists()


class TestMembershipDecide:
    def test_approval_makes_a_member_and_emails_the_applicant(self, user, staff, tasks):
        application = apply(user)
        services.membership_decide(application=application, by=staff, approve=True)
        user.person.refresh_from_db()
        assert user.person.member_status == MemberStatus.APPROVED
        assert user.person.member_since is not None
        assert is_member(user)
        sent = tasks.run()
        assert [m.to for m in sent] == [[user.email]]
        assert "Velkommen" in sent[0].subject or "Welcome" in sent[0].subject

    def test_decline_tells_the_applicant_in_their_language(self, user, staff, tasks):
        user.language = "en"
        user.save()
        application = apply(user)
        services.membership_decide(application=application, by=staff, approve=False)
        assert not is_member(user)
        sent = tasks.run()
        assert sent[0].subject.endswith("About your membership application")

    def test_only_staff_decide(self, user, member):
        application = apply(user)
        with pytest.raises(PermissionDenied):
            services.membership_decide(application=application, by=member, approve=True)
        application.refresh_from_db()
        assert application.status == "pending"

    def test_a_decided_application_cannot_be_decided_again(self, user, staff, tasks):
        application = apply(user)
        services.membership_decide(application=application, by=staff, approve=True)
        with pytest.raises(DomainError):
            services.membership_decide(application=application, by=staff, approve=False)
        assert len(tasks.run()) == 1

    def test_a_company_membership_makes_its_people_members(
        self, user, staff, make_person, make_company
    ):
        admin = make_person(user=user)
        company = make_company(admin=admin)
        application = services.membership_apply(user=user, kind="company", company=company, why="x")
        services.membership_decide(application=application, by=staff, approve=True)
        company.refresh_from_db()
        assert company.is_member
        assert is_member(user)
