"""The one family of errors a service raises when a rule of the hub refuses a request.

Every service in every app raises these, never an exception of its own making, so
that each caller handles them one way: the API maps the class to a status
(klynge/api.py), and a page turns the message into a form error or a flash
message (``show_error`` below). The message is already translated and
is shown to people as it is.

``NotAllowed`` is also Django's ``PermissionDenied`` and ``NotFound`` Django's
``Http404``, so one a view does not catch still ends in the site's 403 or 404 page.
An app may subclass one of the four where a caller must tell cases apart (an
event that is full is a ``Conflict``), never to add a fifth kind.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404


class DomainError(Exception):
    """A rule refused the request; ``message`` says why, translated, for people."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


class Invalid(DomainError):
    """The input itself is wrong: a date in the past, an empty message (API: 400)."""


class NotAllowed(DomainError, PermissionDenied):
    """This user may not do this (API: 403)."""


class NotFound(DomainError, Http404):
    """The thing asked for does not exist, or this user may not know of it (API: 404)."""


class Conflict(DomainError):
    """The request is fine but the state is not: already done, full, closed, changed
    meanwhile (API: 409)."""


def show_error(request, error: DomainError, form=None) -> None:
    """How a page shows a refusal: on the form when there is one, else as a message
    on the next page."""
    if form is not None:
        form.add_error(None, error.message)
    else:
        messages.error(request, error.message)
