"""The demo's directory lists providers; its business owner is a customer."""

import io

import pytest
from django.core.management import call_command

from klynge.accounts.models import User
from klynge.directory.models import Person


@pytest.fixture
def demo_loaded(db):
    call_command("load_demo", stdout=io.StringIO())


def test_the_business_owner_has_an_account_and_no_profile(demo_loaded, client):
    owner = User.objects.get(email="ola@example.org")
    assert owner.needs.exists(), "he posts the demo's needs"
    assert not Person.objects.filter(user=owner).exists()
    assert not Person.objects.filter(name="Ola Bakken").exists()
    client.force_login(owner)
    menu = client.get("/").content.decode()
    assert "Tilby tjenestene dine" in menu and "Min profil" not in menu


def test_the_people_list_and_find_help_show_providers_only(demo_loaded, client):
    people = client.get("/katalog/").content.decode()
    assert "Kari Haugen" in people and "Ola Bakken" not in people
    found = client.get(
        "/finn-hjelp/", {"beskriving": "bookingsystem for fjellstua", "kommune": "hemsedal"}
    ).content.decode()
    assert "Hemsedal Digital AS" in found and "Ola Bakken" not in found
