"""The needs API at /api/v1/needs: the same rules as the pages, one error shape."""

from __future__ import annotations

import contextlib
import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from klynge.core.errors import DomainError
from klynge.directory.models import Company
from klynge.needs import services
from klynge.needs.models import Answer, Message, Need
from tests.needs.conftest import SHOP_NEED, make_person, make_user

pytestmark = pytest.mark.django_db
JSON = "application/json"
NEEDS = "/api/v1/needs"
SPEC_KEYS = {"kind", "id", "external_id", "name", "score", "reasons"}


def api(user=None) -> Client:
    """An API client signed in as ``user`` (a visitor without one), speaking English."""
    client = Client(enforce_csrf_checks=False)
    client.cookies["django_language"] = "en"
    if user is not None:
        client.force_login(user)
    return client


def post(client, path, data):
    return client.post(path, json.dumps(data), content_type=JSON)


def patch(client, path, data):
    return client.patch(path, json.dumps(data), content_type=JSON)


def ids(response) -> set[int]:
    assert response.status_code == 200
    return {n["id"] for n in response.json()}


class TestList:
    def test_it_lists_only_open_needs_the_caller_may_see(self, make_need, poster, member, taxonomy):
        public = make_need(poster, title="Ny nettside for bygda")
        members = make_need(poster, title="Nettbutikk for laget", audience="members")
        draft = make_need(poster, publish=False, title="Utkast om nettside")
        filled = make_need(poster, title="Wifi i hallen")
        services.need_fill(need=filled, by=poster)
        assert ids(api().get(NEEDS)) == {public.pk}
        assert ids(api(member).get(NEEDS)) == {public.pk, members.pk}
        assert draft.pk not in ids(api(poster).get(NEEDS))

    def test_it_filters_by_municipality_category_and_who_posted(self, make_need, poster, taxonomy):
        shop = make_need(poster)  # web, in Ål, from a business
        wifi = make_need(
            poster,
            title="Trådløst nett i kommunehuset",
            description="wifi i alle rom",
            municipality="gol",
            posted_by="public",
        )
        assert ids(api().get(NEEDS, {"municipality": "gol"})) == {wifi.pk}
        assert ids(api().get(NEEDS, {"category": "web"})) == {shop.pk}
        assert ids(api().get(NEEDS, {"category": "drift"})) == {wifi.pk}
        assert ids(api().get(NEEDS, {"posted_by": "public"})) == {wifi.pk}
        assert ids(api().get(NEEDS, {"posted_by": "business"})) == {shop.pk}

    def test_the_answer_count_is_for_the_poster_and_staff_only(self, need, poster, provider, staff):
        services.answer_create(need=need, by=provider, message="Eg kan hjelpe")
        counts = {
            who: api(user).get(NEEDS).json()[0]["answers"]
            for who, user in [
                ("poster", poster),
                ("staff", staff),
                ("provider", provider),
                ("visitor", None),
            ]
        }
        assert counts == {"poster": 1, "staff": 1, "provider": None, "visitor": None}


