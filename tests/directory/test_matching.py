import json

import pytest
from django.contrib.auth.models import AnonymousUser

from klynge.competence.models import SearchDocument
from klynge.directory import documents, services
from klynge.directory.models import Company, Person, PersonSkill
from klynge.directory.providers import match
from klynge.directory.visibility import viewer_for


def person(name, skills=(), **fields):
    p = Person.objects.create(name=name, **fields)
    for skill, level in skills:
        PersonSkill.objects.create(person=p, name=skill, level=level)
    documents.refresh_people([p.pk])
    return p


def company(name, **fields):
    c = Company.objects.create(name=name, **fields)
    documents.refresh_companies([c.pk])
    return c


@pytest.fixture
def providers(taxonomy):
    return {
        "shop": company(
            "Fjellkode AS",
            municipality="aal",
            external_id="c-1",
            description="Vi lagar nettbutikkar og nettbetaling med Vipps.",
            services=["Nettbutikk", "Betaling på nett"],
        ),
        "web": person(
            "Wenche Web",
            [("WordPress", 5), ("nettsider", 4)],
            municipality="gol",
            available_for_assignments=True,
            external_id="p-1",
        ),
        "net": person(
            "Nils Ness",
            [("wifi", 4), ("nettverk", 5)],
            municipality="hol",
            available_for_assignments=True,
            external_id="p-2",
        ),
        "busy": person(
            "Berit Butikk",
            [("webshop", 5)],
            municipality="aal",
            available_for_assignments=False,
            external_id="p-3",
        ),
    }


def names(results):
    return [r.name for r in results]


class TestMatch:
    def test_a_plain_words_need_finds_the_web_shop_builders(self, providers):
        results = match(
            title="Gjestane skal kunne betale på nett", viewer=viewer_for(AnonymousUser())
        )
        assert names(results)[0] == "Fjellkode AS"
        assert "Betaling på nett" in results[0].reasons or "Online payment" in results[0].reasons
        assert "Nils Ness" not in names(results)

    def test_english_finds_norwegian_profiles(self, providers):
        results = match(title="We need a webshop", viewer=viewer_for(AnonymousUser()))
        assert set(names(results)[:2]) == {"Fjellkode AS", "Berit Butikk"}

    def test_an_unavailable_person_ranks_below_an_available_one(self, providers):
        person(
            "Anne Available", [("webshop", 5)], municipality="aal", available_for_assignments=True
        )
        ranked = names(
            match(title="webshop", viewer=viewer_for(AnonymousUser()), kinds=("person",))
        )
        assert ranked.index("Anne Available") < ranked.index("Berit Butikk")

    def test_nearby_providers_rank_higher_all_else_equal(self, taxonomy):
        far = person("Far Away", [("wifi", 4)], municipality="flaa", available_for_assignments=True)
        near = person("Near By", [("wifi", 4)], municipality="hol", available_for_assignments=True)
        results = match(
            title="trådlaust nett", municipality="hol", viewer=viewer_for(AnonymousUser())
        )
        assert names(results) == [near.name, far.name]
        assert "same municipality" in results[0].reasons

    def test_scores_are_between_0_and_1_and_best_first(self, providers):
        results = match(title="nettbutikk og nettside", viewer=viewer_for(AnonymousUser()))
        scores = [r.score for r in results]
        assert scores == sorted(scores, reverse=True)
        assert all(0 < s <= 1 for s in scores)

    def test_a_hidden_skill_never_scores_or_explains(self, providers, member):
        secret = person(
            "Sara Secret",
            [("nettverk", 5)],
            skills_visibility="members",
            available_for_assignments=True,
        )
        visitor = names(match(title="nettverk", viewer=viewer_for(AnonymousUser())))
        assert secret.name not in visitor
        assert secret.name in names(match(title="nettverk", viewer=viewer_for(member)))


class TestIndexFollowsWrites:
    def test_a_profile_edit_updates_the_index_in_the_same_transaction(self, taxonomy, user):
        me = services.person_get_or_create_for(user=user)
        services.person_update(person=me, by=user, name="Una", skills=[{"name": "Vipps"}])
        doc = SearchDocument.objects.get(kind="person", object_id=me.pk, audience="public")
        assert "betaling-pa-nett" in [slug for slug, _level, _provenance in doc.concepts]
        services.person_update(person=me, by=user, is_listed=False)
        assert not SearchDocument.objects.filter(kind="person", object_id=me.pk).exists()

    def test_a_misspelt_skill_is_mapped_onto_the_taxonomy(self, taxonomy, user):
        me = services.person_get_or_create_for(user=user)
        services.person_update(
            person=me, by=user, skills=[{"name": "Wordpres"}, {"name": "Ostelaging"}]
        )
        mapped = {s.name: s.competence and s.competence.slug for s in me.skills.all()}
        assert mapped == {"Wordpres": "wordpress", "Ostelaging": None}

    def test_reindex_rebuilds_everything(self, providers):
        from django.core.management import call_command

        SearchDocument.objects.all().delete()
        call_command("reindex", no_progress=True)
        # three people with two audiences each, one company with one document
        assert SearchDocument.objects.count() == 3 * 2 + 1


class TestMatchApi:
    def test_it_answers_in_the_shape_of_the_spec(self, client, providers):
        need = {
            "external_id": "n-1",
            "title": "Ny nettbutikk for gardsutsal",
            "description": "Vi vil selje på nett",
            "municipality": "aal",
            "posted_by": "business",
        }
        response = client.post(
            "/api/v1/match?limit=2", json.dumps(need), content_type="application/json"
        )
        assert response.status_code == 200
        results = response.json()["results"]
        assert len(results) == 2
        assert set(results[0]) == {"kind", "id", "external_id", "name", "url", "score", "reasons"}
        assert results[0]["external_id"] == "c-1"

    @pytest.mark.parametrize("limit", [0, 101])
    def test_the_limit_is_bounded(self, client, providers, limit):
        body = json.dumps({"title": "nettbutikk"})
        response = client.post(
            f"/api/v1/match?limit={limit}", body, content_type="application/json"
        )
        assert response.status_code == 422

    def test_a_need_without_title_is_refused(self, client, taxonomy):
        response = client.post("/api/v1/match", "{}", content_type="application/json")
        assert response.status_code == 422


class TestSearchApi:
    def test_filters_apply(self, client, providers):
        data = client.get("/api/v1/search", {"q": "nettbutikk", "municipality": "aal"}).json()
        assert {r["name"] for r in data["results"]} == {"Fjellkode AS", "Berit Butikk"}
        data = client.get("/api/v1/search", {"q": "nettbutikk", "available": True}).json()
        assert "Berit Butikk" not in {r["name"] for r in data["results"]}

    def test_a_near_miss_gets_did_you_mean(self, client, providers):
        data = client.get("/api/v1/search", {"q": "wordpres"}).json()
        assert data["results"] == []
        assert data["did_you_mean"] == "WordPress"


class TestFindHelpPage:
    def test_it_works_without_javascript(self, client, providers):
        client.cookies["django_language"] = "en"
        html = client.get("/finn-hjelp/", {"beskriving": "webshop"}).content.decode()
        assert "Fjellkode AS" in html and "Why:" in html

    def test_htmx_gets_the_results_only(self, client, providers):
        html = client.get("/finn-hjelp/", {"beskriving": "webshop"}, HTTP_HX_REQUEST="true")
        assert "<html" not in html.content.decode() and "Fjellkode AS" in html.content.decode()
