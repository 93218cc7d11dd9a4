"""The one error family: each kind has one status in the API and one way onto a page."""

from __future__ import annotations

import json

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied
from django.http import Http404

from klynge.api import api, domain_error
from klynge.core.errors import Conflict, Invalid, NotAllowed, NotFound, show_error
from klynge.events.services import AlreadyRegistered, RegistrationClosed


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (Invalid("bad"), 400),
        (NotAllowed("no"), 403),
        (NotFound("gone"), 404),
        (Conflict("taken"), 409),
        (RegistrationClosed("closed"), 409),
        (AlreadyRegistered("twice"), 409),
    ],
)
def test_it_maps_each_kind_to_its_status_and_the_one_shape(rf, error, status):
    response = domain_error(rf.get("/api/v1/x"), error)
    assert response.status_code == status
    assert json.loads(response.content) == {"detail": error.message}


def test_the_api_uses_the_handler_for_every_kind():
    for kind in (Invalid, NotAllowed, NotFound, Conflict, RegistrationClosed):
        assert api._lookup_exception_handler(kind("x")) is domain_error


def test_a_refusal_a_page_does_not_catch_still_ends_in_403_or_404():
    # The site's own handlers take these, as for Django's own exceptions.
    assert isinstance(NotAllowed("no"), PermissionDenied)
    assert isinstance(NotFound("gone"), Http404)


class _Form(forms.Form):
    name = forms.CharField(required=False)


def test_show_error_puts_the_message_on_the_form_or_in_the_messages(rf):
    request = rf.post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    form = _Form({"name": "x"})
    assert form.is_valid()
    show_error(request, Conflict("Already taken."), form)
    assert form.non_field_errors() == ["Already taken."]
    show_error(request, NotAllowed("Not yours."))
    assert [str(m) for m in get_messages(request)] == ["Not yours."]
