"""The site header is kept per address, language and reader (klynge/core/chrome.py):
each reader's own menu and a CSRF token that works, never the placeholder."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from klynge.core.fragments import CSRF_MARK

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
