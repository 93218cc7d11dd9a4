"""Fixtures for the market dialogue: the needs board's poster, providers and need
(tests/needs/conftest.py), a meeting for the need, and a client in a language."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from klynge.dialogue import services
from tests.needs import conftest as needs

# The needs board's poster, providers and need, as fixtures here too.
poster, provider, company_admin, stranger = (
    needs.poster, needs.provider, needs.company_admin, needs.stranger,
)  # fmt: skip
make_need, need, committed = needs.make_need, needs.need, needs.committed


def soon(days: int = 7, hours: int = 0):
    return timezone.now().replace(second=0, microsecond=0) + timedelta(days=days, hours=hours)


MEETING = {"title": "Markedsdialog: nettbutikk for osten", "format": "in_person"}


@pytest.fixture
def make_meeting():
    def make(need, by, **fields):
        start = fields.pop("starts_at", soon())
        data = {**MEETING, "starts_at": start, "ends_at": start + timedelta(hours=1), **fields}
        return services.meeting_create(need=need, by=by, **data)

    return make


@pytest.fixture
def meeting(make_meeting, need, poster):
    return make_meeting(need, poster)


def browse(user=None, language="en") -> Client:
    client = Client()
    client.cookies["django_language"] = language
    if user is not None:
        client.force_login(user)
    return client


def form_data(**changes) -> dict:
    start = soon()
    data = {
        "title": "Markedsdialog: nettbutikk for osten",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "format": "in_person",
        "venue": "",
        "address": "",
        "online_url": "",
        "capacity": "",
        "description": "Vi fortel kva vi treng.",
    }
    return {**data, **changes}
