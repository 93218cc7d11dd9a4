"""Fixtures for the events tests: events to sign up for, an organiser, more people."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission

from klynge.accounts.services import user_create


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
