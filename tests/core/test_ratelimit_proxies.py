"""The client address behind a load balancer: TRUSTED_PROXIES, and nothing believed without it."""

import ipaddress

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse

from klynge.core.ratelimit import client_ip, client_key
from klynge.lib.env import EnvError, parse_trusted_proxies
from tests.conftest import PASSWORD

LOAD_BALANCER = "10.0.0.5"
LOCKED = "Too many failed login attempts"


def request(remote=LOAD_BALANCER, forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


class TestTheSetting:
    def test_it_reads_a_number_of_proxies(self):
        assert parse_trusted_proxies("2") == 2

    def test_empty_or_zero_means_no_proxy(self):
        assert parse_trusted_proxies("") == 0
        assert parse_trusted_proxies(" 0 ") == 0

    def test_it_reads_addresses_and_networks(self):
        assert parse_trusted_proxies("10.0.0.0/8, 2001:db8::1") == (
            ipaddress.ip_network("10.0.0.0/8"),
            ipaddress.ip_network("2001:db8::1/128"),
        )

    def test_a_word_that_is_neither_is_refused_by_name(self):
        with pytest.raises(EnvError, match="'lb.example.no' is neither"):
            parse_trusted_proxies("10.0.0.1,lb.example.no")


class TestClientIp:
    def test_without_the_setting_the_header_is_ignored(self, settings):
        settings.TRUSTED_PROXIES = 0
        assert client_ip(request(forwarded="203.0.113.9")) == LOAD_BALANCER

    def test_with_one_proxy_the_last_entry_is_the_client(self, settings):
        settings.TRUSTED_PROXIES = 1
        # the client sent "1.2.3.4" itself; the load balancer appended what it saw
        assert client_ip(request(forwarded="1.2.3.4, 203.0.113.9")) == "203.0.113.9"

    def test_with_two_proxies_the_entry_the_first_one_wrote_is_the_client(self, settings):
        settings.TRUSTED_PROXIES = 2
        header = "1.2.3.4, 203.0.113.9, 10.0.0.7"
        assert client_ip(request(forwarded=header)) == "203.0.113.9"

    def test_a_request_that_skipped_the_proxies_is_keyed_on_its_connection(self, settings):
        settings.TRUSTED_PROXIES = 2
        assert client_ip(request(remote="198.51.100.4", forwarded="1.2.3.4")) == "198.51.100.4"
        assert client_ip(request(remote="198.51.100.4")) == "198.51.100.4"

    def test_with_proxy_addresses_the_first_untrusted_from_the_end_is_the_client(self, settings):
        settings.TRUSTED_PROXIES = parse_trusted_proxies("10.0.0.0/8")
        header = "1.2.3.4, 203.0.113.9, 10.1.2.3"
        assert client_ip(request(forwarded=header)) == "203.0.113.9"

    def test_the_header_from_a_connection_that_is_not_a_proxy_is_ignored(self, settings):
        settings.TRUSTED_PROXIES = parse_trusted_proxies("10.0.0.0/8")
        assert client_ip(request(remote="198.51.100.4", forwarded="1.2.3.4")) == "198.51.100.4"

    def test_ports_brackets_and_mapped_addresses_are_understood(self, settings):
        settings.TRUSTED_PROXIES = 1
        assert client_ip(request(forwarded="203.0.113.9:51234")) == "203.0.113.9"
        assert client_ip(request(forwarded="[2001:db8::7]:443")) == "2001:db8::7"
        assert client_ip(request(remote="::ffff:10.0.0.5", forwarded="::ffff:1.2.3.4")) == (
            "1.2.3.4"
        )

    def test_garbage_in_the_header_falls_back_to_the_connection(self, settings):
        settings.TRUSTED_PROXIES = 1
        assert client_ip(request(forwarded="not-an-address")) == LOAD_BALANCER
        settings.TRUSTED_PROXIES = parse_trusted_proxies("10.0.0.0/8")
        assert client_ip(request(forwarded="1.2.3.4, <script>")) == LOAD_BALANCER

    def test_an_ipv6_client_is_counted_by_its_64_network(self, settings, rf):
        settings.TRUSTED_PROXIES = 0
        one = rf.get("/", REMOTE_ADDR="2001:db8:1:2::1")
        other = rf.get("/", REMOTE_ADDR="2001:db8:1:2:ffff::9")
        one.user = other.user = AnonymousUser()
        assert client_key(one) == client_key(other) == "ip:2001:db8:1:2::/64"


def failed_sign_ins_from_ten_addresses(client, real_user_email):
    """Ten visitors behind the load balancer each mistype their own password once."""
    for n in range(10):
        response = client.post(
            reverse("account_login"),
            {"login": f"visitor{n}@example.org", "password": "wrong-password"},
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n + 1}",
            REMOTE_ADDR=LOAD_BALANCER,
        )
        assert response.status_code == 200 and LOCKED not in response.content.decode()


def sign_in(client, email, address):
    return client.post(
        reverse("account_login"),
        {"login": email, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR=address,
        REMOTE_ADDR=LOAD_BALANCER,
    )


@pytest.mark.django_db
class TestSignInBehindTheLoadBalancer:
    def test_with_the_setting_an_eleventh_visitor_signs_in(self, client, user, settings):
        settings.TRUSTED_PROXIES = 1
        client.cookies["django_language"] = "en"
        failed_sign_ins_from_ten_addresses(client, user.email)
        response = sign_in(client, user.email, "203.0.113.11")
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(user.pk)

    def test_with_the_setting_one_address_is_still_limited(self, client, user, settings):
        settings.TRUSTED_PROXIES = 1
        client.cookies["django_language"] = "en"
        for n in range(10):
            client.post(
                reverse("account_login"),
                {"login": f"visitor{n}@example.org", "password": "wrong-password"},
                HTTP_X_FORWARDED_FOR="203.0.113.66",
                REMOTE_ADDR=LOAD_BALANCER,
            )
        assert LOCKED in sign_in(client, user.email, "203.0.113.66").content.decode()
        assert sign_in(client, user.email, "203.0.113.67").status_code == 302

    def test_without_the_setting_a_spoofed_header_does_not_reset_the_limit(
        self, client, user, settings
    ):
        settings.TRUSTED_PROXIES = 0
        client.cookies["django_language"] = "en"
        failed_sign_ins_from_ten_addresses(client, user.email)
        response = sign_in(client, user.email, "203.0.113.11")
        assert LOCKED in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_our_own_limits_count_the_forwarded_client(self, client, make_event, settings):
        settings.TRUSTED_PROXIES = 1
        url = reverse("events:guest_register", args=[make_event().slug])

        def register(address, n):
            data = {"name": "G", "email": f"g{n}@example.org"}
            return client.post(url, data, HTTP_X_FORWARDED_FOR=address, REMOTE_ADDR=LOAD_BALANCER)

        for n in range(10):
            assert register("203.0.113.1", n).status_code == 200
        assert register("203.0.113.1", 10).status_code == 429
        assert register("203.0.113.2", 11).status_code == 200
