"""Hostile input that used to give a 500: NUL characters, huge page numbers, HEAD.

Each answer must be a clean 4xx (or the last page), never a server error, and
nothing may change; on PostgreSQL a NUL used to reach the database and fail there.
"""

from __future__ import annotations

import json

import pytest

from klynge.competence.search import search
from klynge.needs.models import Need

HUGE = "99999999999999999999"


class TestNulCharacters:
    def test_it_rejects_a_nul_in_api_json(self, member_client):
        body = {"title": "Nettbutikk\x00", "description": "Hjelp"}
        response = member_client.post(
            "/api/v1/needs", json.dumps(body), content_type="application/json"
        )
        assert response.status_code == 400
        assert "NUL" in response.json()["detail"]
        assert not Need.objects.exists()

    def test_it_rejects_a_nul_nested_in_api_json(self, member_client):
        body = {"title": "Ein nettbutikk", "tags": [{"x\x00": "y"}]}
        response = member_client.post(
            "/api/v1/needs", json.dumps(body), content_type="application/json"
        )
        assert response.status_code == 400
        assert not Need.objects.exists()

    def test_it_rejects_a_nul_in_an_api_query(self, client, db):
        response = client.get("/api/v1/needs", {"municipality": "gol\x00"})
        assert response.status_code == 400
        assert response["Content-Type"] == "application/json"

    def test_it_rejects_a_nul_in_a_page_query(self, client, db):
        response = client.get("/arrangement/", {"tag": "a\x00b"})
        assert response.status_code == 400
        assert b"<h1>" in response.content  # the site's own page, not a bare error

    def test_it_rejects_a_nul_in_a_path(self, client, db):
        response = client.get("/arrangement/bekreft/abc%00def/")
        assert response.status_code == 400

    def test_it_rejects_a_nul_in_a_form(self, member_client):
        response = member_client.post("/behov/nytt/", {"title": "Nett\x00butikk"})
        assert response.status_code == 400
        assert not Need.objects.exists()

    def test_it_lets_ordinary_text_through(self, member_client):
        body = {"title": "Ein nettbutikk for osten", "description": "Med æøå og \\u0000 som tekst"}
        response = member_client.post(
            "/api/v1/needs", json.dumps(body), content_type="application/json"
        )
        assert response.status_code == 201


class TestHugePageNumbers:
    @pytest.mark.parametrize(
        "url", ["/behov/?side=", "/katalog/?side=", "/katalog/bedrifter/?side="]
    )
    def test_a_page_shows_its_last_page(self, member_client, url):
        response = member_client.get(url + HUGE)
        assert response.status_code == 200

    @pytest.mark.parametrize("url", ["/api/v1/people?page=", "/api/v1/companies?page="])
    def test_a_directory_api_list_gives_its_last_page(self, member_client, url):
        response = member_client.get(url + HUGE)
        assert response.status_code == 200
        assert response.json()["page"] == 1

    def test_the_needs_api_refuses_a_page_past_its_bound(self, client, db):
        response = client.get("/api/v1/needs?page=" + HUGE)
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["query", "page"]


class TestHead:
    @pytest.mark.parametrize(
        "url",
        ["/", "/tilgjengelighet/", "/katalog/", "/katalog/bedrifter/", "/behov/", "/arrangement/",
         "/finn-hjelp/"],
    )  # fmt: skip
    def test_a_page_answers_head_as_it_answers_get(self, client, db, url):
        got = client.get(url)
        head = client.head(url)
        assert got.status_code == 200
        assert head.status_code == 200
        assert head.content == b""

    def test_a_form_page_answers_head(self, member_client):
        assert member_client.head("/behov/nytt/").status_code == 200


class TestSearchInput:
    """Found by the API fuzzing: a quote in a filter broke the full-text query (500 on
    SQLite), and a word of thousands of letters broke it on PostgreSQL."""

    def test_the_search_api_refuses_an_unknown_municipality(self, client, db):
        response = client.get("/api/v1/search", {"q": "nettside", "municipality": '"+c'})
        assert response.status_code == 422
        assert "Unknown municipality" in response.json()["detail"][0]["msg"]

    def test_the_search_api_takes_a_known_municipality(self, client, taxonomy):
        response = client.get("/api/v1/search", {"q": "nettside", "municipality": "gol"})
        assert response.status_code == 200

    def test_a_quote_in_a_scope_token_is_only_a_token(self, taxonomy):
        assert search(["nettsid"], scope=['cqxmun"+c']) == []

    def test_a_word_too_long_for_any_profile_is_left_out(self, client, taxonomy):
        body = {"title": "Nettside", "description": "0" * 3000}
        response = client.post("/api/v1/match", json.dumps(body), content_type="application/json")
        assert response.status_code == 200
