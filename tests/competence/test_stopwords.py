"""Only informative words count: the stop lists, with no database."""

import json
import re
from pathlib import Path

import pytest

from klynge.lib.analyzer import Vocabulary, analyze, normalise, tokens
from klynge.lib.stopwords import FILLER, STOP_WORDS

TAXONOMY = Path(__file__).parents[2] / "klynge/competence/data/taxonomy.json"


@pytest.mark.parametrize(
    "text",
    [
        "Eg tar det gjerne kvar dag, og kjem når kundene treng det",  # nynorsk
        "Vi vil ha det open og treng hjelp, dei opnar i morgon",
        "Jeg tar imot kundene hver dag og hjelper dem når de trenger det",  # bokmål
        "We help our customers every day and get things done for small businesses",
    ],
)
def test_filler_is_no_term(text):
    assert set(analyze(text).terms) <= {"morgon"}


@pytest.mark.parametrize(
    "word,term",
    [("nettbutikk", "nettbutikk"), ("lager", "lag"), ("brukar", "bruk"), ("gjester", "gjest")],
)
def test_telling_words_stay(word, term):
    assert term in analyze(f"Vi treng {word}").terms


def test_make_goes_but_stock_stays():
    assert analyze("Eg laga ein nettbutikk").terms == ["nettbutikk"]
    assert "lag" in analyze("Nettbutikken hentar lager frå kassa").terms


def test_filler_words_are_not_offered_as_words_either():
    # "words" feed the reasons and "did you mean"
    assert analyze("Kundene kjem kvar dag").words == []


def test_a_filler_word_still_counts_inside_a_taxonomy_phrase():
    vocabulary = Vocabulary.build(
        {"crm": ["kunderegister", "oversikt over kunder"], "timebestilling": ["bestille time"]}
    )
    assert analyze("Vi vil ha oversikt over kundene", vocabulary).concepts == ["crm"]
    assert analyze("Pasientane skal bestille time", vocabulary).concepts == ["timebestilling"]
    alone = analyze("Kundene kjem kvar time", vocabulary)
    assert alone.concepts == [] and alone.terms == []


def test_the_lists_do_not_overlap_and_hold_forms_not_stems():
    assert not STOP_WORDS & FILLER
    assert all(w == normalise(w) and re.fullmatch(r"[a-zæøåò]+", w) for w in STOP_WORDS | FILLER)


# Dropping a function word from a taxonomy name must not leave one word that
# means something else: "nettside selv" (Wix) is not "nettside". Filler words
# stay inside phrases, so they cannot do this; function words can. Only these
# may shrink a name to a single word.
HARMLESS = {"på", "i", "for", "med", "til", "av", "a", "an", "the", "of", "to", "in", "on"}
HARMLESS |= {"and", "og", "is", "er", "as", "how", "per", "from", "fra", "frå", "by", "at"}
# Older than this rule, and known: "it" the pronoun takes "IT" with it ("IT security"
# names IT security by "security"), "ny logo" is found by "logo".
HARMLESS |= {"it", "ny", "nye", "bli"}


def test_no_function_word_shrinks_a_taxonomy_name_to_another_meaning():
    data = json.loads(TAXONOMY.read_text(encoding="utf-8"))
    shrunk = []
    for competence in data["competences"]:
        names = list(competence["label"].values())
        names += [n for names_ in (competence.get("synonyms") or {}).values() for n in names_]
        for name in names:
            words = re.findall(r"[^\W_]+", normalise(name))
            dropped = {w for w in words if w in STOP_WORDS}
            if len(words) > 1 and len(tokens(name)) == 1 and dropped - HARMLESS:
                shrunk.append((competence["slug"], name, sorted(dropped - HARMLESS)))
    assert shrunk == []
