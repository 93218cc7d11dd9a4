import re

import pytest
from django.test import RequestFactory
from django.urls import reverse

from klynge.core import views


@pytest.mark.django_db
class TestHome:
    def test_it_says_what_the_hub_is_and_invites_visitors_to_join(self, client):
        client.cookies["django_language"] = "en"
        html = client.get(reverse("core:home")).content.decode()
        assert "brings together the IT people and IT companies of Hallingdal" in html
        assert f'href="{reverse("account_signup")}"' in html
        for name in ["Flå", "Nesbyen", "Gol", "Hemsedal", "Ål", "Hol"]:
            assert f"<li>{name}</li>" in html

    def test_the_footer_has_the_hub_address_and_social_links(self, client):
        html = client.get(reverse("core:home")).content.decode()
        assert "Furuvegen 5<br>3550 Gol" in html
        assert 'href="https://www.facebook.com/ithubhallingdal"' in html
        assert 'href="https://www.linkedin.com/company/it-hub-hallingdal"' in html

    def test_it_has_a_skip_link_to_the_main_content(self, client):
        html = client.get(reverse("core:home")).content.decode()
        assert '<a class="skip-link" href="#main">' in html
        assert '<main id="main"' in html

    def test_a_signed_in_user_sees_sign_out_instead_of_join(self, user_client):
        user_client.cookies["django_language"] = "en"
        html = user_client.get(reverse("core:home")).content.decode()
        assert "Sign out" in html
        assert "Join the network" not in html

    def test_only_staff_see_the_staff_link(self, client, user, staff):
        client.force_login(user)
        assert reverse("directory:staff_queue") not in client.get("/").content.decode()
        client.force_login(staff)
        assert reverse("directory:staff_queue") in client.get("/").content.decode()


@pytest.mark.django_db
def test_the_accessibility_statement_names_the_standard_and_a_contact(client):
    client.cookies["django_language"] = "nb"
    html = client.get(reverse("core:accessibility")).content.decode()
    assert "<h1>Tilgjengelighetserklæring</h1>" in html
    assert "(WCAG) 2.1 på nivå AA" in html
    assert "mailto:post@ithubhallingdal.no" in html


@pytest.mark.django_db
class TestErrorPages:
    def test_404_is_styled_and_translated(self, client):
        client.cookies["django_language"] = "nn"
        response = client.get("/finst-ikkje/")
        assert response.status_code == 404
        html = response.content.decode()
        assert '<html lang="nn">' in html
        assert "site.css" in html
        assert "Fann ikkje sida" in html or "Sida finst ikkje" in html

    def test_403_and_500_render_the_site_chrome(self, rf: RequestFactory, user):
        request = rf.get("/")
        request.user = user
        assert views.permission_denied(request).status_code == 403
        response = views.server_error(request)
        assert response.status_code == 500
        assert "site.css" in response.content.decode()

    def test_500_falls_back_to_a_plain_page_when_the_chrome_fails(self, rf):
        request = rf.get("/")  # no user, no session: the chrome cannot render
        response = views.server_error(request)
        assert response.status_code == 500
        assert "<main" in response.content.decode()


@pytest.mark.django_db
class TestHealth:
    def test_it_reports_a_working_database(self, client):
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "database": "ok"}
        assert "no-cache" in response["Cache-Control"]

    def test_the_api_answers_and_publishes_its_schema(self, client):
        assert client.get("/api/v1/health").json() == {"status": "ok"}
        schema = client.get("/api/v1/openapi.json").json()
        assert "/api/v1/health" in schema["paths"]


@pytest.mark.django_db
class TestSecurityHeaders:
    def test_the_policy_allows_no_inline_script(self, client):
        policy = client.get("/")["Content-Security-Policy"]
        assert "script-src 'self'" in policy
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert "frame-ancestors 'none'" in policy

    @pytest.mark.parametrize("path", ["/", "/konto/login/", "/konto/signup/", "/tilgjengelighet/"])
    def test_pages_have_no_inline_scripts_or_styles(self, client, path):
        html = client.get(path).content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag, tag
        assert " style=" not in html and "<style" not in html

    def test_pages_may_not_be_framed_and_forms_carry_csrf(self, client):
        response = client.get("/konto/login/")
        assert response["X-Frame-Options"] == "DENY"
        assert 'name="csrfmiddlewaretoken"' in response.content.decode()


@pytest.mark.django_db
class TestAdmin:
    def test_staff_reach_the_admin(self, staff_client):
        assert staff_client.get("/admin/").status_code == 200

    def test_a_user_is_sent_to_sign_in(self, user_client):
        response = user_client.get("/admin/")
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
