"""Schemathesis against /api/v1/: no server errors, every answer as the schema says.

Runs in-process through the WSGI app (no network), signed out, as a member and
as staff, each with a fixed budget of examples per operation so that the suite
stays within a minute or two per engine.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from klynge.api import api

EXAMPLES = 12
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


# The schema as /api/v1/openapi.json serves it. (Schemathesis's lazy fixture
# loader does not run under pytest 9, so the schema is built at import time.)
schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1"))
APP = get_wsgi_application()


@pytest.fixture(autouse=True)
def _keep_connection():
    """As Django's test client does: a request must not close the test's connection
    (it would, being inside the test's transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def rows(make_event):
    """Something for the read operations to find."""
    make_event(title="Frokostmøte")


def _cookies(client, user) -> tuple[dict, dict]:
    """Session and CSRF cookies for ``user`` (None: signed out), and the CSRF header."""
    secret = _get_new_csrf_string()
    cookies = {settings.CSRF_COOKIE_NAME: secret}
    if user is not None:
        client.force_login(user)
        cookies[settings.SESSION_COOKIE_NAME] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return cookies, {"X-CSRFToken": _mask_cipher_secret(secret)}


def _run(case, cookies, headers) -> None:
    response = case.call(app=APP, cookies=cookies, headers=headers)
    case.validate_response(response, checks=CHECKS)


FUZZ = hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@schema.parametrize()
@FUZZ
def test_it_holds_signed_out(case, client, rows):
    _run(case, *_cookies(client, None))


@schema.parametrize()
@FUZZ
def test_it_holds_as_a_member(case, client, rows, member):
    _run(case, *_cookies(client, member))


@schema.parametrize()
@FUZZ
def test_it_holds_as_staff(case, client, rows, staff):
    _run(case, *_cookies(client, staff))


def test_the_fuzzed_schema_is_the_one_served(client, db):
    served = client.get("/api/v1/openapi.json").json()
    assert served == schema.raw_schema
    assert "422" in served["paths"]["/api/v1/needs"]["post"]["responses"]
