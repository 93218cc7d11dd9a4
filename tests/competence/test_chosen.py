"""What the poster ticks on the need form (docs/matching.md, "The poster ticks"): the
competences offered (implied.suggested), and a chosen one counting as asked for."""

import pytest
from django.contrib.auth.models import AnonymousUser

from klynge.competence import implied
from klynge.competence import weights as W
from klynge.competence.matching import _need, need_concepts, read_need
from klynge.directory.providers import match
from klynge.directory.visibility import viewer_for
from klynge.lib.analyzer import analyze
from tests.competence.test_implied import FARM_SHOP, PROFILES, VOCABULARY
from tests.directory.test_matching import person


def offered(text):
    analysis = analyze(text, VOCABULARY)
    named = list(dict.fromkeys(analysis.concepts))
    implied_ones = implied.implied(analysis.terms, named, PROFILES)
    return implied.suggested(analysis.terms, named, PROFILES, implied_ones)


class TestSuggested:
    def test_the_implied_come_first_then_those_two_words_point_to(self):
        # Three words point to the web shop (implied: "kunder" would complete one of its
        # names), two to booking ("bestille", "nett").
        text = "Personvern. Vi vil selge varer på nett og sende pakker; folk skal bestille."
        assert offered(text) == ["nettbutikk", "booking"]

    def test_one_word_is_not_enough(self):
        assert offered("Personvern. Kundene skal bestille.") == []

    def test_a_need_naming_nothing_is_offered_nothing(self):
        assert offered("Vi vil selge varer på nett og sende pakker; folk skal bestille.") == []

    def test_at_most_suggest_top(self, monkeypatch):
        text = "Personvern. Vi vil selge varer på nett og sende pakker; folk skal bestille."
        monkeypatch.setattr(W, "SUGGEST_TOP", 1)
        assert offered(text) == ["nettbutikk"]


@pytest.mark.django_db
class TestChosen:
    def test_a_chosen_competence_is_named_and_asked_for(self):
        need = _need(*FARM_SHOP, None, chosen=["nettbutikk"])
        assert need.named == ["nettside", "nettbutikk"]
        assert "nettbutikk" in need.asked and "nettbutikk" not in need.implied
        assert need.boost["cqnettbutikk"] == W.TITLE_BOOST
        assert _need(*FARM_SHOP, None).boost["cqnettbutikk"] == W.IMPLIED_SHARE

    def test_a_chosen_competence_is_never_lone(self):
        assert _need(*FARM_SHOP, None).lone == {"nettside"}
        assert _need(*FARM_SHOP, None, chosen=["nettside"]).lone == frozenset()

    def test_the_reading_keeps_the_words_and_the_ticks_apart(self):
        reading = read_need(title=FARM_SHOP[0], description=FARM_SHOP[1], chosen=["nettbutikk"])
        assert reading.named == ["nettside"]
        assert "nettbutikk" not in reading.suggested and "nettbutikk" not in reading.implied
        plain = read_need(title=FARM_SHOP[0], description=FARM_SHOP[1])
        assert plain.suggested[: len(plain.implied)] == plain.implied
        assert "nettbutikk" in plain.suggested

    def test_a_team_covers_a_chosen_competence_as_asked_for(self):
        concepts = need_concepts(title=FARM_SHOP[0], description=FARM_SHOP[1], chosen=["sensorer"])
        assert concepts["sensorer"] == W.TITLE_BOOST

    def test_a_chosen_competence_finds_who_the_words_alone_do_not(self):
        person("Sigurd Sensor", [("sensorer", 5)], available_for_assignments=True)
        viewer = viewer_for(AnonymousUser())
        assert match(title=FARM_SHOP[0], description=FARM_SHOP[1], viewer=viewer) == []
        found = match(
            title=FARM_SHOP[0], description=FARM_SHOP[1], viewer=viewer, chosen=["sensorer"]
        )
        assert [m.name for m in found] == ["Sigurd Sensor"]
