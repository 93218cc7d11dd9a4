"""Personal API tokens: the page that makes and revokes them, and the API that accepts them."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from klynge.accounts import services
from klynge.accounts.models import ApiToken
from klynge.audit.models import Action, AuditEntry
from klynge.events.models import Event, Registration

IP = "203.0.113.7"


def make_token(user, scope="read", name="script"):
    return services.api_token_create(user=user, name=name, scope=scope)


def api(secret: str | None = None) -> Client:
    """A client with no session and CSRF enforced, as a script or another site would be."""
    headers = {"Accept-Language": "en"}
    if secret is not None:
        headers["Authorization"] = f"Bearer {secret}"
    return Client(enforce_csrf_checks=True, headers=headers, REMOTE_ADDR=IP)


@pytest.fixture
def draft(make_event, staff):
    """An event only staff can see."""
    return make_event(status=Event.Status.DRAFT)


# The page -----------------------------------------------------------------------


def test_it_shows_a_new_secret_once_and_stores_only_its_hash(user_client, user):
    response = user_client.post(
        "/konto/tokens/", {"name": "Ukerapport", "scope": "write"}, REMOTE_ADDR=IP
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    secret = response.context["secret"]
    assert secret.startswith("klg_") and len(secret) >= 40
    assert secret in response.content.decode()
    token = ApiToken.objects.get(user=user)
    assert (token.name, token.scope) == ("Ukerapport", "write")
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret.startswith(token.prefix) and len(token.prefix) < len(secret) // 3
    stored = [str(value) for value in ApiToken.objects.values_list().get()]
    assert not any(secret in value for value in stored)
    later = user_client.get("/konto/tokens/").content.decode()
    assert "Ukerapport" in later and token.prefix in later and secret not in later


def test_it_audits_creating_and_revoking_a_token(user_client, user):
    user_client.post("/konto/tokens/", {"name": "Backup", "scope": "read"}, REMOTE_ADDR=IP)
    token = ApiToken.objects.get(user=user)
    response = user_client.post(f"/konto/tokens/{token.pk}/trekk-tilbake/", REMOTE_ADDR=IP)
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    created, revoked = AuditEntry.objects.order_by("pk")
    assert (created.action, created.actor, created.target_id, created.ip) == (
        Action.TOKEN_CREATE, user, str(token.pk), IP,
    )  # fmt: skip
    assert (revoked.action, revoked.actor, revoked.target_id, revoked.ip) == (
        Action.TOKEN_REVOKE, user, str(token.pk), IP,
    )  # fmt: skip


def test_it_refuses_a_nameless_token_and_changes_nothing(user_client):
    response = user_client.post("/konto/tokens/", {"name": "  ", "scope": "read"})
    assert response.status_code == 400
    assert response.context["secret"] is None
    assert response.context["form"].errors["name"]
    assert not ApiToken.objects.exists() and not AuditEntry.objects.exists()


def test_it_caps_the_number_of_tokens(user_client, user, settings):
    settings.API_TOKENS_PER_USER = 2
    make_token(user)
    make_token(user)
    user_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = user_client.post("/konto/tokens/", {"name": "third", "scope": "read"})
    assert response.status_code == 400
    assert "as many tokens as allowed" in response.content.decode()
    assert ApiToken.objects.count() == 2


def test_it_revokes_only_ones_own_token(user_client, staff):
    token, _secret = make_token(staff)
    response = user_client.post(f"/konto/tokens/{token.pk}/trekk-tilbake/")
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_visitor_is_sent_to_sign_in(client):
    response = client.get("/konto/tokens/")
    assert response.status_code == 302 and "/konto/login/" in response["Location"]


# The API ------------------------------------------------------------------------


def test_a_read_token_reads_as_its_owner(staff, draft):
    _token, secret = make_token(staff, "read")
    assert api().get(f"/api/v1/events/{draft.pk}").status_code == 404
    response = api(secret).get(f"/api/v1/events/{draft.pk}")
    assert response.status_code == 200
    assert response.json()["title"] == draft.title


def test_a_read_token_cannot_write(user, make_event):
    event = make_event(capacity=5)
    _token, secret = make_token(user, "read")
    for method in ("post", "patch", "delete"):
        response = getattr(api(secret), method)(
            f"/api/v1/events/{event.pk}/registrations", {}, content_type="application/json"
        )
        assert response.status_code == 403, method
        assert response.json() == {"detail": "This API token may only read."}
    assert not Registration.objects.exists()


def test_a_write_token_writes_without_csrf(user, make_event):
    event = make_event(capacity=5)
    _token, secret = make_token(user, "write")
    response = api(secret).post(
        f"/api/v1/events/{event.pk}/registrations", {}, content_type="application/json"
    )
    assert response.status_code == 201
    assert Registration.objects.get().user == user


def test_a_session_still_needs_csrf(user, make_event):
    event = make_event(capacity=5)
    browser = api()
    browser.force_login(user)
    response = browser.post(
        f"/api/v1/events/{event.pk}/registrations", {}, content_type="application/json"
    )
    assert response.status_code == 403
    assert not Registration.objects.exists()


@pytest.mark.parametrize("secret", ["klg_" + "x" * 43, "", "not-a-token"])
def test_an_unknown_token_is_refused(user, draft, secret):
    response = api(secret).get(f"/api/v1/events/{draft.pk}")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_token_is_refused(staff, draft):
    token, secret = make_token(staff, "write")
    assert api(secret).get(f"/api/v1/events/{draft.pk}").status_code == 200
    services.api_token_revoke(token=token, by=staff)
    response = api(secret).get(f"/api/v1/events/{draft.pk}")
    assert response.status_code == 401
    assert response.json() == {"detail": "The API token is unknown or has been revoked."}


def test_a_deactivated_owners_token_is_refused(staff, draft):
    _token, secret = make_token(staff)
    staff.is_active = False
    staff.save()
    assert api(secret).get(f"/api/v1/events/{draft.pk}").status_code == 401


def test_tokens_have_their_own_rate_limit(user, staff, settings):
    settings.API_TOKEN_RATE_LIMIT = "3/m"
    _token, secret = make_token(user)
    _other, other_secret = make_token(staff)
    answers = [api(secret).get("/api/v1/events").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    assert api(other_secret).get("/api/v1/events").status_code == 200  # per token
    assert api().get("/api/v1/events").status_code == 200  # not the anonymous API


def test_it_records_last_use_at_most_once_a_minute(user):
    token, secret = make_token(user)
    assert token.last_used_at is None
    api(secret).get("/api/v1/events")
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None and timezone.now() - first < timedelta(seconds=10)
    with CaptureQueriesContext(connection) as queries:
        api(secret).get("/api/v1/events")
    assert not [q for q in queries if "accounts_apitoken" in q["sql"] and "UPDATE" in q["sql"]]
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=2))
    api(secret).get("/api/v1/events")
    token.refresh_from_db()
    assert token.last_used_at > first


def test_a_bearer_header_outside_the_api_is_ignored(user):
    _token, secret = make_token(user)
    response = api(secret).get("/konto/tokens/")
    assert response.status_code == 302  # to sign in: a token is not a session


def test_the_data_download_lists_tokens_without_their_secrets(user):
    token, secret = make_token(user, "write", name="Ukerapport")
    data = services.account_export(user=user)
    (listed,) = data["account"]["api_tokens"]
    assert (listed["name"], listed["scope"]) == ("Ukerapport", "write")
    assert listed["prefix"] == token.prefix
    assert "digest" not in listed and secret not in str(data)
