"""Signed-in list pages keep their cards in the cache (klynge/core/fragments.py):
never older than the last change, never shown to a viewer who may not see them."""

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.utils import translation

from klynge.accounts.services import user_create
from klynge.core import fragments, pagecache
from klynge.directory.documents import refresh_people
from klynge.directory.models import Person, Visibility
from klynge.needs import services as needs
from klynge.needs.models import Need
from tests.needs.conftest import SHOP_NEED

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 60


def signed_in(n: int) -> Client:
    client = Client()
    client.force_login(
        user_create(email=f"f{n}@example.org", password=None, name=f"F {n}", email_verified=True)
    )
    return client


def results(response) -> str:
    html = response.content.decode()
    return html[html.index('<div id="results"') :]


def test_the_second_look_draws_no_cards_and_shows_the_same(django_assert_max_num_queries):
    Person.objects.create(name="Kari Kode", headline="Nettbutikkar", municipality="gol")
    reader = signed_in(1)
    first = reader.get("/katalog/")
    assert "Kari Kode" in first.content.decode()
    # The session, the user with their profile, and one read of the (database) cache
    # for the content version and both parts.
    with django_assert_max_num_queries(3):
        second = reader.get("/katalog/")
    assert results(second) == results(first)
    assert "private" in second["Cache-Control"]
    filtered = reader.get("/katalog/?kommune=gol").content.decode()
    assert '<option value="gol" selected>' in filtered  # the filters are kept per address
    assert '<option value="gol" selected>' not in second.content.decode()
    fragment = reader.get("/katalog/", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and "Kari Kode" in fragment


def test_a_change_is_seen_at_once(django_capture_on_commit_callbacks):
    person = Person.objects.create(name="Kari Kode", municipality="gol")
    reader = signed_in(1)
    assert "Kari Kode" in reader.get("/katalog/").content.decode()
    Person.objects.filter(pk=person.pk).update(name="Kari Nettbutikk")
    refresh_people([person.pk])
    with django_capture_on_commit_callbacks(execute=True):
        pagecache.content_changed()  # what every write over HTTP does
    html = reader.get("/katalog/").content.decode()
    assert "Kari Nettbutikk" in html and "Kari Kode" not in html


def test_ones_own_card_is_not_shown_to_others():
    owner = signed_in(1)
    me = Person.objects.create(
        user=_user(1),
        name="Kari Kode",
        headline="Hemmeleg overskrift",
        bio_visibility=Visibility.PRIVATE,
        municipality="gol",
    )
    refresh_people([me.pk])
    assert "Hemmeleg overskrift" in owner.get("/katalog/").content.decode()
    other = signed_in(2)  # the same audience (a user who is not a member)
    html = other.get("/katalog/").content.decode()
    assert "Kari Kode" in html and "Hemmeleg overskrift" not in html
    assert "Hemmeleg overskrift" not in Client().get("/katalog/").content.decode()


def test_a_members_only_need_stays_with_members(member, staff):
    need = needs.need_create(poster=member, audience=Need.Audience.MEMBERS, **SHOP_NEED)
    if need.status == Need.Status.PENDING:
        needs.need_approve(need=need, by=staff)
    reader = Client()
    reader.force_login(member)
    assert SHOP_NEED["title"] in reader.get("/behov/").content.decode()
    other = signed_in(2)
    assert SHOP_NEED["title"] not in other.get("/behov/").content.decode()
    assert SHOP_NEED["title"] not in Client().get("/behov/").content.decode()


def test_the_language_is_kept_apart():
    reader = signed_in(1)
    reader.get("/behov/")
    reader.cookies["django_language"] = "en"
    assert "open needs" in reader.get("/behov/").content.decode()


def _user(n: int):
    from klynge.accounts.models import User

    return User.objects.get(email=f"f{n}@example.org")


def test_a_part_kept_under_an_older_version_is_never_shown(django_capture_on_commit_callbacks):
    """A reader who drew the cards before a change may store them after a newer reader
    did (the key holds no version): the version kept beside them stops them."""
    person = Person.objects.create(name="Kari Kode", municipality="gol")
    refresh_people([person.pk])
    reader = signed_in(1)
    reader.get("/katalog/")
    older = pagecache.content_version()
    with django_capture_on_commit_callbacks(execute=True):
        pagecache.content_changed()
    assert "Kari Kode" in reader.get("/katalog/").content.decode()  # drawn under the new one
    request = RequestFactory().get("/katalog/")
    with translation.override("nb"):
        key = fragments._key(request, fragments.Part("people", ("user", None), str))
    assert cache.get(key)[0] == pagecache.content_version()
    cache.set(key, (older, '<p id="stale">Gamle kort</p>'))  # the slow reader's write
    html = reader.get("/katalog/").content.decode()
    assert "Gamle kort" not in html and "Kari Kode" in html
    assert cache.get(key)[0] == pagecache.content_version()  # drawn again and kept

