"""The site header is kept per address, language and reader (klynge/core/chrome.py):
each reader's own menu and a CSRF token that works, never the placeholder."""

from __future__ import annotations

import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse

from klynge.core.fragments import CSRF_MARK
from klynge.directory.services import person_get_or_create_for

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 60


def header(page: str) -> str:
    return page[page.index('<header class="site-header">') : page.index("</header>")]


def test_each_reader_kind_gets_its_own_menu(user, staff):
    reader, boss = Client(), Client()
    reader.force_login(user)
    boss.force_login(staff)
    for _ in range(2):  # drawn, then kept
        mine, theirs = reader.get("/behov/").content.decode(), boss.get("/behov/").content.decode()
        assert "Logg ut" in header(mine) and ">Stab<" not in header(mine)
        assert ">Stab<" in header(theirs)
        assert 'aria-current="page">Behov<' in header(mine)
    anonymous = Client().get("/behov/").content.decode()
    assert "Logg inn" in header(anonymous) and "Logg ut" not in header(anonymous)
    assert 'name="next" value="/katalog/"' in header(reader.get("/katalog/").content.decode())


def test_the_kept_header_signs_out_with_the_readers_own_token(user, staff):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(user)
    second.force_login(staff)
    first.get("/behov/")
    page = first.get("/behov/").content.decode()  # from the kept header
    assert CSRF_MARK not in page
    token = TOKEN.findall(header(page))[0]
    assert second.post(reverse("account_logout"), {"csrfmiddlewaretoken": token}).status_code == 403
    assert first.post(reverse("account_logout"), {"csrfmiddlewaretoken": token}).status_code == 302
    assert "Logg inn" in header(first.get("/behov/").content.decode())


def _tokens_out(page: str) -> str:
    return TOKEN.sub('name="csrfmiddlewaretoken" value="T"', page)


@pytest.mark.parametrize("url", ["/katalog/", "/katalog/?kommune=gol", "/behov/", "/behov/?side=2"])
def test_a_kept_page_is_the_page_as_drawn(settings, member, url):
    """The people list and the needs board keep the page around their parts
    (chrome.page_around): byte for byte what drawing it gives, but the token."""
    reader = Client()
    reader.force_login(member)
    reader.get(url)
    kept = reader.get(url).content.decode()
    assert CSRF_MARK not in kept and "placeholder" not in kept
    settings.PAGE_CACHE_SECONDS = 0
    drawn = reader.get(url).content.decode()
    assert _tokens_out(kept) == _tokens_out(drawn)
    assert "Min profil" in header(kept)


def test_a_message_is_shown_on_a_kept_page_once(user):
    reader = Client()
    reader.force_login(user)
    reader.get("/behov/")  # the page is kept
    reader.cookies["messages"] = CookieStorage(HttpRequest())._encode(
        [Message(constants.SUCCESS, "Lagra, takk!")]
    )
    assert "Lagra, takk!" in reader.get("/behov/").content.decode()
    assert "Lagra, takk!" not in reader.get("/behov/").content.decode()


def test_a_new_profile_changes_the_kept_page_at_once(user):
    reader = Client()
    reader.force_login(user)
    for _ in range(2):
        assert "Tilby tjenestene dine" in header(reader.get("/katalog/").content.decode())
    person_get_or_create_for(user=user)  # no write over HTTP: the same content version
    assert "Min profil" in header(reader.get("/katalog/").content.decode())