class TestCreate:
    def test_a_visitor_is_refused(self, taxonomy):
        response = post(api(), NEEDS, SHOP_NEED)
        assert response.status_code in (401, 403)
        assert "detail" in response.json()
        assert not Need.objects.exists()

    def test_an_unverified_email_is_refused_and_nothing_written(self, taxonomy):
        response = post(api(make_user("new@example.org", verified=False)), NEEDS, SHOP_NEED)
        assert response.status_code == 403
        assert response.json() == {"detail": "Confirm your email address before you post a need."}
        assert not Need.objects.exists()

    def test_a_first_need_waits_and_a_later_one_opens(self, poster, staff, taxonomy):
        client = api(poster)
        first = post(client, NEEDS, {**SHOP_NEED, "external_id": "n-1"})
        assert first.status_code == 201
        data = first.json()
        assert data["status"] == "pending" and data["external_id"] == "n-1"
        assert {"nettbutikk", "betaling-pa-nett"} <= set(data["competences"])
        assert data["answers"] == 0  # the poster sees the count
        need = Need.objects.get(pk=data["id"])
        assert need.poster == poster and need.status == "pending" and need.municipality == "aal"
        services.need_approve(need=need, by=staff)
        later = post(client, NEEDS, {"title": "Ny heimeside for hytteutleige"})
        assert later.status_code == 201
        assert later.json()["status"] == "open"
        assert Need.objects.get(pk=later.json()["id"]).published_at is not None

    def test_draft_true_saves_a_draft(self, poster, taxonomy):
        response = post(api(poster), NEEDS, {**SHOP_NEED, "draft": True})
        assert response.status_code == 201
        assert response.json()["status"] == "draft"
        assert Need.objects.get().status == "draft"

    def test_an_unknown_municipality_is_400(self, poster, taxonomy):
        response = post(api(poster), NEEDS, {**SHOP_NEED, "municipality": "oslo"})
        assert response.status_code == 400
        assert response.json() == {"detail": "Unknown municipality 'oslo'."}
        assert not Need.objects.exists()

    def test_a_bad_budget_is_422(self, poster, taxonomy):
        response = post(api(poster), NEEDS, {**SHOP_NEED, "budget": "a-million"})
        assert response.status_code == 422
        assert not Need.objects.exists()

    def test_a_deadline_in_the_past_is_refused_as_on_the_form(self, poster, taxonomy):
        past = (timezone.localdate() - timedelta(days=3)).isoformat()
        response = post(api(poster), NEEDS, {**SHOP_NEED, "deadline": past})
        assert response.status_code == 400
        assert not Need.objects.exists()

    def test_a_duplicate_external_id_is_409(self, poster, taxonomy):
        client = api(poster)
        assert post(client, NEEDS, {**SHOP_NEED, "external_id": "n-3"}).status_code == 201
        response = post(client, NEEDS, {**SHOP_NEED, "external_id": "n-3", "title": "Igjen"})
        assert response.status_code == 409
        assert response.json() == {"detail": "A need with this external_id exists."}
        assert Need.objects.count() == 1


class TestDetail:
    def test_it_shows_an_open_need_without_the_poster(self, need):
        data = api().get(f"{NEEDS}/{need.pk}").json()
        assert data["title"] == SHOP_NEED["title"]
        assert data["url"] == f"http://testserver/behov/{need.pk}/"
        assert "poster" not in data and "poster@example.org" not in json.dumps(data)

    def test_drafts_and_pending_needs_are_404_to_others(self, poster, user, make_need, taxonomy):
        pending = services.need_create(poster=poster, **SHOP_NEED)
        draft = make_need(poster, publish=False, title="Eit utkast")
        assert pending.status == "pending"
        for need in (pending, draft):
            response = api(user).get(f"{NEEDS}/{need.pk}")
            assert response.status_code == 404
            assert response.json() == {"detail": "Not Found"}
            assert api(poster).get(f"{NEEDS}/{need.pk}").status_code == 200

    def test_members_only_is_404_to_a_visitor_and_shown_to_members(
        self, make_need, poster, member, taxonomy
    ):
        need = make_need(poster, audience="members")
        assert api().get(f"{NEEDS}/{need.pk}").status_code == 404
        assert api(member).get(f"{NEEDS}/{need.pk}").json()["audience"] == "members"


