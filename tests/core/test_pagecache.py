"""Anonymous pages from the shared cache: served cheaply, never stale after a write."""

import io
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from klynge.core import pagecache
from klynge.events.services import registration_create
from klynge.needs.jobs import needs_expire
from klynge.needs.models import Need


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 60


@pytest.fixture
def event(make_event):
    return make_event(title="Kaffemøte i Gol", capacity=10)


def places(client, event) -> str:
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Kaffemøte i Gol" in html
    return "10 ledige" if "10 ledige" in html else "9 ledige" if "9 ledige" in html else html


@pytest.mark.django_db
class TestServing:
    def test_it_serves_the_second_visitor_from_the_cache(
        self, event, django_assert_max_num_queries
    ):
        first = Client().get("/arrangement/")
        assert first.status_code == 200
        with django_assert_max_num_queries(2):  # the version and the page, from the cache table
            second = Client().get("/arrangement/")
        assert second.content == first.content
        assert second["ETag"] == first["ETag"]

    def test_it_says_how_to_cache_and_what_varies(self, event):
        response = Client().get("/arrangement/")
        assert "public" in response["Cache-Control"]
        assert "max-age=0" in response["Cache-Control"]
        assert "must-revalidate" in response["Cache-Control"]
        vary = {v.strip() for v in response["Vary"].split(",")}
        assert {"Cookie", "Accept-Language", "HX-Request"} <= vary
        assert response["Last-Modified"]

    def test_it_answers_a_conditional_request_with_304(self, event):
        etag = Client().get("/arrangement/")["ETag"]
        again = Client().get("/arrangement/", HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304
        assert again.content == b""
        other = Client().get("/arrangement/", HTTP_IF_NONE_MATCH='"something-else"')
        assert other.status_code == 200

    def test_it_keeps_languages_apart(self, event):
        nb = Client()
        nn = Client()
        nn.cookies["django_language"] = "nn"
        en = Client()
        en.cookies["django_language"] = "en"
        assert '<html lang="nb">' in nb.get("/arrangement/").content.decode()
        assert '<html lang="nn">' in nn.get("/arrangement/").content.decode()
        assert '<html lang="en">' in en.get("/arrangement/").content.decode()

    def test_it_keeps_the_htmx_fragment_apart_from_the_page(self, event):
        page = Client().get("/katalog/").content.decode()
        fragment = Client().get("/katalog/", HTTP_HX_REQUEST="true").content.decode()
        assert "<html" in page and "<html" not in fragment

    def test_it_never_keeps_a_signed_in_page(
        self, user_client, event, django_assert_max_num_queries
    ):
        response = user_client.get("/arrangement/")
        assert "private" in response["Cache-Control"]
        assert "ETag" not in response
        assert "Logg ut" in response.content.decode()
        assert "Logg ut" not in Client().get("/arrangement/").content.decode()

    def test_it_never_keeps_a_page_with_a_form_token(self, make_event):
        # The guest sign-up form carries a CSRF token that belongs to one visitor.
        event = make_event(title="Open", capacity=10)
        first = Client().get(f"{event.get_absolute_url()}gjest/")
        assert first.status_code == 200
        assert "csrfmiddlewaretoken" in first.content.decode()
        assert "ETag" not in first
        assert not [k for k in _page_keys()]

    def test_only_a_public_page_may_be_kept_by_nginx_and_briefly(self, user_client, make_event):
        event = make_event(title="Open", capacity=10)
        public = Client().get("/arrangement/")
        assert public["X-Accel-Expires"] == "1"  # PAGE_CACHE_PROXY_SECONDS
        assert Client().get("/arrangement/", HTTP_IF_NONE_MATCH=public["ETag"]).status_code == 304
        assert "X-Accel-Expires" not in user_client.get("/arrangement/")
        with_token = Client().get(f"{event.get_absolute_url()}gjest/")
        assert "csrfmiddlewaretoken" in with_token.content.decode()
        assert "X-Accel-Expires" not in with_token
        assert "X-Accel-Expires" not in Client().get("/konto/login/")

    def test_nginx_may_be_told_to_keep_nothing(self, settings, event):
        settings.PAGE_CACHE_PROXY_SECONDS = 0
        response = Client().get("/arrangement/")
        assert "public" in response["Cache-Control"]
        assert "X-Accel-Expires" not in response

    def test_a_lost_version_never_brings_back_old_pages(self, event):
        before = pagecache.content_version()
        cache.delete(pagecache.VERSION_KEY)
        assert pagecache.content_version() != before


def _page_keys():
    from django.core.cache import caches

    table = caches["default"]._table
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key FROM {table}")
        return [row[0] for row in cursor.fetchall() if ":page:" in row[0]]


@pytest.mark.django_db
class TestInvalidation:
    """Each way content changes makes the next anonymous visitor see it."""

    def test_a_write_over_http_shows_at_once(
        self, client, user, event, django_capture_on_commit_callbacks
    ):
        visitor = Client()
        assert places(visitor, event) == "10 ledige"
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=True):  # as at the end of a request
            client.post(f"{event.get_absolute_url()}meld-pa/", {"dietary_needs": ""})
        assert places(visitor, event) == "9 ledige"

    def test_a_refused_write_keeps_the_cache(self, event):
        before = pagecache.content_version()
        strict = Client(enforce_csrf_checks=True)
        assert strict.post("/behov/nytt/", {"title": "x"}).status_code == 403  # no CSRF token
        assert pagecache.content_version() == before

    def test_a_read_only_post_keeps_the_cache(self, event):
        before = pagecache.content_version()
        response = Client().post(
            "/api/v1/match",
            {"title": "Nettbutikk", "description": "Nettbutikk"},
            content_type="application/json",
        )
        assert response.status_code == 200
        assert pagecache.content_version() == before

    def test_the_admin_is_a_write_over_http(self, staff, event, django_capture_on_commit_callbacks):
        staff.is_superuser = True  # may delete in the admin
        staff.save(update_fields=["is_superuser"])
        admin = Client()
        admin.force_login(staff)
        visitor = Client()
        assert "Kaffemøte i Gol" in visitor.get("/arrangement/").content.decode()
        before = pagecache.content_version()
        with django_capture_on_commit_callbacks(execute=True):
            response = admin.post(f"/admin/events/event/{event.pk}/delete/", {"post": "yes"})
        assert response.status_code == 302
        assert pagecache.content_version() != before
        assert "Kaffemøte i Gol" not in visitor.get("/arrangement/").content.decode()

    def test_the_needs_job_that_expires_needs(self, user, django_capture_on_commit_callbacks):
        now = timezone.now()
        need = Need.objects.create(
            poster=user,
            title="Ny nettbutikk",
            description="Ein nettbutikk for garden.",
            status=Need.Status.OPEN,
            published_at=now - timedelta(days=70),
            expires_at=now - timedelta(days=1),
            expiry_reminded_at=now - timedelta(days=8),
        )
        visitor = Client()
        assert "Ny nettbutikk" in visitor.get("/behov/").content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            assert needs_expire(now) == 1
        assert "Ny nettbutikk" not in visitor.get("/behov/").content.decode()
        need.refresh_from_db()
        assert need.status == Need.Status.CLOSED

    def test_an_import(self, tmp_path, taxonomy, django_capture_on_commit_callbacks):
        visitor = Client()
        assert "Fjellkode AS" not in visitor.get("/katalog/bedrifter/").content.decode()
        lines = tmp_path / "members.jsonl"
        lines.write_text(
            '{"kind": "company", "external_id": "c-1", "name": "Fjellkode AS",'
            ' "municipality": "aal"}\n'
        )
        with django_capture_on_commit_callbacks(execute=True):
            call_command("import_members", str(lines), no_progress=True, stdout=io.StringIO())
        assert "Fjellkode AS" in visitor.get("/katalog/bedrifter/").content.decode()

    def test_a_service_called_from_a_test_is_not_a_write_over_http(
        self, user, event, django_capture_on_commit_callbacks
    ):
        """Why the other tests in the suite turn the page cache off: a write that bypasses
        HTTP and the jobs leaves cached pages for up to PAGE_CACHE_SECONDS."""
        visitor = Client()
        assert places(visitor, event) == "10 ledige"
        registration_create(event=event, user=user)
        assert places(visitor, event) == "10 ledige"
        with django_capture_on_commit_callbacks(execute=True):
            pagecache.content_changed()
        assert places(visitor, event) == "9 ledige"
