"""Who gets the newsletter: double opt-in for visitors, members by default, the
account box, and leaving without signing in (the page and RFC 8058's one click)."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from klynge.accounts.services import account_delete
from klynge.newsletter import subscriptions
from klynge.newsletter.models import Subscription

Status = Subscription.Status


def link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/nyhetsbrev/bekreft/[^/\s]+/)", message.body).group(1)


def test_a_visitor_subscribes_confirms_by_the_mailed_link_and_then_receives(client, tasks):
    response = client.post(reverse("newsletter:subscribe"), {"email": "Ola@Example.ORG"})
    assert response.status_code == 302 and response["Location"] == reverse(
        "newsletter:subscribe_sent"
    )
    subscription = Subscription.objects.get()
    assert subscription.email == "Ola@example.org" and subscription.status == Status.PENDING
    assert not Subscription.objects.receiving().exists()  # unconfirmed: no issues
    sent = tasks.run()
    assert [m.to for m in sent] == [["Ola@example.org"]]
    path = link_in(sent[0])
    page = client.get(path)
    assert "Ola@example.org" in page.content.decode()
    assert (
        Subscription.objects.get().status == Status.PENDING
    )  # a GET (a mail scanner) is not consent
    client.post(path)
    subscription.refresh_from_db()
    assert subscription.status == Status.CONFIRMED and subscription.consent_at is not None
    assert subscription.source == Subscription.Source.DOUBLE_OPT_IN


def test_a_second_sign_up_looks_the_same_and_sends_nothing_to_a_confirmed_address(client, tasks):
    subscriptions.subscribe_request(email="kari@example.org", language="nn")
    subscriptions.subscription_confirm(token=Subscription.objects.get().token)
    tasks.run()
    new = client.post(reverse("newsletter:subscribe"), {"email": "ny@example.org"})
    known = client.post(reverse("newsletter:subscribe"), {"email": "kari@example.org"})
    assert new.status_code == known.status_code == 302
    assert new["Location"] == known["Location"]
    assert [m.to for m in tasks.run()] == [["ny@example.org"]]
    # A pending address asked again at once gets no second email either.
    client.post(reverse("newsletter:subscribe"), {"email": "ny@example.org"})
    assert tasks.run() == []


@pytest.mark.django_db
def test_a_bad_address_is_refused_with_a_clear_error_and_nothing_stored(client):
    client.cookies["django_language"] = "nn"
    response = client.post(reverse("newsletter:subscribe"), {"email": "ikkje ei adresse"})
    assert response.status_code == 400
    assert "gyldig" in response.content.decode()
    assert not Subscription.objects.exists()


@pytest.mark.django_db
def test_signing_up_is_rate_limited(client, settings):
    for n in range(10):
        client.post(reverse("newsletter:subscribe"), {"email": f"n{n}@example.org"})
    response = client.post(reverse("newsletter:subscribe"), {"email": "n11@example.org"})
    assert response.status_code == 429
    assert Subscription.objects.count() == 10


@pytest.mark.django_db
def test_unsubscribe_without_signing_in_asks_first_then_leaves():
    subscription = Subscription.objects.create(
        email="lesar@example.org", status=Status.CONFIRMED, source="double_opt_in"
    )
    client = Client(enforce_csrf_checks=True)
    url = reverse("newsletter:unsubscribe", args=[subscription.token])
    page = client.get(url)
    assert "lesar@example.org" in page.content.decode() and 'method="post"' in page.content.decode()
    subscription.refresh_from_db()
    assert subscription.status == Status.CONFIRMED
    # RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click", with no CSRF token.
    done = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == Status.UNSUBSCRIBED and subscription.unsubscribed_at


@pytest.mark.django_db
def test_a_wrong_token_unsubscribes_nobody():
    Subscription.objects.create(email="a@example.org", status=Status.CONFIRMED, source="account")
    client = Client(enforce_csrf_checks=True)
    assert client.post(reverse("newsletter:unsubscribe", args=["gjetta"])).status_code == 404
    assert Subscription.objects.get().status == Status.CONFIRMED


@pytest.mark.django_db
def test_members_are_on_by_default_and_others_only_by_ticking(member, user):
    assert subscriptions.is_subscribed(member) and not subscriptions.is_subscribed(user)
    assert subscriptions.members_enrol() == 1
    subscription = Subscription.objects.get()
    assert subscription.user == member and subscription.source == Subscription.Source.MEMBERSHIP
    assert list(Subscription.objects.receiving()) == [subscription]
    # A member who leaves is never enrolled again.
    subscriptions.account_set(user=member, subscribed=False)
    assert subscriptions.members_enrol() == 0
    assert not Subscription.objects.receiving().exists()
    # A user who ticks the box is in, with their consent on record.
    subscriptions.account_set(user=user, subscribed=True)
    theirs = Subscription.objects.get(user=user)
    assert theirs.status == Status.CONFIRMED and theirs.source == Subscription.Source.ACCOUNT
    assert theirs.consent_at is not None


@pytest.mark.django_db
def test_the_account_page_shows_the_box_and_saves_the_choice(user_client, user):
    client = user_client
    client.cookies["django_language"] = "nn"
    page = client.get(reverse("accounts:my_data")).content.decode()
    assert "Nyheitsbrev" in page and 'name="subscribed"' in page and " checked" not in page
    client.post(reverse("newsletter:account"), {"subscribed": "on"})
    assert subscriptions.is_subscribed(user)
    assert " checked" in client.get(reverse("accounts:my_data")).content.decode()
    client.post(reverse("newsletter:account"), {})
    assert not subscriptions.is_subscribed(user)


@pytest.mark.django_db
def test_the_subscription_is_in_the_data_download_and_goes_with_the_account(user_client, user):
    subscriptions.account_set(user=user, subscribed=True)
    download = user_client.get(reverse("accounts:my_data_download"))
    data = json.loads(
        b"".join(download.streaming_content) if download.streaming else download.content
    )
    assert '"consent_source": "account"' in json.dumps(data)
    assert user.email in json.dumps(data)
    account_delete(user=user)
    assert not Subscription.objects.exists()
