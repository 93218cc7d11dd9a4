import pytest
from django.urls import reverse


@pytest.mark.django_db
class TestLanguageSwitch:
    def test_bokmaal_is_the_default(self, client):
        html = client.get("/").content.decode()
        assert '<html lang="nb">' in html
        assert "Hopp til hovedinnholdet" in html

    def test_it_switches_to_nynorsk_and_remembers_it(self, client):
        response = client.post(
            reverse("set_language"), {"language": "nn", "next": "/tilgjengelighet/"}
        )
        assert response.status_code == 302 and response["Location"] == "/tilgjengelighet/"
        assert response.cookies["django_language"].value == "nn"
        html = client.get("/").content.decode()
        assert '<html lang="nn">' in html
        assert "Hopp til hovudinnhaldet" in html

    def test_english_is_available(self, client):
        client.post(reverse("set_language"), {"language": "en", "next": "/"})
        assert "Skip to main content" in client.get("/").content.decode()

    def test_it_saves_the_choice_on_a_signed_in_account(self, user_client, user):
        user_client.post(reverse("set_language"), {"language": "nn", "next": "/"})
        user.refresh_from_db()
        assert user.language == "nn"

    def test_it_ignores_an_unknown_language(self, user_client, user):
        response = user_client.post(reverse("set_language"), {"language": "xx", "next": "/"})
        assert "django_language" not in response.cookies
        user.refresh_from_db()
        assert user.language == "nb"

    def test_it_refuses_get(self, client):
        assert client.get(reverse("set_language")).status_code == 405

    def test_the_switch_is_a_form_of_buttons_on_every_page(self, client):
        html = client.get("/konto/login/").content.decode()
        for code in ("nb", "nn", "en"):
            assert f'name="language" value="{code}" lang="{code}"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "header,expected",
    [
        ("no-NO,no;q=0.9,en;q=0.5", "nb"),
        ("nb-NO,nb;q=0.9", "nb"),
        ("nn-NO,nn;q=0.9,no;q=0.8", "nn"),
        ("en-GB,en;q=0.9", "en"),
        ("de-DE", "nb"),
    ],
)
def test_the_browser_language_picks_the_first_visit(client, header, expected):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE=header).content.decode()
    assert f'<html lang="{expected}">' in html
