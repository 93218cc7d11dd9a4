"""Browser tests: Debian's Chromium driven by Playwright, never a downloaded browser.

Without Chromium these tests are skipped with a loud message, except with
CI=true, where a missing browser fails the run.
"""

from __future__ import annotations

import os
import shutil
import threading
import warnings
from pathlib import Path

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connection
from django.test.testcases import LiveServerThread

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# tests make between browser steps are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


class _OneRequestAtATimeOnSqlite(ThreadedWSGIServer):
    """The live server, running one request at a time on SQLite.

    The test database is SQLite in memory, which the server's request threads reach
    through connections of their own to one shared-cache database. Shared-cache locks
    fail at once instead of waiting, and a failed statement can end the transaction
    under Django's feet: an htmx request that fired while a form was posted (the live
    matches beside the need form, 700 ms after the last keystroke) broke the post's
    savepoints ("no such savepoint"). Requests still come in on threads, so
    keep-alive connections work; only the application runs one request at a time.
    PostgreSQL keeps its concurrency.
    """

    _app_lock = threading.Lock()

    def set_app(self, application):
        if connection.vendor != "sqlite":
            return super().set_app(application)

        def one_at_a_time(environ, start_response):
            with self._app_lock:
                return application(environ, start_response)

        return super().set_app(one_at_a_time)


LiveServerThread.server_class = _OneRequestAtATimeOnSqlite

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    for candidate in (
        os.environ.get("CHROMIUM_PATH"),
        shutil.which("chromium"),
        "/usr/bin/chromium",
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def pytest_collection_modifyitems(config, items):
    if chromium_path():
        return
    message = "Chromium is not installed (apt-get install chromium): browser tests cannot run"
    if os.environ.get("CI", "").lower() == "true":
        raise pytest.UsageError(f"{message}, and CI=true.")
    warnings.warn(f"SKIPPED: {message}.", stacklevel=1)
    print(f"\n{'!' * 72}\nSKIPPED: {message}.\n{'!' * 72}")
    skip = pytest.mark.skip(reason=message)
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nb-NO")
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    # A CSP violation or a script error shows up as a console error; a missing
    # stylesheet, script or image as a failed subresource. (The document itself
    # may be a 404 on purpose.)
    page.on(
        "console",
        lambda m: (
            errors.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource")
            else None
        ),
    )
    page.on(
        "response",
        lambda r: (
            errors.append(f"{r.status} {r.url}")
            if r.status >= 400 and r.request.resource_type != "document"
            else None
        ),
    )
    yield page
    context.close()
    assert errors == [], errors


def set_language(page, live_server, language: str) -> None:
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )


def assert_accessible(page) -> None:
    """axe-core finds no WCAG 2.1 A or AA violation on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, results.generate_report()


def sign_in(page, live_server, user) -> None:
    """Give the browser a signed-in session for ``user`` (the sign-in form has its own test)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )
