"""The taxonomy shipped with the platform, loaded as production loads it."""

import json

import pytest

from klynge.competence import vocabulary
from klynge.competence.models import Competence
from klynge.competence.taxonomy import DATA_FILE, taxonomy_load

DATA = json.loads(DATA_FILE.read_text(encoding="utf-8"))


def test_it_has_at_least_250_competences_named_in_three_languages():
    competences = DATA["competences"]
    assert len(competences) >= 250
    for item in competences:
        assert all(item["label"].get(lang) for lang in ("nb", "nn", "en")), item["slug"]


def test_slugs_are_unique_and_every_reference_exists():
    slugs = [c["slug"] for c in DATA["competences"]]
    categories = {c["slug"] for c in DATA["categories"]}
    assert len(slugs) == len(set(slugs))
    for item in DATA["competences"]:
        assert item["category"] in categories, item["slug"]
        assert set(item.get("related", [])) <= set(slugs), item["slug"]
        assert item["slug"] not in item.get("related", []), item["slug"]


@pytest.fixture
def shipped(db):
    taxonomy_load()
    vocabulary.bump()


def test_loading_twice_changes_nothing(shipped):
    before = Competence.objects.count()
    taxonomy_load()
    assert Competence.objects.count() == before == len(DATA["competences"])


@pytest.mark.parametrize(
    "text,area",
    [
        ("Gjestene skal kunne betale på nett", "web"),
        ("Gjestane skal kunne betala på nett", "web"),
        ("We need a webshop", "web"),
        ("Vi treng ei ny heimeside", "web"),
        ("Kontoret har tregt nett og wifi-en fell ut", None),
        ("Få orden på rekneskapen", None),
    ],
)
def test_everyday_phrasings_reach_the_taxonomy(shipped, text, area):
    concepts = vocabulary.analyze_text(text).concepts
    assert concepts, text
    if area:
        categories = set(
            Competence.objects.filter(slug__in=concepts).values_list("category__slug", flat=True)
        )
        assert any(area in c for c in categories), (text, categories)
