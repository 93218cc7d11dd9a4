import pytest
from django.urls import reverse

from klynge.directory.models import Company, CompanyClaim, CompanyRole


@pytest.fixture
def owned(user, make_person, make_company):
    return make_company(name="Fjellkode AS", admin=make_person(user=user, name="Una"))


class TestCompanyPages:
    def test_the_list_and_page_show_the_company_with_its_people(self, client, owned, make_person):
        worker = make_person(name="Synleg Tilsett")
        CompanyRole.objects.create(company=owned, person=worker, status="confirmed")
        assert "Fjellkode AS" in client.get(reverse("directory:companies")).content.decode()
        page = client.get(reverse("directory:company", args=[owned.pk])).content.decode()
        assert "Synleg Tilsett" in page
        assert '"@type": "Organization"' in page

    def test_a_person_who_hides_their_employer_is_not_listed_at_it(
        self, client, owned, make_person
    ):
        worker = make_person(name="Løyndom Tilsett", employer_visibility="private")
        CompanyRole.objects.create(company=owned, person=worker, status="confirmed")
        page = client.get(reverse("directory:company", args=[owned.pk])).content.decode()
        assert "Løyndom Tilsett" not in page

    @pytest.mark.parametrize("who,status", [("user", 200), ("member", 403), ("staff", 200)])
    def test_only_admins_and_staff_edit(self, client, owned, request, who, status):
        client.force_login(request.getfixturevalue(who))
        assert client.get(reverse("directory:company_edit", args=[owned.pk])).status_code == status

    def test_a_user_adds_a_company_and_bad_input_is_explained(self, member_client):
        member_client.cookies["django_language"] = "en"
        url = reverse("directory:company_create")
        bad = member_client.post(url, {"name": "Feil AS", "org_number": "123456789"})
        assert "not a valid organisation number" in bad.content.decode()
        assert not Company.objects.exists()
        good = member_client.post(
            url,
            {
                "name": "Ny AS",
                "org_number": "923609016",
                "services": "Nettsider\nDrift",
                "skills": "Python: 5",
            },
        )
        company = Company.objects.get()
        assert good["Location"] == company.get_absolute_url()
        assert company.services == ["Nettsider", "Drift"]

    def test_claiming_from_the_page_puts_it_in_the_queue(self, client, member, make_company):
        company = make_company(is_claimed=False, website="https://fjellkode.no")
        client.force_login(member)
        page = client.get(reverse("directory:company", args=[company.pk])).content.decode()
        assert reverse("directory:company_claim", args=[company.pk]) in page
        client.post(reverse("directory:company_claim", args=[company.pk]), {"message": "Eigar"})
        assert CompanyClaim.objects.get().status == "pending"


class TestStaffQueue:
    # Signed in but not staff: the site's own 403 page, not the admin's sign-in.
    @pytest.mark.parametrize("who,status", [("user", 403), ("member", 403), ("staff", 200)])
    def test_only_staff_see_the_queue(self, client, request, who, status):
        client.force_login(request.getfixturevalue(who))
        assert client.get(reverse("directory:staff_queue")).status_code == status

    def test_staff_see_the_answers_and_approve(self, client, user, staff, tasks):
        client.force_login(user)
        client.post(
            reverse("directory:membership_apply"),
            {"kind": "person", "why": "Treffe folk", "offer": "Drift", "need": "Oppdrag"},
        )
        client.force_login(staff)
        page = client.get(reverse("directory:staff_queue")).content.decode()
        assert "Treffe folk" in page and "Oppdrag" in page
        from klynge.directory.models import MembershipApplication

        application = MembershipApplication.objects.get()
        client.post(reverse("directory:membership_decide", args=[application.pk]), {"approve": "1"})
        user.person.refresh_from_db()
        assert user.person.is_member
        assert len(tasks.run()) == 1
        assert "Treffe folk" not in client.get(reverse("directory:staff_queue")).content.decode()

    def test_a_non_staff_post_changes_nothing(self, client, user, member):
        from klynge.directory import services

        application = services.membership_apply(user=user, kind="person", why="x")
        client.force_login(member)
        client.post(reverse("directory:membership_decide", args=[application.pk]), {"approve": "1"})
        application.refresh_from_db()
        assert application.status == "pending"
