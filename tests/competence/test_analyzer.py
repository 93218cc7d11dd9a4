"""The analyzer on its own: no database, a vocabulary built in the test."""

import pytest

from klynge.lib.analyzer import PHRASE_GAP, Vocabulary, analyze, concept_token, stem, tokens

VOCABULARY = Vocabulary.build(
    {
        "nettbutikk": ["nettbutikk", "netthandel", "e-handel", "webshop", "selje på nett"],
        "betaling-pa-nett": ["betale på nett", "betala på nett", "online payments"],
        "nettside": ["nettside", "nettstad", "heimeside", "hjemmeside", "website"],
    },
    extra_words=["løysing", "løsning", "system"],
)


class TestStemming:
    @pytest.mark.parametrize(
        "forms",
        [
            ["nettside", "nettsider", "nettsidene", "nettsida"],  # bokmål and nynorsk
            ["løsning", "løsninger", "løsningene"],  # bokmål
            ["løysing", "løysingar", "løysingane"],  # nynorsk
            ["kommune", "kommunen", "kommunane", "kommunene"],
        ],
    )
    def test_inflected_forms_share_a_stem(self, forms):
        assert len({stem(f) for f in forms}) == 1, {f: stem(f) for f in forms}

    def test_english_words_get_their_english_stem_too(self):
        assert "payment" in analyze("payments").terms
        assert "websit" in analyze("websites").terms


class TestTokens:
    def test_stop_words_go_in_all_three_languages(self):
        assert tokens("Vi treng ei ny heimeside") == ["heimeside"]
        assert tokens("Vi trenger en ny hjemmeside") == ["hjemmeside"]
        assert tokens("We need a website for the hotel") == ["website", "hotel"]

    def test_a_hyphenated_word_also_counts_joined(self):
        assert tokens("e-handel") == ["handel", "ehandel"]


class TestDecompounding:
    def test_nynorsk_compound_splits_into_known_words(self):
        analysis = analyze("Vi treng ei nettbutikkløysing", VOCABULARY)
        assert {"nettbutikk", "løysing"} <= set(analysis.terms)
        assert analysis.concepts == ["nettbutikk"]

    def test_bokmaal_compound_with_linking_s(self):
        terms = analyze("nettsideløsning", VOCABULARY).terms
        assert stem("nettside") in terms and stem("løsning") in terms

    def test_an_unknown_word_is_left_whole(self):
        assert analyze("kaffitrakter", VOCABULARY).terms == [stem("kaffitrakter")]


class TestSynonyms:
    @pytest.mark.parametrize(
        "text,concept",
        [
            ("Gjestene skal kunne betale på nett", "betaling-pa-nett"),  # bokmål
            ("Gjestane skal kunne betala på nett", "betaling-pa-nett"),  # nynorsk
            ("We want to take online payments", "betaling-pa-nett"),  # English
            ("Vi vil starte netthandel", "nettbutikk"),
            ("Eg vil selje på nett", "nettbutikk"),
            ("We need a webshop", "nettbutikk"),
            ("Ny heimeside til garden", "nettside"),
            ("Ny hjemmeside for gården", "nettside"),
            ("A new website", "nettside"),
        ],
    )
    def test_every_language_reaches_the_same_concept(self, text, concept):
        analysis = analyze(text, VOCABULARY)
        assert concept in analysis.concepts
        assert concept_token(concept) in analysis.index_tokens

    def test_a_text_without_taxonomy_words_names_no_concept(self):
        assert analyze("Vi sel ost og spekemat", VOCABULARY).concepts == []


class TestRunsStepOverAFewWords:
    """A phrase of several stems is still found with up to three words inside it, once."""

    VOCABULARY = Vocabulary.build({"betaling-pa-nett": ["ta betalt på nett", "betale på nett"]})

    def test_the_gap_is_three_positions(self):
        assert PHRASE_GAP == 3

    @pytest.mark.parametrize(
        "text",
        [
            "Kundene skal betale enkelt på nett",  # one word inside a two-stem phrase
            "Vi vil ta betalt direkte på nett",  # one word inside a three-stem phrase
            "We want to betale trygt på nett",
            "Kundene skal betale raskt og enkelt på nett",  # two words inside
            "Gjestene skal kunne betale raskt, trygt og enkelt på nett",  # three
        ],
    )
    def test_a_few_words_inside_the_phrase_are_stepped_over(self, text):
        assert analyze(text, self.VOCABULARY).concepts == ["betaling-pa-nett"]

    @pytest.mark.parametrize(
        "text",
        [
            "Kundene skal betale raskt, trygt, enkelt og billig på nett",  # four words inside
            "Vi vil ta raskt betalt enkelt på nett",  # one word, twice
            "Vi betaler regninger, fakturaer, lønn og skatt via nett",  # the stems far apart
        ],
    )
    def test_more_words_or_a_second_gap_break_it(self, text):
        assert analyze(text, self.VOCABULARY).concepts == []

    def test_the_unbroken_phrase_is_found_once(self):
        assert analyze("Vi vil ta betalt på nett", self.VOCABULARY).concepts == ["betaling-pa-nett"]
