"""Deactivating an account in admin takes the person out of the directory."""

import pytest
from django.contrib import admin

from klynge.accounts.models import User
from klynge.directory import services
from klynge.directory.admin import DirectoryUserAdmin
from klynge.directory.models import Person

pytestmark = pytest.mark.django_db


def test_it_unlists_the_person_when_staff_deactivate_the_account_in_admin(user, make_person):
    person = make_person(user=user)
    user_admin = admin.site._registry[User]
    assert isinstance(user_admin, DirectoryUserAdmin)
    user_admin.set_active(user, False)
    user.refresh_from_db()
    person.refresh_from_db()
    assert not user.is_active and not person.is_listed
    assert not Person.objects.listed().filter(pk=person.pk).exists()


def test_reactivating_leaves_listing_to_the_person(user, make_person):
    person = make_person(user=user)
    services.account_set_active(user=user, active=False)
    services.account_set_active(user=user, active=True)
    user.refresh_from_db()
    person.refresh_from_db()
    assert user.is_active and not person.is_listed