class TestPatch:
    def test_the_poster_changes_the_title(self, need, poster):
        response = patch(api(poster), f"{NEEDS}/{need.pk}", {"title": "Nettbutikk for osten"})
        assert response.status_code == 200
        assert response.json()["title"] == "Nettbutikk for osten"
        need.refresh_from_db()
        assert need.title == "Nettbutikk for osten"

    def test_another_user_is_refused_and_nothing_changes(self, need, stranger):
        response = patch(
            api(stranger), f"{NEEDS}/{need.pk}", {"title": "Kapra", "status": "closed"}
        )
        assert response.status_code == 403
        assert response.json() == {"detail": "You may not change this need."}
        need.refresh_from_db()
        assert need.title == SHOP_NEED["title"] and need.status == "open"

    def test_status_open_submits_a_draft(self, make_need, poster, taxonomy):
        make_need(poster)  # an earlier need, so the next opens at once
        draft = make_need(poster, publish=False, title="Nettside for laget")
        response = patch(api(poster), f"{NEEDS}/{draft.pk}", {"status": "open"})
        assert response.json()["status"] == "open"
        draft.refresh_from_db()
        assert draft.status == "open" and draft.published_at is not None

    @pytest.mark.parametrize("status", ["filled", "closed"])
    def test_status_settles_the_need(self, need, poster, status):
        response = patch(api(poster), f"{NEEDS}/{need.pk}", {"status": status})
        assert response.status_code == 200
        assert response.json()["status"] == status
        need.refresh_from_db()
        assert need.status == status and need.settled_at is not None
        assert need.close_reason == ("not-needed" if status == "closed" else "")

    @pytest.mark.parametrize("status", ["filled", "closed"])
    def test_status_on_a_settled_need_is_409(self, need, poster, status):
        services.need_fill(need=need, by=poster)
        response = patch(api(poster), f"{NEEDS}/{need.pk}", {"status": status})
        assert response.status_code == 409
        assert "detail" in response.json()
        need.refresh_from_db()
        assert need.status == "filled" and need.close_reason == ""

    @pytest.mark.parametrize("field", ["title", "budget", "audience"])
    def test_null_for_a_required_field_is_a_client_error(self, need, poster, field):
        client = api(poster)
        client.raise_request_exception = False
        response = patch(client, f"{NEEDS}/{need.pk}", {field: None})
        assert 400 <= response.status_code < 500
        assert "detail" in response.json()
        need.refresh_from_db()
        assert need.title == SHOP_NEED["title"] and need.audience == "public"

    def test_an_edit_read_before_filling_does_not_reopen_the_need(self, need, poster):
        stale = Need.objects.get(pk=need.pk)  # a PATCH has read the need ...
        services.need_fill(need=need, by=poster)  # ... and another request fills it
        with contextlib.suppress(DomainError):
            services.need_update(need=stale, by=poster, title="Ny tittel")
        need.refresh_from_db()
        assert need.status == "filled" and need.settled_at is not None


class TestMatches:
    def matches(self, need, viewer=None, **query) -> list[dict]:
        """As the poster sees them (or ``viewer``, who must be allowed)."""
        response = api(viewer or need.poster).get(f"{NEEDS}/{need.pk}/matches", query)
        assert response.status_code == 200
        return response.json()["results"]

    def test_the_shape_is_the_spec_and_the_providers_are_there(self, need):
        company = Company.objects.get(name="Fjellkode AS")
        Company.objects.filter(pk=company.pk).update(external_id="c-004")
        results = self.matches(need)
        # The spec's keys, and exactly what POST /api/v1/match gives for the same need.
        assert all(set(r) == SPEC_KEYS | {"url"} for r in results)
        assert set(post(api(), "/api/v1/match", SHOP_NEED).json()["results"][0]) == set(results[0])
        found = {r["name"]: r for r in results}
        assert set(found) >= {"Fjellkode AS", "Per Provider"}
        assert found["Fjellkode AS"]["kind"] == "company"
        assert found["Fjellkode AS"]["id"] == company.pk
        assert found["Fjellkode AS"]["external_id"] == "c-004"
        assert found["Per Provider"]["kind"] == "person"
        assert "Online store" in found["Per Provider"]["reasons"]  # in the caller's language
        assert all(0 < r["score"] <= 1 for r in results)
        assert [r["score"] for r in results] == sorted((r["score"] for r in results), reverse=True)

    def test_the_posters_own_profile_is_never_matched(self, make_need, provider, staff, taxonomy):
        poster = make_user("shopkeeper@example.org", name="Sigrid Selvmatch")
        make_person(poster, skills=["nettbutikk", "betaling på nett"])
        need = make_need(poster)
        for viewer in (poster, staff):
            names = [r["name"] for r in self.matches(need, viewer)]
            assert "Per Provider" in names and "Sigrid Selvmatch" not in names

    def test_the_limit_is_respected(self, need):
        assert len(self.matches(need)) == 2
        assert len(self.matches(need, limit=1)) == 1
        assert api(need.poster).get(f"{NEEDS}/{need.pk}/matches", {"limit": 0}).status_code == 422

    def test_only_the_poster_and_staff_see_them_as_on_the_page(self, need, provider, member):
        for other in (None, provider, member):
            response = api(other).get(f"{NEEDS}/{need.pk}/matches")
            assert response.status_code == 403
            assert "results" not in response.json()

    def test_an_invisible_need_is_404(self, make_need, poster, provider):
        draft = make_need(poster, publish=False)
        members = make_need(poster, audience="members", title="Berre for medlemar")
        for hidden in (draft, members):
            response = api(provider).get(f"{NEEDS}/{hidden.pk}/matches")
            assert response.status_code == 404
            assert "results" not in response.json()


