"""Shared fixtures: the personas every access rule is tested against, and mail."""

from __future__ import annotations

import json
import socket
import sqlite3
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone

from klynge.accounts.services import user_create
from klynge.competence import search, vocabulary
from klynge.competence.models import Category, Competence
from klynge.competence.taxonomy import taxonomy_load
from klynge.events.models import Event

PASSWORD = "correct-horse-battery-staple-42"


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """Services called straight from a test speak English; requests pick their own language."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["tests.hashers.FastArgon2PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """Tests write through services as often as over HTTP; only over HTTP (and in the jobs
    that say so) does a write start a new page version. So pages are not kept here, except
    in tests/core/test_pagecache.py and the stack tests, which test the keeping itself."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _clear_cache(request):
    """Rate limits live in their own cache; each test starts with none used and no statistics."""
    uses_db = request.node.get_closest_marker("django_db") or {
        "db",
        "transactional_db",
        "live_server",
    } & set(request.fixturenames)
    if uses_db:
        request.getfixturevalue(
            "transactional_db" if "live_server" in request.fixturenames else "db"
        )
        for cache in caches.all():  # the default one and the rate-limit store
            cache.clear()
        search._local.clear()  # document frequencies this process remembers
        vocabulary.reset()  # the taxonomy of an earlier test's database
    yield


@pytest.fixture
def user(db):
    """Signed up, email verified, nothing more."""
    return user_create(
        email="user@example.org", password=PASSWORD, name="Una User", email_verified=True
    )


@pytest.fixture
def staff(db):
    return user_create(
        email="staff@example.org",
        password=PASSWORD,
        name="Stina Staff",
        is_staff=True,
        email_verified=True,
    )


@pytest.fixture
def member(db):
    """Signed up, verified, with a directory profile the hub has approved."""
    from django.utils import timezone

    from klynge.directory.models import MemberStatus, Person

    user = user_create(
        email="member@example.org", password=PASSWORD, name="Mari Member", email_verified=True
    )
    person = Person.objects.create(
        user=user,
        name=user.name,
        municipality="gol",
        member_status=MemberStatus.APPROVED,
        member_since=timezone.now(),
    )
    from klynge.directory.documents import refresh_people

    refresh_people([person.pk])
    return user


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def user_client(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def run_tasks() -> list[mail.EmailMessage]:
    """Run the task worker until the queue is empty; return the mail it sent."""
    before = len(mail.outbox)
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    return mail.outbox[before:]


@pytest.fixture
def tasks(transactional_db):
    """The task worker, run on demand.

    Tests that send mail run without the test-case transaction: the worker
    resets connections that are inside a transaction (as it must in
    production), and on-commit hooks only fire on a real commit.
    """

    class Worker:
        run = staticmethod(run_tasks)

    return Worker()


SMALL_TAXONOMY = {
    "version": 1,
    "categories": [
        {"slug": "web", "label": {"nb": "Nett", "nn": "Nett", "en": "Web"}},
        {"slug": "drift", "label": {"nb": "Drift", "nn": "Drift", "en": "Operations"}},
    ],
    "competences": [
        {"slug": "nettbutikk", "category": "web",
         "label": {"nb": "Nettbutikk", "nn": "Nettbutikk", "en": "Online store"},
         "synonyms": {"nb": ["netthandel", "e-handel", "selge på nett"],
                      "nn": ["nettbutikk", "selje på nett"],
                      "en": ["webshop", "e-commerce", "online shop"]},
         "related": ["betaling-pa-nett"]},
        {"slug": "betaling-pa-nett", "category": "web",
         "label": {"nb": "Betaling på nett", "nn": "Betaling på nett", "en": "Online payment"},
         "synonyms": {"nb": ["betale på nett", "nettbetaling", "Vipps"],
                      "nn": ["betala på nett"], "en": ["online payments", "card payment"]},
         "related": ["nettbutikk"]},
        {"slug": "nettside", "category": "web",
         "label": {"nb": "Nettside", "nn": "Nettstad", "en": "Website"},
         "synonyms": {"nb": ["hjemmeside", "nettsted"], "nn": ["heimeside", "nettside"],
                      "en": ["web page", "homepage"]},
         "related": []},
        {"slug": "wordpress", "category": "web",
         "label": {"nb": "WordPress", "nn": "WordPress", "en": "WordPress"},
         "synonyms": {}, "related": ["nettside"]},
        {"slug": "nettverk", "category": "drift",
         "label": {"nb": "Nettverk", "nn": "Nettverk", "en": "Networking"},
         "synonyms": {"nb": ["wifi", "trådløst nett"], "nn": ["trådlaust nett"],
                      "en": ["wireless network", "network"]},
         "related": []},
    ],
}  # fmt: skip


@pytest.fixture
def taxonomy(db, tmp_path):
    """Only the small taxonomy: migrate (and every flush) loads the shipped one."""
    Competence.objects.all().delete()
    Category.objects.all().delete()
    path = tmp_path / "taxonomy.json"
    path.write_text(json.dumps(SMALL_TAXONOMY), encoding="utf-8")
    taxonomy_load(path=path)
    vocabulary.bump()
    return SMALL_TAXONOMY


class Inbox:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


class SmtpServer(Inbox):
    """A real SMTP server on a free local port, which Django is set to send to."""

    def __init__(self, settings):
        super().__init__()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.controller = None
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = self.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_TIMEOUT = 5

    def start(self) -> None:
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server, up; yields it (its ``envelopes`` are what it accepted)."""
    server = SmtpServer(settings)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def smtp_down(settings):
    """The SMTP server's port, closed (connections are refused) until the test calls start()."""
    server = SmtpServer(settings)
    yield server
    server.stop()


# Threads that each need their own database connection (concurrency tests).
# On PostgreSQL the threads share the test database. SQLite's in-memory test
# database cannot be shared between threads properly (shared-cache locks fail at
# once instead of waiting), so there the fixture copies it to a file and gives
# each thread its own connection to that file: the same engine, settings and
# IMMEDIATE transactions as in production.
@pytest.fixture
def database(transactional_db, tmp_path):
    """Yield a function that gives the current thread its own connection."""
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():

        def own_connection():
            connections["default"].close()  # a fresh one opens on first use

        yield own_connection
        return
    connection.ensure_connection()
    path = tmp_path / "concurrency.sqlite3"
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    settings = {**connection.settings_dict, "NAME": str(path)}
    backend = type(connections["default"])
    original = connections["default"]

    def own_connection():
        connections["default"] = backend(settings, "default")

    own_connection()
    try:
        yield own_connection
    finally:
        connections["default"].close()
        connections["default"] = original


@pytest.fixture
def make_event(db):
    """Build an event straight in the database: published, open to all, in a week."""

    def make(**fields) -> Event:
        start = fields.pop(
            "starts_at", timezone.now().replace(second=0, microsecond=0) + timedelta(days=7)
        )
        status = fields.pop("status", Event.Status.PUBLISHED)
        defaults = {
            "title": "Frokostmøte",
            "slug": f"frokostmote-{Event.objects.count() + 1}",
            "starts_at": start,
            "ends_at": start + timedelta(hours=2),
            "status": status,
            "published_at": None if status == Event.Status.DRAFT else timezone.now(),
        }
        defaults.update(fields)
        return Event.objects.create(**defaults)

    return make
