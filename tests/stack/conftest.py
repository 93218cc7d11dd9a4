"""The stack tests talk HTTP to a running production stack (deploy/stack.py).

They run under `make test-stack`, which starts PostgreSQL, Redis and the stack;
anywhere else they are skipped. They read and write the stack's own database
through the ORM (not a test database), so each test makes its own rows with
unique names.
"""

from __future__ import annotations

import http.client
import os
import re
import ssl
import uuid
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

import pytest

STACK_URL = os.environ.get("STACK_URL", "")
NODES = [n for n in os.environ.get("STACK_NODES", "").split(",") if n]


def pytest_collection_modifyitems(config, items):
    if STACK_URL:
        return
    skip = pytest.mark.skip(reason="needs the stack: make test-stack")
    for item in items:
        if "tests/stack/" in str(item.fspath):
            item.add_marker(skip)


class Client:
    """A small HTTP client with its own cookies, for nginx or one web node.

    A node is reached directly over plain HTTP as nginx would reach it: with
    X-Forwarded-Proto: https, so that secure cookies and CSRF work the same."""

    def __init__(self, base: str, cookies: dict | None = None, forwarded_for: str = ""):
        self.base = base.rstrip("/")
        self.cookies: dict[str, str] = cookies if cookies is not None else {}
        self.forwarded_for = forwarded_for

    def on(self, base: str) -> Client:
        """The same visitor (the same cookies) through another node."""
        return Client(base, self.cookies, self.forwarded_for)

    def request(
        self, method, path, body: dict | None = None, headers=None, raw=None, content_type=""
    ):
        url = urlsplit(self.base)
        if url.scheme == "https":
            context = ssl.create_default_context(cafile=os.environ["STACK_CA"])
            conn = http.client.HTTPSConnection(url.hostname, url.port, context=context, timeout=30)
        else:
            conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
        host = f"{url.hostname}:{url.port}"
        sent = {"Host": host, "Accept-Language": "nb"}
        if url.scheme == "http":
            sent["X-Forwarded-Proto"] = "https"
        if self.forwarded_for:
            sent["X-Forwarded-For"] = self.forwarded_for
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = raw
        if raw is not None:
            sent["Content-Type"] = content_type
        if body is not None:
            data = urlencode(body, doseq=True)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        if data is not None:
            sent["X-CSRFToken"] = self.cookies.get("csrftoken", "")
            sent["Referer"] = f"https://{host}{path}"
            sent["Origin"] = f"https://{host}"
        sent.update(headers or {})
        conn.request(method, path, body=data, headers=sent)
        response = conn.getresponse()
        response.text = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value:
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        conn.close()
        return response

    def post_files(self, path: str, data: dict, files: dict):
        """A multipart form, as a browser sends one with a file input."""
        if "csrftoken" not in self.cookies:
            self.get(path)
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in data.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        for name, (filename, content, kind) in files.items():
            head = (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {kind}\r\n\r\n'
            )
            parts.append(head.encode() + content + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.request(
            "POST", path, raw=body, content_type=f"multipart/form-data; boundary={boundary}"
        )

    def get(self, path: str, **kw):
        return self.request("GET", path, **kw)

    def post(self, path: str, data: dict, **kw):
        if "csrftoken" not in self.cookies:
            self.get(path)  # the form's page sets the CSRF cookie, as in a browser
        return self.request("POST", path, body=data, **kw)

    def sign_in(self, email: str, password: str):
        return self.post("/konto/login/", {"login": email, "password": password})


@pytest.fixture
def nginx():
    return Client(STACK_URL)


@pytest.fixture
def node_a():
    return Client(NODES[0])


@pytest.fixture
def unique():
    return uuid.uuid4().hex[:10]


@pytest.fixture
def orm(django_db_blocker):
    """The stack's own database, through the ORM."""
    with django_db_blocker.unblock():
        yield


def csrf_from(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]


class Sink:
    """Receives the stack's mail: its workers send to STACK_SMTP_PORT."""

    def __init__(self):
        self.subjects_seen: list[str] = []

    async def handle_DATA(self, server, session, envelope):
        from email import message_from_bytes

        self.subjects_seen.append(str(message_from_bytes(envelope.content)["Subject"]))
        return "250 OK"

    def subjects(self, containing: str) -> list[str]:
        return [s for s in list(self.subjects_seen) if containing in s]


@pytest.fixture(scope="session")
def stack_smtp():
    from aiosmtpd.controller import Controller

    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=int(os.environ["STACK_SMTP_PORT"]))
    controller.start()
    yield sink
    controller.stop()
