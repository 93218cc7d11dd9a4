import json

import pytest

from klynge.competence import vocabulary
from klynge.competence.taxonomy import taxonomy_load

SMALL_TAXONOMY = {
    "version": 1,
    "categories": [
        {"slug": "web", "label": {"nb": "Nett", "nn": "Nett", "en": "Web"}},
        {"slug": "drift", "label": {"nb": "Drift", "nn": "Drift", "en": "Operations"}},
    ],
    "competences": [
        {"slug": "nettbutikk", "category": "web",
         "label": {"nb": "Nettbutikk", "nn": "Nettbutikk", "en": "Online store"},
         "synonyms": {"nb": ["netthandel", "e-handel", "selge på nett"],
                      "nn": ["nettbutikk", "selje på nett"],
                      "en": ["webshop", "e-commerce", "online shop"]},
         "related": ["betaling-pa-nett"]},
        {"slug": "betaling-pa-nett", "category": "web",
         "label": {"nb": "Betaling på nett", "nn": "Betaling på nett", "en": "Online payment"},
         "synonyms": {"nb": ["betale på nett", "nettbetaling", "Vipps"],
                      "nn": ["betala på nett"], "en": ["online payments", "card payment"]},
         "related": ["nettbutikk"]},
        {"slug": "nettside", "category": "web",
         "label": {"nb": "Nettside", "nn": "Nettstad", "en": "Website"},
         "synonyms": {"nb": ["hjemmeside", "nettsted"], "nn": ["heimeside", "nettside"],
                      "en": ["web page", "homepage"]},
         "related": []},
        {"slug": "wordpress", "category": "web",
         "label": {"nb": "WordPress", "nn": "WordPress", "en": "WordPress"},
         "synonyms": {}, "related": ["nettside"]},
        {"slug": "nettverk", "category": "drift",
         "label": {"nb": "Nettverk", "nn": "Nettverk", "en": "Networking"},
         "synonyms": {"nb": ["wifi", "trådløst nett"], "nn": ["trådlaust nett"],
                      "en": ["wireless network", "network"]},
         "related": []},
    ],
}  # fmt: skip


@pytest.fixture
def taxonomy(db, tmp_path):
    path = tmp_path / "taxonomy.json"
    path.write_text(json.dumps(SMALL_TAXONOMY), encoding="utf-8")
    taxonomy_load(path=path)
    vocabulary.bump()
    return SMALL_TAXONOMY
