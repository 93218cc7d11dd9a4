"""The needs board's personal data: the download, account deletion, and what others see."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from klynge.accounts.models import User
from klynge.accounts.services import account_delete, account_export
from klynge.directory.models import Company, Person
from klynge.needs import services
from klynge.needs.models import Answer, Message, Need, Notice
from tests.needs.conftest import SHOP_NEED, make_person, make_user

pytestmark = pytest.mark.django_db


def browse(user=None) -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    if user is not None:
        client.force_login(user)
    return client


def download(user) -> dict:
    response = browse(user).get(reverse("accounts:my_data_download"))
    assert response.status_code == 200
    return json.loads(response.content)


@pytest.fixture
def conversation(need, poster, provider):
    answer = services.answer_create(need=need, by=provider, message="Eg lagar nettbutikkar.")
    services.message_post(answer=answer, by=poster, body="Kva kostar det?")
    services.message_post(answer=answer, by=provider, body="Om lag 20 000 kr.")
    return answer


class TestExport:
    def test_the_poster_gets_their_needs_and_conversations(
        self, conversation, need, poster, make_need
    ):
        make_need(poster, publish=False, title="Eit utkast", budget="10k-50k")
        data = download(poster)["needs"]
        by_title = {n["title"]: n for n in data["needs"]}
        assert set(by_title) == {SHOP_NEED["title"], "Eit utkast"}
        shop = by_title[SHOP_NEED["title"]]
        assert shop["description"] == SHOP_NEED["description"]
        assert shop["status"] == "dialogue" and shop["municipality"] == "aal"
        assert by_title["Eit utkast"]["status"] == "draft"
        assert by_title["Eit utkast"]["budget"] == "10k-50k"
        assert [(m["from_me"], m["body"]) for m in shop["conversations"][0]] == [
            (False, "Eg lagar nettbutikkar."),
            (True, "Kva kostar det?"),
            (False, "Om lag 20 000 kr."),
        ]
        assert data["answers"] == []

    def test_the_provider_gets_their_answers_and_notices(self, conversation, need, provider):
        Notice.objects.create(need=need, recipient=provider, score=0.9, channel="feed")
        data = download(provider)["needs"]
        assert data["needs"] == []
        [answer] = data["answers"]
        assert answer["need"] == SHOP_NEED["title"] and answer["withdrawn_at"] is None
        assert [m["body"] for m in answer["messages"]] == [
            "Eg lagar nettbutikkar.",
            "Om lag 20 000 kr.",
        ]
        assert data["alerts"] == [
            {"need__title": SHOP_NEED["title"], "channel": "feed", "sent_at": None}
        ]

    def test_the_export_names_nobody_else(self, conversation, poster, provider):
        poster_data = json.dumps(account_export(user=poster)["needs"], default=str)
        assert "provider@example.org" not in poster_data and "Per Provider" not in poster_data
        provider_data = json.dumps(account_export(user=provider)["needs"], default=str)
        assert "poster@example.org" not in provider_data and "Petra Poster" not in provider_data


class TestDeletion:
    def test_the_page_says_what_happens_to_needs(self, poster):
        page = browse(poster).get(reverse("accounts:my_data")).content.decode()
        assert "Your open needs and drafts are deleted" in page

    def test_deleting_a_poster_deletes_open_needs_and_keeps_filled_ones_anonymous(
        self, poster, provider, staff, taxonomy
    ):
        pending = services.need_create(poster=poster, **SHOP_NEED, organisation="Ostebua")
        filled = services.need_create(
            poster=poster, **{**SHOP_NEED, "title": "Ferdig"}, organisation="Ostebua"
        )
        services.need_approve(need=filled, by=staff)
        open_need = services.need_create(poster=poster, title="Nettside for garden")
        draft = services.need_create(poster=poster, publish=False, title="Utkast")
        assert [n.status for n in (pending, open_need, draft)] == ["pending", "open", "draft"]
        on_filled = services.answer_create(need=filled, by=provider, message="Eg hjelper")
        on_open = services.answer_create(need=open_need, by=provider, message="Eg òg")
        filled.refresh_from_db()
        services.need_fill(need=filled, by=poster, answer=on_filled)
        services.outcome_record(need=filled, outcome="helped")

        account_delete(user=poster)

        assert not User.objects.filter(email="poster@example.org").exists()
        assert list(Need.objects.values_list("pk", flat=True)) == [filled.pk]
        assert not Answer.objects.filter(pk=on_open.pk).exists()
        kept = Need.objects.get()
        assert kept.poster is None and kept.description == "" and kept.organisation == ""
        assert kept.status == "filled" and kept.outcome == "helped"
        assert kept.settled_at is not None and kept.municipality == "aal"
        assert SHOP_NEED["description"] not in json.dumps(list(Need.objects.values()), default=str)

    def test_deleting_a_provider_removes_their_answers(
        self, conversation, need, provider, company_admin
    ):
        company = Company.objects.get(name="Fjellkode AS")
        kept = services.answer_create(
            need=need, by=company_admin, message="Vi kan", company=company
        )

        account_delete(user=provider)

        assert list(Answer.objects.all()) == [kept]
        assert list(Message.objects.values_list("body", flat=True)) == ["Vi kan"]
        assert not Person.objects.filter(name="Per Provider").exists()
        need.refresh_from_db()
        assert need.title == SHOP_NEED["title"]  # someone else's need stays

    def test_deleting_through_the_page(self, need, poster):
        response = browse(poster).post(reverse("accounts:delete"), {"email": poster.email})
        assert response.status_code == 302
        assert not Need.objects.filter(pk=need.pk).exists()


class TestWhatOthersSee:
    def test_the_poster_is_not_named_to_visitors_or_providers(self, conversation, need, provider):
        for client in (browse(), browse(provider)):
            for url in (
                need.get_absolute_url(),
                f"/api/v1/needs/{need.pk}",
                "/behov/",
                "/behov/feed/",
            ):
                response = client.get(url)
                page = response.content.decode()
                if response["Content-Type"].startswith("application/json"):
                    page = json.dumps(response.json(), ensure_ascii=False)
                assert need.title in page
                assert "poster@example.org" not in page and "Petra Poster" not in page

    def test_a_thread_shows_no_email_address(self, conversation, poster, provider):
        to_poster = browse(poster).get(conversation.get_absolute_url()).content.decode()
        assert "Om lag 20 000 kr." in to_poster and "provider@example.org" not in to_poster
        to_provider = browse(provider).get(conversation.get_absolute_url()).content.decode()
        assert "Kva kostar det?" in to_provider
        assert "poster@example.org" not in to_provider and "Petra Poster" not in to_provider

    def test_skills_shown_to_members_only_match_only_for_members(
        self, make_need, poster, member, staff, taxonomy
    ):
        hidden = make_user("hidden@example.org", name="Hanne Hidden")
        make_person(hidden, skills=["nettbutikk", "betaling på nett"], skills_visibility="members")
        need = make_need(poster)

        def names(client, url, **data):
            return client.get(url, data).content.decode().count("Hanne Hidden")

        matches = f"/api/v1/needs/{need.pk}/matches"
        live = {"title": need.title, "description": need.description}
        assert names(browse(), matches) == 0 and names(browse(), "/behov/treff/", **live) == 0
        assert names(browse(poster), need.get_absolute_url()) == 0  # the poster is no member
        assert names(browse(staff), matches) == 1  # a need's matches: poster and staff only
        assert names(browse(member), "/behov/treff/", **live) == 1
