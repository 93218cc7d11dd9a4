import pytest
from django.test import Client


@pytest.mark.parametrize("url", ["/katalog/stab/", "/behov/godkjenning/"])
class TestStaffPages:
    def test_it_shows_our_own_403_to_a_signed_in_user(self, user_client, url):
        response = user_client.get(url)
        assert response.status_code == 403
        assert "/admin/" not in response.get("Location", "")
        assert 'class="error-page"' in response.content.decode()

    def test_it_asks_a_visitor_to_sign_in_on_the_site(self, db, url):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/login/")

    def test_it_opens_for_staff(self, staff_client, url):
        response = staff_client.get(url)
        assert response.status_code == 200
