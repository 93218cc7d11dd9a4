"""The buyer's own words (docs/matching.md, "The buyer's own words"): phrasings of
people who do not know a competence's name find it, the rules they were written by
hold for every one of them, and migration 0006 brings them to a taxonomy loaded
before it without undoing staff's edits."""

import json
from importlib import import_module

import pytest
from django.apps import apps

from klynge.competence import vocabulary as vocab
from klynge.competence.models import Competence
from klynge.competence.taxonomy import DATA_FILE
from klynge.lib.analyzer import analyze, stem_words, tokens
from klynge.lib.stopwords import FILLER

MIGRATION = import_module("klynge.competence.migrations.0006_buyer_words")
ADDED = MIGRATION.added_words()
TAXONOMY = {c["slug"]: c for c in json.loads(DATA_FILE.read_text(encoding="utf-8"))["competences"]}


def every_added():
    for slug, langs in ADDED.items():
        for lang, words in langs.items():
            for word in words:
                yield slug, lang, word


def test_every_added_word_is_in_the_taxonomy_file():
    missing = [
        (slug, lang, word)
        for slug, lang, word in every_added()
        if word not in TAXONOMY[slug]["synonyms"].get(lang, [])
    ]
    assert missing == []
    assert sum(1 for _ in every_added()) > 1500


def test_no_added_phrasing_is_made_of_filler_words_alone():
    """Filler words ("finner", "kunder", "time") count inside a phrase, so a phrase of
    nothing else ("kundene finner ikke fram") would name a competence in any text."""
    only_filler = [
        word for _, _, word in every_added() if all(w in FILLER for w in tokens(word))
    ]
    assert only_filler == []


def test_no_added_phrasing_is_one_everyday_word():
    """Everyday single stems were removed while writing (docs/matching.md); these
    stand for the kinds that must never come back."""
    single = {stem_words(tokens(word))[0] for _, _, word in every_added() if len(tokens(word)) == 1}
    for everyday in ["bild", "tall", "nett", "kass", "lag", "ring", "bil", "barn", "system", "mål"]:
        assert everyday not in single, everyday


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
    ],
)
def test_everyday_words_name_no_competence(db, text):
    assert analyze(text, vocab.vocabulary()).concepts == []


@pytest.fixture
def before_0006(db):
    """A taxonomy as loaded before this release, with a synonym staff added."""
    for competence in Competence.objects.filter(slug__in=ADDED):
        added = ADDED[competence.slug]
        competence.synonyms = {
            lang: [w for w in words if w not in added.get(lang, [])]
            for lang, words in competence.synonyms.items()
        }
        competence.save(update_fields=["synonyms"])
    kasse = Competence.objects.get(slug="kassasystem")
    kasse.synonyms["nb"].append("kassegreia")  # staff's own
    kasse.save(update_fields=["synonyms"])
    Competence.objects.filter(slug="lorawan").delete()  # staff deleted one
    vocab.bump()
    assert "kassasystem" not in analyze("dagsoppgjør", vocab.vocabulary()).concepts


def test_0006_adds_the_words_to_an_existing_taxonomy_and_keeps_staffs(before_0006):
    MIGRATION.add_words(apps, None)
    kasse = Competence.objects.get(slug="kassasystem")
    assert "dagsoppgjør" in kasse.synonyms["nb"]
    assert "kassegreia" in kasse.synonyms["nb"]
    assert not Competence.objects.filter(slug="lorawan").exists()
    for competence in Competence.objects.filter(slug__in=ADDED):
        for lang, words in competence.synonyms.items():
            assert len({w.casefold() for w in words}) == len(words), (competence.slug, lang)
            assert set(ADDED[competence.slug].get(lang, [])) <= set(words)
    vocab.bump()
    assert "kassasystem" in analyze("Dagsoppgjøret stemmer aldri", vocab.vocabulary()).concepts


def test_0006_run_twice_adds_nothing_twice(before_0006):
    MIGRATION.add_words(apps, None)
    once = dict(Competence.objects.values_list("slug", "synonyms"))
    MIGRATION.add_words(apps, None)
    assert dict(Competence.objects.values_list("slug", "synonyms")) == once


def test_0006_backwards_takes_away_only_its_own_words(db):
    MIGRATION.remove_words(apps, None)
    kasse = Competence.objects.get(slug="kassasystem")
    assert "dagsoppgjør" not in kasse.synonyms["nb"]
    assert "betalingsterminal" in kasse.synonyms["nb"]  # in the file before 0006
    MIGRATION.add_words(apps, None)
    assert "dagsoppgjør" in Competence.objects.get(slug="kassasystem").synonyms["nb"]


def test_an_upgraded_site_finds_a_profile_by_the_new_words_after_migrate(before_0006):
    """A profile indexed before the release (old vocabulary, older ANALYSIS) holds no
    competence for "dagsoppgjør"; after the migration and a plain ``migrate`` its
    document does, and a buyer's phrasing finds it."""
    from django.core.management import call_command

    from klynge.competence.index import ANALYSIS, read_concepts
    from klynge.competence.models import SearchDocument
    from klynge.directory import documents
    from klynge.directory.models import Person

    person = Person.objects.create(
        name="Kari Lien", headline="Eg hjelper butikkar med dagsoppgjør", municipality="gol"
    )
    documents.refresh_people([person.pk])
    doc = SearchDocument.objects.get(kind="person", object_id=person.pk, audience="public")
    assert "kassasystem" not in read_concepts(doc.concepts)
    SearchDocument.objects.filter(pk=doc.pk).update(analysis=ANALYSIS - 1)

    MIGRATION.add_words(apps, None)
    vocab.bump()  # what the migration's on_commit does outside a test transaction
    call_command("migrate", verbosity=0)

    doc = SearchDocument.objects.get(kind="person", object_id=person.pk, audience="public")
    assert doc.analysis == ANALYSIS
    assert read_concepts(doc.concepts)["kassasystem"].declared
