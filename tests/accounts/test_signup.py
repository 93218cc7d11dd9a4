import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from klynge.accounts.models import User
from tests.conftest import PASSWORD


@pytest.mark.django_db
class TestSignup:
    def signup(self, client, email="new@example.org"):
        return client.post(
            reverse("account_signup"),
            {"email": email, "password1": PASSWORD, "password2": PASSWORD},
        )

    def test_it_creates_an_unverified_user_and_mails_a_link_from_a_task(self, client, tasks):
        response = self.signup(client)
        assert response.status_code == 302
        user = User.objects.get(email="new@example.org")
        assert user.password.startswith("argon2")
        assert not EmailAddress.objects.get(user=user).verified
        sent = tasks.run()
        assert len(sent) == 1
        assert sent[0].to == ["new@example.org"]
        assert "IT-Hub Hallingdal" in sent[0].subject
        assert "testserver" in sent[0].body and "example.com" not in sent[0].body
        assert re.search(r"http://testserver/konto/confirm-email/\S+/", sent[0].body)

    @pytest.mark.parametrize(
        ("language", "text"),
        [
            ("nb", "Hva huben lagrer om deg, og hvordan du ser eller sletter det"),
            ("nn", "Kva huben lagrar om deg, og korleis du ser eller slettar det"),
            ("en", "What the hub keeps about you, and how you see or delete it"),
        ],
    )
    def test_the_form_says_where_to_read_about_privacy(self, client, language, text):
        client.cookies["django_language"] = language
        page = client.get(reverse("account_signup")).content.decode()
        form = page[page.index('<form class="stack-form"') :]
        assert text in form and f'href="{reverse("core:privacy")}"' in form
        login = client.get(reverse("account_login")).content.decode()
        assert text not in login  # only where an account is made

    def test_it_sends_nothing_before_the_worker_runs(self, client, tasks, mailoutbox):
        self.signup(client)
        assert mailoutbox == []

    def test_the_link_verifies_the_address_and_signs_in(self, client, tasks):
        self.signup(client)
        link = re.search(r"http://testserver(/konto/confirm-email/\S+/)", tasks.run()[0].body)[1]
        page = client.get(link)
        assert b'method="post"' in page.content
        response = client.post(link)
        assert response.status_code == 302
        assert EmailAddress.objects.get(email="new@example.org").verified
        assert client.get(reverse("core:home")).context["user"].is_authenticated

    def test_it_rejects_a_mismatched_password_and_creates_nothing(self, client):
        response = client.post(
            reverse("account_signup"),
            {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD + "x"},
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert response.status_code == 200
        assert "You must type the same password each time." in response.content.decode()
        assert not User.objects.filter(email="new@example.org").exists()

    def test_it_refuses_the_attempt_past_the_rate_limit(self, client, settings):
        client.cookies["django_language"] = "en"
        limit = 10  # settings.ACCOUNT_RATE_LIMITS["signup"] is 10/h/ip
        assert settings.ACCOUNT_RATE_LIMITS["signup"] == f"{limit}/h/ip"
        for i in range(limit):
            response = self.signup(client, email=f"person{i}@example.org")
            assert response.status_code == 302, i
        response = self.signup(client, email="one-too-many@example.org")
        assert response.status_code == 429
        assert "Too many attempts" in response.content.decode()
        assert not User.objects.filter(email="one-too-many@example.org").exists()
