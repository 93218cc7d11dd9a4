"""Only informative terms carry a match or show as a reason: very common words
and place names never do (docs/matching.md, "Only informative terms")."""

from django.contrib.auth.models import AnonymousUser

from klynge.competence import weights as W
from klynge.competence.vocabulary import place_terms
from klynge.directory.providers import match
from klynge.directory.visibility import viewer_for
from tests.directory.test_matching import person


def find(title, **kwargs):
    return match(title=title, viewer=viewer_for(AnonymousUser()), **kwargs)


def crowd(count, bio):
    for i in range(count):
        person(f"Person {i}", bio=bio, available_for_assignments=True)


class TestVeryCommonWords:
    def test_a_word_in_most_profiles_carries_no_match(self, taxonomy):
        crowd(W.COMMON_FROM, "Driv med fjellturisme og skiskyting")
        person("Nina Nett", [("nettbutikk", 5)], bio="Driv med fjellturisme")
        assert find("fjellturisme") == []
        found = find("nettbutikk for fjellturisme")
        assert [m.name for m in found] == ["Nina Nett"]
        assert "fjellturisme" not in found[0].reasons

    def test_among_few_profiles_no_word_is_too_common(self, taxonomy):
        crowd(3, "Driv med fjellturisme")
        found = find("fjellturisme")
        assert len(found) == 3
        assert all("fjellturisme" in m.reasons for m in found)

    def test_a_rarer_word_still_matches_among_many(self, taxonomy):
        crowd(W.COMMON_FROM, "Driv med fjellturisme")
        person("Sigve Ski", bio="Driv med skiskyting og fjellturisme")
        found = find("skiskyting")
        assert [m.name for m in found] == ["Sigve Ski"]
        assert "skiskyting" in found[0].reasons


class TestPlaceNames:
    def test_the_region_and_its_places_are_place_terms(self, settings):
        terms = place_terms()
        assert {"gol", "hemsedal", "geilo", "hallingdal", "ål", "nesby"} <= terms
        assert "nettbutikk" not in terms

    def test_a_place_name_alone_matches_nobody(self, taxonomy):
        person("Geir Geilo", bio="Bur på Geilo i Hallingdal, og har kontor på Gol")
        assert find("Noko på Geilo eller Gol i Hallingdal") == []

    def test_a_place_name_is_never_a_reason(self, taxonomy):
        person("Nina Nett", [("nettbutikk", 5)], bio="Bur på Geilo", municipality="hol")
        found = find("Nettbutikk for gardsutsal på Geilo", municipality="hol")
        assert [m.name for m in found] == ["Nina Nett"]
        assert not {"Geilo", "geilo"} & set(found[0].reasons)
        assert "same municipality" in found[0].reasons  # where is told by the municipality
