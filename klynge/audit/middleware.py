"""The request being served, for the audit log.

Services take no request (they are called from views, the API, commands and
tasks alike), yet an audit entry should say where an action came from. This
middleware holds the current request in a context variable, so that a
service's one-line ``audit_record(...)`` finds the client's address; outside a
request (a command, a task) there is none and the entry has no address.
"""

from __future__ import annotations

from contextvars import ContextVar

from django.http import HttpRequest

_current: ContextVar[HttpRequest | None] = ContextVar("audit_request", default=None)


def current_request() -> HttpRequest | None:
    return _current.get()


class AuditRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        token = _current.set(request)
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)
