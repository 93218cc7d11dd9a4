"""Rate-limit counters live in a store of their own, which search traffic cannot evict.

The default cache holds search statistics (document frequencies, the taxonomy's
version): a few hundred unusual words in one anonymous match request used to
fill it, and culling threw away allauth's and our own counters with the rest.
Run with SQLite, PostgreSQL and CACHE_URL=redis:// (make test-redis).
"""

import json
import random
import string

import pytest
from django.core.cache import caches
from django.urls import reverse

from klynge.core import ratelimit
from klynge.lib.env import EnvError, ratelimit_cache_url
from tests.conftest import PASSWORD


def login(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def unusual_words(count: int, seed: int) -> str:
    rng = random.Random(seed)
    return " ".join(
        "".join(rng.choice(string.ascii_lowercase) for _ in range(12)) for _ in range(count)
    )


def flood_search_cache(client, rounds: int = 3) -> None:
    """What an anonymous visitor can do: match needs full of words nobody has used."""
    for n in range(rounds):
        need = {"title": "Ny nettbutikk", "description": unusual_words(400, seed=n)}
        response = client.post("/api/v1/match", json.dumps(need), content_type="application/json")
        assert response.status_code == 200


LOCKED = "Too many failed login attempts"


@pytest.mark.django_db
class TestTheLimitsHoldAgainstSearchTraffic:
    def test_a_locked_account_stays_locked_after_a_flood_of_search_words(self, client, user):
        client.cookies["django_language"] = "en"
        for _ in range(5):
            assert LOCKED not in login(client, user.email, "wrong-password").content.decode()
        assert LOCKED in login(client, user.email, PASSWORD).content.decode()

        flood_search_cache(client)

        response = login(client, user.email, PASSWORD)
        assert LOCKED in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_password_reset_mails_stay_limited_after_a_flood(self, client, user):
        url = reverse("account_reset_password")
        for _ in range(5):
            assert client.post(url, {"email": user.email}).status_code == 302
        assert client.post(url, {"email": user.email}).status_code == 429

        flood_search_cache(client)

        assert client.post(url, {"email": user.email}).status_code == 429

    def test_a_used_up_form_limit_stays_used_up_after_the_search_cache_is_flooded_and_cleared(
        self, client, make_event
    ):
        event = make_event()
        url = reverse("events:guest_register", args=[event.slug])
        for n in range(10):
            data = {"name": "G", "email": f"g{n}@example.org"}
            assert client.post(url, data).status_code == 200
        assert client.post(url, {"name": "G", "email": "x@example.org"}).status_code == 429

        flood_search_cache(client, rounds=1)
        caches["default"].clear()  # whatever happens to search statistics

        assert client.post(url, {"name": "G", "email": "y@example.org"}).status_code == 429

    def test_allauth_and_our_own_counters_are_in_the_rate_limit_store_and_search_is_not(
        self, client, user, taxonomy
    ):
        login(client, user.email, "wrong-password")
        assert ratelimit.hit("test", "ip:192.0.2.1", "1/h")
        flood_search_cache(client, rounds=1)
        store, default = caches["ratelimit"], caches["default"]
        allauth_keys = [k for k in stored_keys(store) if k.startswith("allauth:rl:")]
        assert allauth_keys, "allauth's counters are not in the rate-limit store"
        assert not [k for k in stored_keys(default) if k.startswith(("allauth:rl:", "rl:"))]
        assert [k for k in stored_keys(store) if k.startswith("rl:")]
        assert [k for k in stored_keys(default) if k.startswith("df:")]
        assert not [k for k in stored_keys(store) if k.startswith("df:")]


@pytest.mark.django_db
class TestTheStoreIsSizedForAnAttack:
    def test_thousands_of_other_counters_do_not_push_out_a_used_up_limit(self):
        assert ratelimit.hit("sized", "ip:198.51.100.1", "1/h")
        assert not ratelimit.hit("sized", "ip:198.51.100.1", "1/h")
        for n in range(1500):  # far past the 300 entries of Django's default cache
            ratelimit.hit("sized", f"ip:10.{n // 250}.{n % 250}.1", "1/h")
        assert not ratelimit.hit("sized", "ip:198.51.100.1", "1/h")


def stored_keys(cache) -> list[str]:
    """The keys a cache holds, without the backend's prefix and version."""
    backend = type(cache).__name__
    if backend == "DatabaseCache":
        from django.db import connection

        with connection.cursor() as cursor:
            table = connection.ops.quote_name(cache._table)
            cursor.execute(f"SELECT cache_key FROM {table}")
            raw = [row[0] for row in cursor.fetchall()]
    elif backend == "RedisCache":
        raw = [k.decode() for k in cache._cache.get_client().keys("*")]
    elif backend == "LocMemCache":
        raw = list(cache._cache)
    else:
        raise AssertionError(f"no way to list the keys of {backend}")
    prefix = cache.make_key("")
    return [k[len(prefix) :] for k in raw if k.startswith(prefix)]


class TestWhereTheStoreIs:
    def test_beside_a_database_cache_it_is_a_table_of_its_own(self):
        assert ratelimit_cache_url("db://klynge_cache") == "db://klynge_ratelimit"
        assert ratelimit_cache_url("dummy://") == "db://klynge_ratelimit"  # never switched off

    def test_beside_redis_it_is_the_next_database_on_the_same_server(self):
        assert ratelimit_cache_url("redis://cache:6379") == "redis://cache:6379/1"
        assert ratelimit_cache_url("rediss://:pw@cache:6380/2") == "rediss://:pw@cache:6380/3"

    def test_without_a_next_redis_database_it_asks_for_its_own_url(self):
        with pytest.raises(EnvError, match="RATELIMIT_CACHE_URL"):
            ratelimit_cache_url("redis://cache:6379/15")

    def test_the_settings_size_it_and_take_an_explicit_url(self, tmp_path):
        from tests.core.test_settings import settings_value

        env = {"CACHE_URL": "db://klynge_cache"}
        value = settings_value("s.CACHES['ratelimit']", env, tmp_path)
        assert "'LOCATION': 'klynge_ratelimit'" in value
        assert "'MAX_ENTRIES': 1000000" in value
        env = {"CACHE_URL": "redis://c:6379/0", "RATELIMIT_CACHE_URL": "redis://rl:6379/0"}
        assert "redis://rl:6379/0" in settings_value("s.CACHES['ratelimit']", env, tmp_path)
