"""An account keeps the language its owner reads in: set at sign-up, shown at sign-in."""

import re

import pytest
from django.urls import reverse

from klynge.accounts.models import User
from klynge.accounts.services import user_create
from tests.conftest import PASSWORD

COOKIE = "django_language"


def sign_up(client, email="ny@example.org", **headers):
    return client.post(
        reverse("account_signup"),
        {"email": email, "password1": PASSWORD, "password2": PASSWORD},
        **headers,
    )


def sign_in(client, email):
    return client.post(reverse("account_login"), {"login": email, "password": PASSWORD})


def page_language(client) -> str:
    return re.search(r'<html lang="([a-z]+)">', client.get("/").content.decode())[1]


@pytest.mark.django_db
class TestSignUp:
    @pytest.mark.parametrize("language", ["nn", "en", "nb"])
    def test_the_account_gets_the_language_chosen_on_the_site(self, client, language):
        client.cookies[COOKIE] = language
        sign_up(client)
        assert User.objects.get(email="ny@example.org").language == language

    def test_or_the_one_the_browser_asks_for(self, client):
        sign_up(client, HTTP_ACCEPT_LANGUAGE="nn-NO,nn;q=0.9")
        assert User.objects.get(email="ny@example.org").language == "nn"

    def test_confirming_the_address_signs_in_in_that_language(self, client, tasks):
        sign_up(client, HTTP_ACCEPT_LANGUAGE="nn")
        link = re.search(r"http://testserver(/konto/confirm-email/\S+/)", tasks.run()[0].body)[1]
        response = client.post(link, HTTP_ACCEPT_LANGUAGE="nn")
        assert response.cookies[COOKIE].value == "nn"
        assert page_language(client) == "nn"  # without the browser asking for it


@pytest.fixture
def nynorsk(db):
    return user_create(
        email="nn@example.org", password=PASSWORD, name="Nils", email_verified=True, language="nn"
    )


@pytest.mark.django_db
class TestSignIn:
    def test_a_device_with_no_choice_shows_the_accounts_language(self, client, nynorsk):
        assert page_language(client) == "nb"
        response = sign_in(client, nynorsk.email)
        assert response.status_code == 302
        assert response.cookies[COOKIE].value == "nn"
        assert page_language(client) == "nn"

    def test_it_overrides_what_the_browser_asks_for(self, client, nynorsk):
        sign_in(client, nynorsk.email)
        home = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert '<html lang="nn">' in home

    def test_a_choice_made_on_the_device_stands(self, client, nynorsk):
        client.cookies[COOKIE] = "en"
        response = sign_in(client, nynorsk.email)
        assert COOKIE not in response.cookies
        assert page_language(client) == "en"
        nynorsk.refresh_from_db()
        assert nynorsk.language == "nn"

    def test_by_an_emailed_code_too(self, client, nynorsk, tasks):
        client.post(reverse("account_request_login_code"), {"email": nynorsk.email})
        code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", tasks.run()[0].body, re.M)[1]
        response = client.post(reverse("account_confirm_login_code"), {"code": code})
        assert response.status_code == 302
        assert page_language(client) == "nn"

    def test_a_failed_sign_in_changes_nothing(self, client, nynorsk):
        response = client.post(
            reverse("account_login"), {"login": nynorsk.email, "password": "wrong-password"}
        )
        assert response.status_code == 200
        assert COOKIE not in response.cookies
        assert page_language(client) == "nb"
