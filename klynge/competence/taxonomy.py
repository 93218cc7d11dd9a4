"""Loading the competence taxonomy shipped in data/taxonomy.json."""

from __future__ import annotations

import functools
import json
from pathlib import Path

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS, DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.competence import vocabulary
from klynge.competence.models import Category, Competence
from klynge.core.bulk import insert_rows
from klynge.core.errors import Invalid

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


def taxonomy_fill_if_empty(*, apps, using: str, path: Path = DATA_FILE) -> bool:
    """Load the file into an empty taxonomy, in a few bulk queries; True if it did.

    ``insert_rows`` rather than ``bulk_create``: this runs after every flush in the
    tests, and bulk_create took 0.4 s for the 1,400 rows.

    Runs after every ``migrate`` and ``flush`` (``CompetenceConfig.ready``), with the
    migration state's models, so it works whatever migration the app is at and
    never touches a taxonomy that has rows: ``load_taxonomy`` updates one.
    """
    try:
        category_model = apps.get_model("competence", "Category")
        competence_model = apps.get_model("competence", "Competence")
    except LookupError:  # the app is migrated back to zero
        return False
    if using != DEFAULT_DB_ALIAS or competence_model.objects.using(using).exists():
        return False  # (the project has one database; insert_rows writes to it)
    data = _read(str(path), Path(path).stat().st_mtime_ns)
    with transaction.atomic(using=using):
        category_model.objects.using(using).bulk_create(
            [category_model(slug=item["slug"], **_labels(item)) for item in data["categories"]],
            ignore_conflicts=True,  # categories may outlive their competences
        )
        category_ids = dict(category_model.objects.using(using).values_list("slug", "id"))
        now = timezone.now()
        insert_rows(
            competence_model,
            (
                {
                    "slug": item["slug"],
                    "category_id": category_ids[item["category"]],
                    "synonyms": item.get("synonyms", {}),
                    **_labels(item),
                }
                for item in data["competences"]
            ),
            now=now,
        )
        ids = dict(competence_model.objects.using(using).values_list("slug", "id"))
        insert_rows(
            competence_model.related.through,
            (
                {"from_competence_id": a, "to_competence_id": b}
                for a, b in sorted(_related_pairs(data["competences"], ids))
            ),
            now=now,
        )
        transaction.on_commit(_bump_if_cache_ready, using=using)
    return True


def _related_pairs(competences: list[dict], ids: dict[str, int]) -> set[tuple[int, int]]:
    """The rows of the symmetrical ``related`` table that ``taxonomy_load`` leaves: it sets
    each competence's list in file order, and setting one drops the other's links to it."""
    links: dict[int, set[int]] = {}
    for item in competences:
        this = ids[item["slug"]]
        new = {ids[slug] for slug in item.get("related", []) if slug in ids}
        old = links.setdefault(this, set())
        for other in old - new:
            links[other].discard(this)
        for other in new - old:
            links.setdefault(other, set()).add(this)
        links[this] = set(new)
    return {(a, b) for a, others in links.items() for b in others}


@functools.lru_cache(maxsize=2)
def _read(path: str, mtime: int) -> dict:
    """The file, parsed once per process and change (tests fill after every flush)."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _labels(item: dict) -> dict[str, str]:
    return {f"label_{lang}": text for lang, text in item["label"].items()}


def _bump_if_cache_ready() -> None:
    """Processes with an empty vocabulary build it anew. On a first ``migrate`` the
    database cache's table does not exist yet; no process has a vocabulary then."""
    try:
        with transaction.atomic():
            vocabulary.bump()
    except DatabaseError:
        pass


def fill_after_migrate(sender, *, using, apps=global_apps, **kwargs) -> None:
    """post_migrate: after every ``migrate``, and every ``flush`` (which the tests run
    after each transactional test), an empty taxonomy is loaded from the data file.
    ``migrate`` sends the migration state's models; ``flush`` sends none."""
    taxonomy_fill_if_empty(apps=apps, using=using)


def taxonomy_require() -> None:
    """Refuse work that maps skills to competences while the taxonomy is empty: every
    skill would be stored without its competence and matching would quietly get worse."""
    if not Competence.objects.exists():
        raise Invalid(
            _(
                "The list of competences is empty, so skills cannot be matched. "
                "Run 'manage.py migrate' or 'manage.py load_taxonomy' first; nothing was imported."
            )
        )
