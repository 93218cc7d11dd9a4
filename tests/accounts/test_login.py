import re

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD


def login(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


@pytest.mark.django_db
class TestPasswordLogin:
    def test_it_signs_in_with_email_and_password(self, client, user):
        response = login(client, user.email, PASSWORD)
        assert response.status_code == 302
        assert client.get(reverse("core:home")).context["user"] == user

    def test_it_matches_the_email_case_insensitively(self, client, user):
        assert login(client, user.email.upper(), PASSWORD).status_code == 302

    def test_it_rejects_a_wrong_password_with_a_translated_error(self, client, user):
        client.cookies["django_language"] = "nb"
        response = login(client, user.email, "wrong-password")
        assert response.status_code == 200
        assert "passordet du oppgav er feil" in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_it_refuses_the_attempt_after_five_failures_even_with_the_right_password(
        self, client, user, settings
    ):
        client.cookies["django_language"] = "en"
        assert "5/300s/key" in settings.ACCOUNT_RATE_LIMITS["login_failed"]
        for _ in range(5):
            assert login(client, user.email, "wrong-password").status_code == 200
        response = login(client, user.email, PASSWORD)
        assert "Too many failed login attempts" in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_an_unverified_user_is_sent_to_verify_first(self, client, db):
        from klynge.accounts.services import user_create

        user_create(email="unverified@example.org", password=PASSWORD)
        response = login(client, "unverified@example.org", PASSWORD)
        assert response.status_code == 302
        assert "confirm-email" in response["Location"]
        assert "_auth_user_id" not in client.session


@pytest.mark.django_db
class TestLoginByCode:
    def test_it_signs_in_with_an_emailed_code(self, client, user, tasks):
        response = client.post(reverse("account_request_login_code"), {"email": user.email})
        assert response.status_code == 302
        sent = tasks.run()
        assert len(sent) == 1 and sent[0].to == [user.email]
        code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", sent[0].body, re.M)[1]
        response = client.post(reverse("account_confirm_login_code"), {"code": code})
        assert response.status_code == 302
        assert client.get(reverse("core:home")).context["user"] == user

    def test_a_wrong_code_does_not_sign_in(self, client, user, tasks):
        client.post(reverse("account_request_login_code"), {"email": user.email})
        tasks.run()
        response = client.post(reverse("account_confirm_login_code"), {"code": "AAAA-AAAA"})
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session


@pytest.mark.django_db
class TestPasswordReset:
    def test_it_mails_a_link_that_sets_a_new_password(self, client, user, tasks):
        client.post(reverse("account_reset_password"), {"email": user.email})
        sent = tasks.run()
        assert len(sent) == 1
        link = re.search(r"http://testserver(/konto/password/reset/key/\S+/)", sent[0].body)[1]
        form_url = client.get(link)["Location"]
        new = "another-long-passphrase-77"
        response = client.post(form_url, {"password1": new, "password2": new})
        assert response.status_code == 302
        user.refresh_from_db()
        assert user.check_password(new)


@pytest.mark.django_db
class TestLogout:
    def test_it_signs_out_on_post(self, user_client):
        response = user_client.post(reverse("account_logout"))
        assert response.status_code == 302
        assert "_auth_user_id" not in user_client.session
