"""The signed-in user and their profile come in one query (klynge/accounts/backends.py),
read afresh on every request, and sessions from before keep working."""

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from klynge.directory.services import person_get_or_create_for
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def menu(client) -> str:
    page = client.get("/behov/").content.decode()
    return page[page.index('<header class="site-header">') : page.index("</header>")]


def test_the_user_and_the_profile_are_one_query(member_client):
    member_client.get("/katalog/")
    with CaptureQueriesContext(connection) as context:
        page = member_client.get("/katalog/").content.decode()
    sql = [q["sql"] for q in context.captured_queries]
    users = [q for q in sql if 'FROM "accounts_user"' in q]
    assert len(users) == 1 and '"directory_person"' in users[0], users
    assert not [q for q in sql if q.startswith('SELECT') and 'FROM "directory_person"' in q
                and '"user_id" =' in q], "the profile was read again"  # fmt: skip
    assert "Min profil" in page


def test_a_new_profile_shows_in_the_menu_at_once(user_client, user):
    assert "Tilby tjenestene dine" in menu(user_client)
    person_get_or_create_for(user=user)
    assert "Min profil" in menu(user_client)


def test_a_deactivated_account_is_signed_out_at_once(user_client, user):
    assert user_client.get("/behov/mine/").status_code == 200
    user.is_active = False
    user.save(update_fields=["is_active"])
    response = user_client.get("/behov/mine/")
    assert response.status_code == 302 and "/konto/login/" in response["Location"]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("django.contrib.auth.backends.ModelBackend", "klynge.accounts.backends.ModelBackend"),
        (
            "allauth.account.auth_backends.AuthenticationBackend",
            "klynge.accounts.backends.AuthenticationBackend",
        ),
    ],
)
def test_a_session_signed_in_by_a_library_backend_stays_signed_in(client, user, old, new):
    client.force_login(user, backend=old)
    assert client.session[BACKEND_SESSION_KEY] == old
    response = client.get("/behov/mine/")
    assert response.status_code == 200 and "Logg ut" in response.content.decode()
    assert client.session[BACKEND_SESSION_KEY] == new


def test_a_session_naming_an_unknown_backend_is_signed_out(client, user):
    client.force_login(user, backend="somewhere.else.Backend")
    assert client.get("/behov/mine/").status_code == 302


def test_signing_in_by_the_form_records_our_backend(client, user):
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session[BACKEND_SESSION_KEY].startswith("klynge.accounts.backends.")
    assert "Logg ut" in client.get("/behov/mine/").content.decode()


def test_a_wrong_password_signs_nobody_in(client, user):
    response = client.post(reverse("account_login"), {"login": user.email, "password": "wrong"})
    assert response.status_code == 200 and BACKEND_SESSION_KEY not in client.session
    assert client.get("/behov/mine/").status_code == 302
