import re
from datetime import timedelta

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from klynge.core import views
from klynge.events.models import Event
from klynge.needs.models import Need


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


@pytest.mark.django_db
class TestFrontDoor:
    """The front page shows what is coming up and what people need, as the viewer may see it."""

    @pytest.fixture
    def event(self, make_event):
        def make(title, days=7, **fields):
            return make_event(
                title=title, starts_at=timezone.now() + timedelta(days=days), **fields
            )

        return make

    @pytest.fixture
    def need(self, user):
        def make(title, **fields):
            fields.setdefault("status", Need.Status.OPEN)
            fields.setdefault("published_at", timezone.now())
            return Need.objects.create(title=title, description="Tekst", poster=user, **fields)

        return make

    def test_it_shows_the_next_three_events_soonest_first(self, client, event):
        for days, title in [(9, "Fjerde"), (3, "Andre"), (1, "Første"), (5, "Tredje")]:
            event(title, days=days)
        event("Over", days=-3)
        html = client.get(reverse("core:home")).content.decode()
        shown = re.findall(r'<h3><a href="/arrangement/[^"]+">([^<]+)</a></h3>', html)
        assert shown == ["Første", "Andre", "Tredje"]

    def test_visitors_see_no_draft_or_members_only_event_and_members_do(self, member_client, event):
        event("Utkast", status=Event.Status.DRAFT)
        event("Berre for medlemmer", audience=Event.Audience.MEMBERS)
        html = Client().get(reverse("core:home")).content.decode()  # a visitor
        assert "Utkast" not in html and "Berre for medlemmer" not in html
        assert 'id="events-heading"' not in html  # nothing to show: no empty section
        html = member_client.get(reverse("core:home")).content.decode()
        assert "Berre for medlemmer" in html and "Utkast" not in html

    def test_staff_see_no_drafts_on_the_front_page_either(self, event, staff):
        event("Utkast", status=Event.Status.DRAFT)
        event("Klart")
        client = Client()
        client.force_login(staff)
        html = client.get(reverse("core:home")).content.decode()
        assert "Klart" in html and "Utkast" not in html

    def test_it_shows_open_needs_newest_first_as_the_viewer_may_see_them(self, member_client, need):
        now = timezone.now()
        need("Eldre behov", published_at=now - timedelta(days=2))
        need("Nytt behov", published_at=now)
        need("Berre for medlemmer", audience=Need.Audience.MEMBERS)
        need("Ventar på godkjenning", status=Need.Status.PENDING, published_at=None)
        need("Løyst behov", status=Need.Status.FILLED)
        html = Client().get(reverse("core:home")).content.decode()  # a visitor
        shown = re.findall(r'<h3><a href="/behov/\d+/">([^<]+)</a></h3>', html)
        assert shown == ["Nytt behov", "Eldre behov"]
        html = member_client.get(reverse("core:home")).content.decode()
        assert "Berre for medlemmer" in html
        assert "Ventar på godkjenning" not in html and "Løyst behov" not in html

    def test_it_asks_visitors_and_users_without_one_to_create_a_profile(self, user_client):
        html = Client().get(reverse("core:home")).content.decode()
        # The sign-up carries her back to the profile form once she has confirmed.
        signup = f"{reverse('account_signup')}?next={reverse('directory:profile_edit')}"
        assert f'href="{signup}">Lag profilen din' in html
        html = user_client.get(reverse("core:home")).content.decode()
        assert f'href="{reverse("directory:profile_edit")}">Lag profilen din' in html
        # One who has a profile is offered to edit it: tests/directory/test_profile_edit.py.
