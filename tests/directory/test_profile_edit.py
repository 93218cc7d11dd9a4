from django.urls import reverse

from klynge.directory.models import Person, Visibility

URL = reverse("directory:profile_edit")


def form_data(**overrides):
    data = {
        "name": "Una User",
        "headline": "Webutviklar",
        "bio": "Eg lagar nettsider.",
        "municipality": "hemsedal",
        "employer_name": "",
        "skills": "WordPress: 4\nnettbutikk",
        "languages": ["nn", "en"],
        "contact_email": "una@example.org",
        "phone": "",
        "linkedin_url": "",
        "website_url": "",
        "github_url": "",
        "is_listed": "on",
        "bio_visibility": "public",
        "skills_visibility": "public",
        "employer_visibility": "public",
        "contact_visibility": "members",
        "photo_visibility": "public",
        "available_for_assignments": "on",
    }
    data.update(overrides)
    return data


class TestProfileEdit:
    def test_a_visitor_is_sent_to_sign_in(self, client):
        assert "/konto/login/" in client.get(URL)["Location"]

    def test_the_first_save_creates_the_profile_with_skills(self, user_client, user):
        response = user_client.post(URL, form_data())
        person = Person.objects.get(user=user)
        assert response["Location"] == person.get_absolute_url()
        assert person.municipality == "hemsedal" and person.available_for_assignments
        assert [(s.name, s.level) for s in person.skills.all()] == [
            ("WordPress", 4),
            ("nettbutikk", None),
        ]

    def test_it_changes_visibility(self, user_client, user):
        user_client.post(URL, form_data())
        user_client.post(URL, form_data(contact_visibility="private", skills_visibility="members"))
        person = Person.objects.get(user=user)
        assert person.contact_visibility == Visibility.PRIVATE
        assert person.skills_visibility == Visibility.MEMBERS

    def test_a_bad_level_is_a_clear_error_and_changes_nothing(self, user_client, user):
        user_client.cookies["django_language"] = "en"
        user_client.post(URL, form_data())
        response = user_client.post(URL, form_data(skills="Python: 9", headline="Changed"))
        assert response.status_code == 200
        assert "Line 1: the level must be a number from 1 to 5." in response.content.decode()
        assert Person.objects.get(user=user).headline == "Webutviklar"

    def test_the_form_shows_existing_skills(self, user_client):
        user_client.post(URL, form_data())
        assert "WordPress: 4\nnettbutikk" in user_client.get(URL).content.decode()


class TestCustomerOrProvider:
    """A business owner has an account, not a provider profile, until she offers services."""

    def test_the_menu_offers_services_until_there_is_a_profile(self, user_client):
        html = user_client.get("/").content.decode()
        assert "Tilby tjenestene dine" in html and "Min profil" not in html

    def test_a_member_with_a_profile_sees_it_in_the_menu(self, member_client):
        html = member_client.get("/").content.decode()
        assert "Min profil" in html and "Tilby tjenestene dine" not in html

    def test_the_front_page_asks_a_customer_to_create_a_profile(self, user_client):
        html = user_client.get("/").content.decode()
        assert "Lag profilen din" in html and "Endre profilen" not in html

    def test_the_front_page_offers_a_provider_to_edit_hers(self, member_client):
        html = member_client.get("/").content.decode()
        assert "Endre profilen" in html and "Lag profilen din" not in html

    def test_the_empty_form_says_who_it_is_for(self, user_client):
        html = user_client.get("/katalog/profil/").content.decode()
        assert "Trenger du bare hjelp, trenger du ingen profil" in html
        assert 'href="/finn-hjelp/"' in html
