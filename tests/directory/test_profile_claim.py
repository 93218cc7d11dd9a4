from allauth.account.models import EmailAddress
from django.urls import reverse

from klynge.directory.models import Person


class TestClaimImportedProfile:
    def test_a_verified_matching_address_takes_over_the_imported_profile(
        self, user_client, user, make_person
    ):
        imported = make_person(name="Una Importert", contact_email=user.email.upper())
        page = user_client.get(reverse("directory:profile_edit")).content.decode()
        assert "Una Importert" in page
        user_client.post(reverse("directory:profile_claim"))
        imported.refresh_from_db()
        assert imported.user == user
        assert Person.objects.count() == 1

    def test_an_unverified_address_claims_nothing(self, user_client, user, make_person):
        EmailAddress.objects.filter(user=user).update(verified=False)
        imported = make_person(contact_email=user.email)
        assert (
            "profile_claim"
            not in user_client.get(reverse("directory:profile_edit")).content.decode()
        )
        user_client.post(reverse("directory:profile_claim"))
        imported.refresh_from_db()
        assert imported.user is None

    def test_someone_elses_profile_is_not_offered(self, user_client, make_person):
        other = make_person(contact_email="someone-else@example.org")
        user_client.post(reverse("directory:profile_claim"))
        other.refresh_from_db()
        assert other.user is None
