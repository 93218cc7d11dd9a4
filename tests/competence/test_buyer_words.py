"""The buyer's own words (docs/matching.md, "The buyer's own words"): phrasings of
people who do not know a competence's name find it, the rules they were written by
hold for every one of them, and migrations 0006 and 0007 (the second round, outcomes
and everyday tasks) bring them to a taxonomy loaded before them without undoing staff's
edits."""

import json
from importlib import import_module
from typing import NamedTuple

import pytest
from django.apps import apps

from klynge.competence import vocabulary as vocab
from klynge.competence.models import Competence
from klynge.competence.taxonomy import DATA_FILE
from klynge.lib.analyzer import analyze, stem_words, tokens
from klynge.lib.stopwords import FILLER

MIGRATION = import_module("klynge.competence.migrations.0006_buyer_words")
ADDED = MIGRATION.added_words()
SECOND = import_module("klynge.competence.migrations.0007_buyer_words2")
ADDED_SECOND = SECOND.added_words()
TAXONOMY = {c["slug"]: c for c in json.loads(DATA_FILE.read_text(encoding="utf-8"))["competences"]}
ROUNDS = pytest.mark.parametrize("added", [ADDED, ADDED_SECOND], ids=["0006", "0007"])


def every_added(added=ADDED):
    for slug, langs in added.items():
        for lang, words in langs.items():
            for word in words:
                yield slug, lang, word


@pytest.mark.parametrize(
    "added,at_least", [(ADDED, 1500), (ADDED_SECOND, 1000)], ids=["0006", "0007"]
)
def test_every_added_word_is_in_the_taxonomy_file(added, at_least):
    missing = [
        (slug, lang, word)
        for slug, lang, word in every_added(added)
        if word not in TAXONOMY[slug]["synonyms"].get(lang, [])
    ]
    assert missing == []
    assert sum(1 for _ in every_added(added)) > at_least


def test_the_second_round_adds_no_word_of_the_first():
    first = {(slug, lang, word.casefold()) for slug, lang, word in every_added(ADDED)}
    again = [w for w in every_added(ADDED_SECOND) if (w[0], w[1], w[2].casefold()) in first]
    assert again == []


@ROUNDS
def test_no_added_phrasing_is_made_of_filler_words_alone(added):
    """Filler words ("finner", "kunder", "time") count inside a phrase, so a phrase of
    nothing else ("kundene finner ikke fram") would name a competence in any text."""
    only_filler = [
        word for _, _, word in every_added(added) if all(w in FILLER for w in tokens(word))
    ]
    assert only_filler == []


@ROUNDS
def test_no_added_phrasing_is_one_everyday_word(added):
    """Everyday single stems were removed while writing (docs/matching.md); these
    stand for the kinds that must never come back."""
    single = {
        stem_words(tokens(word))[0] for _, _, word in every_added(added) if len(tokens(word)) == 1
    }
    everyday = ["bild", "tall", "nett", "kass", "lag", "ring", "bil", "barn", "system", "mål"]
    everyday += ["nøkkel", "mist", "automatisk", "maskin", "tilgang", "abonnement", "overtid"]
    for stem in everyday:
        assert stem not in single, stem


def test_no_second_round_phrasing_adds_a_word_that_splits_everyday_compounds():
    """Every word of a name is a part compounds may be split into (rule 6): "else" made
    "ledelse" led + els, "fjellet" split "fjellbanken", "huset" split "rådhuset", "messe"
    made "reiselivsmesse" name tourism, "vinduer" (the computer's) split house windows."""
    words = {w for _, _, word in every_added(ADDED_SECOND) for w in tokens(word)}
    for part in "else fjell fjellet huset bur ene ane tel plass store messe vinduer tid".split():
        assert part not in words, part


@pytest.mark.parametrize(
    "text,slug",
    [
        ("Vi vil selge varene våre på nett", "nettbutikk"),
        ("Kortterminalen i kafeen henger seg opp", "kortbetaling"),
        ("Dei tilsette klikkar på lenker i falske e-postar", "sikkerhetsopplaering"),
        ("We want our own web address", "domene"),
        ("Alt ligger i regneark som ingen forstår", "excel"),
        ("Kven kan lage ein påmeldingsskjema til kurset?", "nettskjema"),
        ("Our staff keep forgetting passwords", "passordhandtering"),
        # the second round: outcomes and everyday tasks with no competence word
        ("Vi har ingen oversikt over nøkler til utleiebygga", "adgangskontroll"),
        ("Strømmen er dyr, og vi vil flytte forbruket til natta", "energistyring"),
        ("Vi må varsle innbyggerne når vannet blir stengt", "sms-utsending"),
        ("Vi vil ha varsel når pumpa stoppar på vassverket", "fjernovervaking"),
        ("Temperaturen i kjølerommet må følgjast med", "sensorer"),
        ("We want to remind customers of their appointment", "sms-utsending"),
    ],
)
def test_a_buyer_phrasing_names_its_competence(db, text, slug):
    assert slug in analyze(text, vocab.vocabulary()).concepts


@pytest.mark.parametrize(
    "text",
    [
        "Vi har mange nøkler og to biler på tunet",  # keys and cars: no competence
        "Kundene finner oss og ringer inn",  # filler words only
        "The numbers were good this year",
        "Kundene betaler alltid i tide",  # a negated phrasing would fire on this
        "Kven har vi snakka med i år?",  # one everyday word once function words go
    ],
)
def test_everyday_words_name_no_competence(db, text):
    assert analyze(text, vocab.vocabulary()).concepts == []


