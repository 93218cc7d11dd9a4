"""A need finds providers through competences related to those it names, for
less, and a word of a taxonomy name that is only filler ("IT") is no longer
dropped from the name (docs/matching.md)."""

from django.contrib.auth.models import AnonymousUser

from klynge.directory.providers import match
from klynge.directory.visibility import viewer_for
from klynge.lib.analyzer import Vocabulary, analyze
from tests.directory.test_matching import person


def find(title, **kwargs):
    return match(title=title, viewer=viewer_for(AnonymousUser()), **kwargs)


class TestRelatedCompetences:
    def test_a_provider_with_only_a_related_competence_is_found(self, taxonomy):
        person("Vera Betaling", [("nettbetaling", 4)], available_for_assignments=True)
        found = find("Nettbutikk for gardsutsalet")
        assert [m.name for m in found] == ["Vera Betaling"]
        # the reason names the related competence she has, not a word she shares
        assert found[0].reasons[0] in {"Betaling på nett", "Online payment"}

    def test_the_competence_itself_ranks_above_a_related_one(self, taxonomy):
        person("Vera Betaling", [("nettbetaling", 4)], available_for_assignments=True)
        person("Nils Nettbutikk", [("nettbutikk", 4)], available_for_assignments=True)
        found = find("Nettbutikk for gardsutsalet")
        assert [m.name for m in found] == ["Nils Nettbutikk", "Vera Betaling"]
        assert found[0].score > found[1].score

    def test_an_unrelated_competence_is_not_found(self, taxonomy):
        person("Nora Nettverk", [("wifi", 4)], available_for_assignments=True)
        assert find("Nettbutikk for gardsutsalet") == []


class TestItInNames:
    vocabulary = Vocabulary.build({"kommunal-it": ["kommunal IT"], "it-support": ["IT support"]})

    def test_a_name_with_it_needs_it(self):
        assert analyze("Kommunal IT i Hallingdal", self.vocabulary).concepts == ["kommunal-it"]
        assert analyze("IT support for the office", self.vocabulary).concepts == ["it-support"]

    def test_the_rest_of_the_name_alone_names_nothing(self):
        assert analyze("Leie kommunale lokaler", self.vocabulary).concepts == []
        assert analyze("Customer support by phone", self.vocabulary).concepts == []

    def test_it_is_never_a_term(self):
        assert "it" not in analyze("Who can fix it? IT help", self.vocabulary).terms