class TestAnswer:
    def url(self, need):
        return f"{NEEDS}/{need.pk}/answers"

    def test_a_provider_answers(self, need, provider):
        response = post(api(provider), self.url(need), {"message": "Eg lagar nettbutikkar."})
        assert response.status_code == 201
        answer = Answer.objects.get()
        assert response.json() == {
            "id": answer.pk,
            "need_id": need.pk,
            "provider": "Per Provider",
            "url": f"http://testserver/behov/svar/{answer.pk}/",
        }
        assert answer.author == provider and answer.company is None
        assert Message.objects.get().body == "Eg lagar nettbutikkar."
        need.refresh_from_db()
        assert need.status == "dialogue"

    def test_a_company_admin_answers_for_the_company(self, need, company_admin):
        company = Company.objects.get(name="Fjellkode AS")
        body = {"message": "Vi kan.", "company_id": company.pk}
        response = post(api(company_admin), self.url(need), body)
        assert response.status_code == 201
        assert response.json()["provider"] == "Fjellkode AS"
        assert Answer.objects.get().company == company

    def test_the_poster_cannot_answer_their_own_need(self, need, poster):
        response = post(api(poster), self.url(need), {"message": "Meg sjølv"})
        assert response.status_code == 403
        assert response.json() == {"detail": "You cannot answer your own need."}
        assert not Answer.objects.exists()

    def test_a_second_answer_is_409(self, need, provider):
        client = api(provider)
        post(client, self.url(need), {"message": "Fyrste"})
        response = post(client, self.url(need), {"message": "Andre"})
        assert response.status_code == 409
        assert response.json() == {
            "detail": "You have already answered this need. Write in your thread."
        }
        assert Answer.objects.count() == 1 and Message.objects.count() == 1

    def test_a_user_without_a_profile_is_refused(self, need, user):
        response = post(api(user), self.url(need), {"message": "Hei"})
        assert response.status_code == 403
        assert "profile" in response.json()["detail"]
        assert not Answer.objects.exists()

    def test_a_company_one_does_not_administer_is_refused(self, need, provider):
        company = Company.objects.get(name="Fjellkode AS")
        response = post(api(provider), self.url(need), {"message": "Hei", "company_id": company.pk})
        assert response.status_code == 403
        assert response.json() == {
            "detail": "You can answer only for a company you are an admin of."
        }
        assert not Answer.objects.exists()

    def test_a_visitor_is_refused(self, need):
        response = post(api(), self.url(need), {"message": "Hei"})
        assert response.status_code in (401, 403)
        assert not Answer.objects.exists()


class TestLineBreaks:
    """A line break in a title would break the subject of every email about the need."""

    def test_a_title_with_a_line_break_is_refused_on_create(self, poster, taxonomy):
        title = "Nettbutikk\nBcc: victim@example.org"
        response = post(api(poster), NEEDS, {**SHOP_NEED, "title": title})
        assert response.status_code == 400
        assert response.json() == {"detail": "Write the title on one line."}
        assert not Need.objects.exists()

    def test_a_title_with_a_line_break_is_refused_on_edit(self, need, poster):
        response = patch(api(poster), f"{NEEDS}/{need.pk}", {"title": "Nettbutikk\r\nfor osten"})
        assert response.status_code == 400
        need.refresh_from_db()
        assert need.title == SHOP_NEED["title"]