class Round(NamedTuple):
    """One round's migration, and what a test of it looks for."""

    migration: object
    added: dict
    slug: str  # a competence the round adds words to
    staff_word: str  # a synonym staff add by hand before the upgrade
    phrase: str  # a phrasing the round adds to ``slug`` (bokmål)
    kept: str  # a synonym of ``slug`` in the file before the round
    sentence: str  # a buyer's sentence the round makes name ``slug``
    headline: str  # a provider's headline (nynorsk) the round makes name ``slug``


UPGRADES = {
    "0006": Round(
        MIGRATION,
        ADDED,
        "kassasystem",
        "kassegreia",
        "dagsoppgjør",
        "betalingsterminal",
        "Dagsoppgjøret stemmer aldri",
        "Eg hjelper butikkar med dagsoppgjør",
    ),
    "0007": Round(
        SECOND,
        ADDED_SECOND,
        "adgangskontroll",
        "nøkkelskapet",
        "oversikt over nøkler",
        "nøkkelbokser",
        "Oversikt over nøklene",
        "Eg hjelper med oversikt over nøklar",
    ),
}


@pytest.fixture(params=sorted(UPGRADES))
def before(request, db):
    """A taxonomy as loaded before the round, with a synonym staff added and a
    competence staff deleted; the round's ``Round``."""
    upgrade = UPGRADES[request.param]
    for competence in Competence.objects.filter(slug__in=upgrade.added):
        added = upgrade.added[competence.slug]
        competence.synonyms = {
            lang: [w for w in words if w not in added.get(lang, [])]
            for lang, words in competence.synonyms.items()
        }
        competence.save(update_fields=["synonyms"])
    competence = Competence.objects.get(slug=upgrade.slug)
    competence.synonyms["nb"].append(upgrade.staff_word)  # staff's own
    competence.save(update_fields=["synonyms"])
    Competence.objects.filter(slug="lorawan").delete()  # staff deleted one
    vocab.bump()
    assert upgrade.slug not in analyze(upgrade.phrase, vocab.vocabulary()).concepts
    return upgrade


def test_a_round_adds_its_words_to_an_existing_taxonomy_and_keeps_staffs(before):
    before.migration.add_words(apps, None)
    competence = Competence.objects.get(slug=before.slug)
    assert before.phrase in competence.synonyms["nb"]
    assert before.staff_word in competence.synonyms["nb"]
    assert not Competence.objects.filter(slug="lorawan").exists()
    for competence in Competence.objects.filter(slug__in=before.added):
        for lang, words in competence.synonyms.items():
            assert len({w.casefold() for w in words}) == len(words), (competence.slug, lang)
            assert set(before.added[competence.slug].get(lang, [])) <= set(words)
    vocab.bump()
    assert before.slug in analyze(before.sentence, vocab.vocabulary()).concepts


def test_a_round_run_twice_adds_nothing_twice(before):
    before.migration.add_words(apps, None)
    once = dict(Competence.objects.values_list("slug", "synonyms"))
    before.migration.add_words(apps, None)
    assert dict(Competence.objects.values_list("slug", "synonyms")) == once


@pytest.mark.parametrize("name", sorted(UPGRADES))
def test_a_round_backwards_takes_away_only_its_own_words(db, name):
    upgrade = UPGRADES[name]
    upgrade.migration.remove_words(apps, None)
    competence = Competence.objects.get(slug=upgrade.slug)
    assert upgrade.phrase not in competence.synonyms["nb"]
    assert upgrade.kept in competence.synonyms["nb"]  # in the file before the round
    upgrade.migration.add_words(apps, None)
    assert upgrade.phrase in Competence.objects.get(slug=upgrade.slug).synonyms["nb"]


def test_second_round_backwards_leaves_the_first_rounds_words(db):
    SECOND.remove_words(apps, None)
    vocab.bump()
    assert "kassasystem" in analyze("dagsoppgjør", vocab.vocabulary()).concepts


def test_an_upgraded_site_finds_a_profile_by_the_new_words_after_migrate(before):
    """A profile indexed before the release (old vocabulary, older ANALYSIS) names
    no competence by the round's words; after the migration and a plain
    ``migrate`` its document does."""
    from django.core.management import call_command

    from klynge.competence.index import ANALYSIS, read_concepts
    from klynge.competence.models import SearchDocument
    from klynge.directory import documents
    from klynge.directory.models import Person

    person = Person.objects.create(name="Kari Lien", headline=before.headline, municipality="gol")
    documents.refresh_people([person.pk])
    doc = SearchDocument.objects.get(kind="person", object_id=person.pk, audience="public")
    assert before.slug not in read_concepts(doc.concepts)
    SearchDocument.objects.filter(pk=doc.pk).update(analysis=ANALYSIS - 1)

    before.migration.add_words(apps, None)
    vocab.bump()  # what the migration's on_commit does outside a test transaction
    call_command("migrate", verbosity=0)

    doc = SearchDocument.objects.get(kind="person", object_id=person.pk, audience="public")
    assert doc.analysis == ANALYSIS
    assert read_concepts(doc.concepts)[before.slug].declared
