"""Loading the competence taxonomy shipped in data/taxonomy.json."""

from __future__ import annotations

import json
from pathlib import Path

from django.db import transaction

from klynge.competence import vocabulary
from klynge.competence.models import Category, Competence

DATA_FILE = Path(__file__).resolve().parent / "data" / "taxonomy.json"


@transaction.atomic
def taxonomy_load(*, path: Path = DATA_FILE) -> tuple[int, int]:
    """Create or update every category and competence in the file; returns their counts.

    Competences that staff added in the admin and that are not in the file stay.
    """
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    categories = {}
    for item in data["categories"]:
        labels = {f"label_{lang}": text for lang, text in item["label"].items()}
        categories[item["slug"]], _ = Category.objects.update_or_create(
            slug=item["slug"], defaults=labels
        )
    competences = {}
    for item in data["competences"]:
        defaults = {f"label_{lang}": text for lang, text in item["label"].items()}
        defaults.update(category=categories[item["category"]], synonyms=item.get("synonyms", {}))
        competences[item["slug"]], _ = Competence.objects.update_or_create(
            slug=item["slug"], defaults=defaults
        )
    for item in data["competences"]:
        related = [competences[slug] for slug in item.get("related", []) if slug in competences]
        competences[item["slug"]].related.set(related)
    transaction.on_commit(vocabulary.bump)
    return len(categories), len(competences)
