import pytest

from klynge.lib.env import (
    EnvError,
    env_bool,
    env_int,
    env_json,
    env_list,
    local_secret_key,
    parse_cache_url,
    parse_email_url,
)


class TestEnvReaders:
    def test_it_reads_booleans_in_several_spellings(self):
        assert env_bool("X", False, {"X": "yes"}) is True
        assert env_bool("X", True, {"X": "0"}) is False
        assert env_bool("X", True, {}) is True

    def test_it_rejects_a_boolean_it_does_not_understand(self):
        with pytest.raises(EnvError, match="X must be true or false"):
            env_bool("X", False, {"X": "maybe"})

    def test_it_reads_integers_and_rejects_words(self):
        assert env_int("N", 3, {"N": "42"}) == 42
        assert env_int("N", 3, {"N": ""}) == 3
        with pytest.raises(EnvError, match="whole number"):
            env_int("N", 3, {"N": "many"})

    def test_it_splits_lists_and_drops_blanks(self):
        assert env_list("H", ["a"], {"H": "klynge.no, www.klynge.no,,"}) == [
            "klynge.no",
            "www.klynge.no",
        ]
        assert env_list("H", ["a"], {}) == ["a"]

    def test_it_reads_json_and_names_the_variable_on_error(self):
        assert env_json("J", None, {"J": '[{"slug": "gol"}]'}) == [{"slug": "gol"}]
        with pytest.raises(EnvError, match="J is not valid JSON"):
            env_json("J", None, {"J": "[{"})


class TestCacheUrl:
    def test_it_knows_the_database_cache(self):
        assert parse_cache_url("db://klynge_cache") == {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "klynge_cache",
        }

    def test_it_passes_a_redis_url_through(self):
        config = parse_cache_url("redis://cache:6379/1")
        assert config["BACKEND"].endswith("RedisCache")
        assert config["LOCATION"] == "redis://cache:6379/1"

    def test_it_rejects_an_unknown_scheme(self):
        with pytest.raises(EnvError, match="memcached"):
            parse_cache_url("memcached://x")


class TestEmailUrl:
    def test_it_reads_smtp_with_credentials_and_tls(self):
        config = parse_email_url("smtp://post%40hub.no:s%3Acret@mail.hub.no:587?tls=true")
        assert config["EMAIL_HOST"] == "mail.hub.no"
        assert config["EMAIL_PORT"] == 587
        assert config["EMAIL_HOST_USER"] == "post@hub.no"
        assert config["EMAIL_HOST_PASSWORD"] == "s:cret"
        assert config["EMAIL_USE_TLS"] is True and config["EMAIL_USE_SSL"] is False

    def test_smtps_means_implicit_tls_on_465(self):
        config = parse_email_url("smtps://mail.hub.no")
        assert config["EMAIL_PORT"] == 465 and config["EMAIL_USE_SSL"] is True

    def test_file_writes_messages_to_a_folder(self):
        assert parse_email_url("file:///tmp/mail")["EMAIL_FILE_PATH"] == "/tmp/mail"


def test_local_secret_key_is_created_once_and_kept(tmp_path):
    path = tmp_path / "var" / "secret_key"
    first = local_secret_key(path)
    assert len(first) >= 50
    assert local_secret_key(path) == first
    assert oct(path.stat().st_mode)[-3:] == "600"
