"""General rules of matching (docs/matching.md, "General rules"): an English word
meets a name by its inflection only, a need naming no competence is judged by its
words as a whole, and a competence named only in telling the situation weighs less
than one asked for; second round: what a sentence asks for weighs as the title, and a
related competence counts in full for one nobody has."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache

from klynge.competence import search as search_module
from klynge.competence.asking import asks, read_request
from klynge.competence.matching import _absent, _competence, _need, _scope, _Weights, need_concepts
from klynge.competence.models import SearchDocument
from klynge.directory.providers import match, worth_showing
from klynge.directory.visibility import viewer_for
from klynge.lib.analyzer import Vocabulary, analyze, english_stem
from tests.directory.test_matching import person

ENGLISH = ["accessibility", "requirements", "online payments", "printer", "password manager"]
VOCABULARY = Vocabulary.build(
    {
        "universell-utforming": ["universell utforming", "accessibility"],
        "kravspesifikasjon": ["kravspesifikasjon", "requirements"],
        "betaling-pa-nett": ["betale på nett", "online payments"],
        "skriver": ["skriver", "printer"],
        "passord": ["passordhandsaming", "password manager"],
        "kanalstyring": ["channel manager"],
        "nettbutikk": ["nettbutikk", "webshop"],
    },
    english_names=ENGLISH + ["channel manager", "webshop"],
)


class TestEnglishInflectionOnly:
    @pytest.mark.parametrize(
        "word,base",
        [
            ("websites", "websit"),
            ("payments", "payment"),
            ("companies", "company"),
            ("bookings", "book"),
            ("planned", "plan"),
            ("access", "access"),
        ],
    )
    def test_inflection_goes(self, word, base):
        assert english_stem(word) == base

    @pytest.mark.parametrize(
        "word", ["accessibility", "requirements", "printer", "development", "analysis"]
    )
    def test_derivation_stays(self, word):
        assert english_stem(word) not in {"access", "requir", "print", "develop", "analys"}

    def test_an_everyday_word_does_not_name_its_derivation(self):
        assert analyze("Our old Access database", VOCABULARY).concepts == []
        assert analyze("Norwegian not required", VOCABULARY).concepts == []

    def test_the_name_and_its_inflections_still_do(self):
        assert analyze("An accessibility audit", VOCABULARY).concepts == ["universell-utforming"]
        assert analyze("The printers are offline", VOCABULARY).concepts == ["skriver"]
        assert analyze("We take online payment", VOCABULARY).concepts == ["betaling-pa-nett"]


def find(title, description=""):
    return match(title=title, description=description, viewer=viewer_for(AnonymousUser()))


class TestANeedNamingNoCompetence:
    def test_a_few_shared_everyday_words_show_nobody(self, taxonomy):
        person(
            "Webby Web", [("nettside", 5)], bio="Nettsider for hotell og gjester på Geilo",
            available_for_assignments=True,
        )  # fmt: skip
        found = find(
            "Rørleggar til badet",
            "Det lek frå eit bad i andre etasje på hotellet og ned i taket på gjesterommet.",
        )
        assert [m.name for m in found] == ["Webby Web"]  # it shares "hotell"
        assert worth_showing(found) == []  # but nothing a page would show

    def test_a_provider_holding_the_whole_need_is_shown(self, taxonomy):
        person("Sigve Ski", bio="Skiskyting og fjellturisme", available_for_assignments=True)
        person("Frida Fjell", bio="Fjellturisme", available_for_assignments=True)
        found = find("Skiskyting og fjellturisme")
        assert [m.name for m in found] == ["Sigve Ski", "Frida Fjell"]
        assert [m.name for m in worth_showing(found)][:1] == ["Sigve Ski"]
        assert found[0].score > found[1].score  # she holds the commoner half of it

    def test_a_need_naming_a_competence_is_scored_as_before(self, taxonomy):
        person("Nina Nett", [("nettbutikk", 5)], available_for_assignments=True)
        found = find("Nettbutikk til gardsbutikken")
        assert [m.name for m in found] == ["Nina Nett"]
        assert found[0].score >= 0.7  # the best candidate's text counts in full


class TestWhatANeedAsksFor:
    @pytest.mark.parametrize(
        "sentence",
        [
            "Vi trenger en ny nettside.",
            "Vi treng nokon som kan setje opp wifi.",
            "Kven kan hjelpe oss?",
            "We are looking for a developer.",
            "Who can look at the hosting and set up monitoring?",
        ],
    )
    def test_a_request_or_a_question_asks(self, sentence):
        assert asks(sentence)

    @pytest.mark.parametrize(
        "sentence",
        [
            "Vi er et lite regnskapskontor på Gol.",
            "Det er dårleg mobildekning der oppe.",
            "The software only runs on an old Windows PC.",
        ],
    )
    def test_telling_the_situation_does_not(self, sentence):
        assert not asks(sentence)

    def test_a_competence_named_only_in_the_situation_is_the_setting(self, taxonomy):
        description = "Vi har ein nettbutikk. Vi treng betre trådlaust nett på lageret."
        assert read_request(description, set()).setting == {"nettbutikk"}
        # named in the title too: asked for
        assert read_request(description, {"nettbutikk"}).setting == set()

    def test_a_need_that_only_tells_has_no_setting(self, taxonomy):
        assert read_request("Vi har ein nettbutikk. Wifi-en fell ut.", set()).setting == set()

    def test_the_setting_weighs_less_than_what_is_asked_for(self, taxonomy):
        person("Nina Nett", [("nettbutikk", 5)], available_for_assignments=True)
        person("Wenche Wifi", [("wifi", 5)], available_for_assignments=True)
        found = find("Hjelp", "Vi har ein nettbutikk. Vi treng nokon som fiksar wifi på lageret.")
        assert [m.name for m in found] == ["Wenche Wifi", "Nina Nett"]
        told = find("Hjelp", "Vi har ein nettbutikk og wifi på lageret.")
        assert {m.name for m in told} == {"Wenche Wifi", "Nina Nett"}
        assert found[0].score - found[1].score > abs(told[0].score - told[1].score)


class TestWhatIsAskedWeighsAsTheTitle:
    """Second round: a competence an asking sentence names weighs as much as one the
    title names; the title sums the need up, the request says what is wanted."""

    def test_the_request_and_the_title_are_both_asked(self, taxonomy):
        request = read_request("Vi har eit lager på Gol. Kven kan setje opp wifi der?", {"x"})
        assert request.asked == {"x", "nettverk"}  # wifi, in the test taxonomy
        assert request.setting == set()

    def test_what_is_asked_weighs_twice_in_a_team(self, taxonomy):
        asked = need_concepts(
            title="Nettbutikken vår", description="Kven kan setje opp wifi på lageret?"
        )
        assert asked == {"nettbutikk": 2.0, "nettverk": 2.0}
        told = need_concepts(
            title="Nettbutikken vår", description="Vi har wifi på lageret. Kven kan hjelpe?"
        )
        assert told == {"nettbutikk": 2.0, "nettverk": 1.0}

    def test_the_provider_of_what_is_asked_comes_close_to_the_titles(self, taxonomy):
        person("Nina Nett", [("nettbutikk", 5)], available_for_assignments=True)
        person("Wenche Wifi", [("wifi", 5)], available_for_assignments=True)
        found = {m.name: m.score for m in find("Nettbutikken", "Kven kan setje opp wifi?")}
        told = {m.name: m.score for m in find("Nettbutikken", "Wifi-en fell ut. Kven kan hjelpe?")}
        assert found["Wenche Wifi"] > told["Wenche Wifi"]
        assert found["Nina Nett"] - found["Wenche Wifi"] < told["Nina Nett"] - told["Wenche Wifi"]


class TestSeveralCompetences:
    """Checked in the second round, and already so: what these tests keep."""

    def test_a_competence_named_three_times_counts_once(self, taxonomy):
        person("Nina Nett", [("nettbutikk", 5)], available_for_assignments=True)
        person("Wenche Wifi", [("wifi", 5)], available_for_assignments=True)
        once = find("Hjelp", "Vi treng nettbutikk og wifi.")
        thrice = find("Hjelp", "Vi treng nettbutikk, ein nettbutikk og nettbutikk, og wifi.")
        assert [(m.name, m.score) for m in thrice] == [(m.name, m.score) for m in once]

    def test_covering_two_of_three_beats_one_strongly(self, taxonomy):
        person(
            "Anna Allsidig", [("nettbutikk", 3), ("nettside", 3)], available_for_assignments=True
        )
        person("Bodil Butikk", [("nettbutikk", 5)], available_for_assignments=True)
        found = find("Nettbutikk, heimeside og betaling på nett", "")
        assert [m.name for m in found][:2] == ["Anna Allsidig", "Bodil Butikk"]


class TestNobodyHasIt:
    """Second round: when no document holds a competence the need names, a related
    competence counts as the competence itself in the competence part."""

    def test_a_related_competence_counts_in_full_only_for_one_nobody_has(self):
        weights = _Weights(concepts={"a": 1.0, "b": 1.0}, total=2.0, best_text=1.0)
        assert _competence([], ["a"], weights) == 0.25  # RELATED_SHARE of a half
        nobody = weights._replace(absent=frozenset({"a"}))
        assert _competence([], ["a"], nobody) == 0.5
        assert _competence(["b"], ["a"], nobody) == 1.0

    def test_absent_is_what_no_document_in_scope_holds(self, taxonomy):
        person("Willy Wordpress", [("wordpress", 4)], available_for_assignments=True)
        person("Nils Nett", [("wifi", 4)], available_for_assignments=True)
        scope = _scope(SearchDocument.Audience.PUBLIC, None, ())
        need = _need("Heimeside", "Vi treng ei heimeside og wifi.", None)
        assert set(need.concepts) == {"nettside", "nettverk"}
        assert _absent(need, scope) == {"nettside"}
        found = {m.name: m.score for m in find("Heimeside", "Vi treng ei heimeside og wifi.")}
        assert set(found) == {"Willy Wordpress", "Nils Nett"}  # Willy through WordPress
        person("Nora Nettside", [("nettside", 3)], available_for_assignments=True)
        cache.clear()  # document frequencies are cached briefly
        search_module._local.clear()
        assert _absent(need, scope) == frozenset()
