"""Fixtures for the events tests: events to sign up for, an organiser, more people."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from klynge.accounts.services import user_create
from klynge.events.models import Event


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


@pytest.fixture
def event(make_event):
    return make_event(capacity=2)


@pytest.fixture
def make_user(db):
    def make(n: int, **fields):
        return user_create(
            email=f"person{n}@example.org", password=None, name=f"Person {n}", **fields
        )

    return make


@pytest.fixture
def organiser(db):
    """Not staff, but given 'Can add event' in admin."""
    user = user_create(email="organiser@example.org", password=None, name="Olav Organiser")
    user.user_permissions.add(Permission.objects.get(codename="add_event"))
    return type(user).objects.get(pk=user.pk)  # fresh, without the permission cache
