"""What a need implies (klynge/competence/implied.py, docs/matching.md "What a need
implies"): competences its words point to without naming them, and named ones
nothing else in it supports."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from klynge.competence import implied
from klynge.competence import weights as W
from klynge.competence.matching import _concept_weights, _need, _scope, need_concepts
from klynge.competence.models import Category, Competence, SearchDocument
from klynge.competence.vocabulary import bump, profiles
from klynge.directory.providers import match
from klynge.directory.visibility import viewer_for
from klynge.lib.analyzer import Vocabulary, analyze
from tests.directory.test_matching import person

NAMES = {
    "nettbutikk": ["nettbutikk", "selge varer på nett til kunder", "sende pakker med betaling"],
    "personvern": ["personvern", "lov å lagre personopplysninger", "kopi av passet i arkivet"],
    "sensorer": ["sensorer", "måle temperatur", "fjernavlesning"],
    "booking": ["booking", "bestille time", "ledige timer", "bestille på nett"],
}
VOCABULARY = Vocabulary.build(NAMES)
PROFILES = implied.build(NAMES, VOCABULARY)


def read(text):
    analysis = analyze(text, VOCABULARY)
    named = list(dict.fromkeys(analysis.concepts))
    return (
        named,
        implied.implied(analysis.terms, named, PROFILES),
        implied.lone(analysis.terms, named, PROFILES),
    )


class TestImplied:
    def test_three_of_its_words_imply_a_competence_the_need_does_not_name(self):
        named, found, _ = read("Booking. Vi vil ha betaling før vi selger varene og sender pakker.")
        assert named == ["booking"]
        assert found == ["nettbutikk"]

    def test_fewer_than_three_of_its_words_imply_nothing(self):
        _, found, _ = read("Booking. Vi vil selge varene.")
        assert found == []

    def test_a_need_naming_nothing_implies_nothing(self):
        # The same words, and no competence named: its words alone decide.
        named, found, _ = read("Vi vil ha betaling før vi selger varene og sender pakker.")
        assert named == [] and found == []

    def test_at_most_implied_top_and_the_best_first(self, monkeypatch):
        text = "Booking. Selge varer i pakker med betaling. Har vi lov å lagre en kopi av passet?"
        _, found, _ = read(text)
        assert set(found) == {"nettbutikk", "personvern"}
        monkeypatch.setattr(W, "IMPLIED_TOP", 1)
        _, best, _ = read(text)
        assert best == found[:1]

    def test_a_stem_in_too_many_competences_votes_for_none(self):
        # With 20 or more competences a stem in more than a tenth of them tells nothing.
        names = {f"c{i}": [f"hjelp med ting{i}"] for i in range(20)}
        names["webbutikk"] = ["webbutikk", "hjelp å selge varer", "sende pakker"]
        built = implied.build(names, Vocabulary.build(names))
        assert "hjelp" not in built.votes and "hjelp" not in built.supporting
        assert [slug for slug, _ in built.votes["selg"]] == ["webbutikk"]


class TestLone:
    def test_a_competence_named_by_one_word_and_nothing_else_is_lone(self):
        named, _, lone = read(
            "Elevene vil bestille ledige timer selv, og vi må vise dem til sensorer."
        )
        assert named == ["booking", "sensorer"]
        assert lone == {"sensorer"}

    def test_a_competence_the_rest_of_the_need_speaks_of_is_not(self):
        _, _, lone = read("Sensorer som kan måle temperatur i hytta, med fjernavlesning.")
        assert lone == frozenset()


# With the shipped taxonomy (migrate loads it) and the real matching.

FARM_SHOP = (
    "Hjemmeside for gårdsbutikken",
    "Vi vil at folk kan bestille kjøtt og egg, betale og få varene sendt hjem i posten.",
)


@pytest.mark.django_db
class TestInMatching:
    def test_the_need_reads_what_it_implies_and_what_is_lone(self):
        need = _need(*FARM_SHOP, None)
        assert "nettbutikk" in need.implied and "betaling-pa-nett" in need.implied
        assert need.lone == {"nettside"}  # named by "hjemmeside", nothing else about a site
        assert need.concepts[0] == "nettside"  # named first, implied after

    def test_implied_and_lone_weigh_half(self):
        need = _need(*FARM_SHOP, None)
        plain = _need(*FARM_SHOP, None)
        plain.implied, plain.lone = frozenset(), frozenset()
        scope = _scope(SearchDocument.Audience.PUBLIC, None, ())
        halved, full = _concept_weights(need, scope), _concept_weights(plain, scope)
        for slug in need.implied | need.lone:
            assert halved[slug] == pytest.approx(full[slug] * 0.5)

    def test_a_team_covers_what_the_buyer_named_only(self):
        assert "nettbutikk" not in need_concepts(title=FARM_SHOP[0], description=FARM_SHOP[1])
        assert "nettside" in need_concepts(title=FARM_SHOP[0], description=FARM_SHOP[1])

    def test_a_search_for_words_implies_nothing(self):
        need = _need(*FARM_SHOP, None, related=False)
        assert need.implied == frozenset() and need.lone == frozenset()

    def test_the_shop_builder_is_found_and_the_reason_names_the_shop(self):
        person(
            "Nina Nettbutikk", [("nettbutikk", 4)], headline="Nettbutikker for småbedrifter",
            available_for_assignments=True,
        )  # fmt: skip
        person("Sigurd Sensor", [("sensorer", 5)], available_for_assignments=True)
        with translation.override("nb"):
            found = match(
                title=FARM_SHOP[0], description=FARM_SHOP[1], viewer=viewer_for(AnonymousUser())
            )
        assert [m.name for m in found] == ["Nina Nettbutikk"]
        assert "Nettbutikk" in found[0].reasons

    def test_a_need_nobody_can_help_with_still_shows_nobody(self):
        person("Nina Nettbutikk", [("nettbutikk", 4)], available_for_assignments=True)
        found = match(
            title="Rørlegger til badet",
            description="Det lekker fra røret under vasken, og vi må ha noen hit i dag.",
            viewer=viewer_for(AnonymousUser()),
        )
        assert found == []

    def test_the_profiles_follow_a_change_of_the_taxonomy(self):
        assert "dronefoto-test" not in profiles().stems
        category = Category.objects.first()
        Competence.objects.create(
            slug="dronefoto-test", category=category, label_nb="Dronefoto", label_nn="Dronefoto",
            label_en="Drone photography", synonyms={"nb": ["bilder fra lufta"]},
        )  # fmt: skip
        bump()
        assert "dronefoto-test" in profiles().stems
        assert (
            "luft" in profiles().stems["dronefoto-test"]
            or "lufta" in profiles().stems["dronefoto-test"]
        )
