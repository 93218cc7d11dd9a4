"""The buyer's own words (issue 13): synonyms in the words of people who do not know
the competence's name, added to a taxonomy that was loaded before this release.

A new database gets them from taxonomy.json (``taxonomy.fill_after_migrate`` runs after
every migration). A database whose taxonomy was loaded earlier gets them here, merged
into what it has: a synonym staff added stays, a competence staff deleted is not
brought back, a word already there is not added twice. ``load_taxonomy`` would give
the same words but also undo staff's edits.

The search documents hold the competences their text names, so ``index.ANALYSIS`` was
raised with this migration: the directory rewrites every document right after
``migrate`` (``documents.refresh_stale_after_migrate``).
"""

import json
from pathlib import Path

from django.db import migrations, transaction

ADDED = Path(__file__).resolve().parent.parent / "data" / "synonyms_added_0006.json"


def added_words(path: Path = ADDED) -> dict[str, dict[str, list[str]]]:
    """slug -> language -> the synonyms this migration (or a later one that reuses these
    helpers, with its own ``path``) adds."""
    return json.loads(path.read_text(encoding="utf-8"))["added"]


def _bump_after_commit() -> None:
    from klynge.competence.taxonomy import _bump_if_cache_ready  # noqa: PLC0415

    transaction.on_commit(_bump_if_cache_ready)


def rewrite(apps, edit, added: dict[str, dict[str, list[str]]]) -> None:
    """Each competence in ``added``, its synonyms of each language passed through
    ``edit(have, words)`` (``have`` as stored, ``words`` the migration's); saved where
    they changed. Migration 0007 reuses it with its own list."""
    competence_model = apps.get_model("competence", "Competence")
    changed = []
    for competence in competence_model.objects.filter(slug__in=added):
        synonyms = {lang: list(words) for lang, words in (competence.synonyms or {}).items()}
        for lang, words in added[competence.slug].items():
            synonyms[lang] = edit(synonyms.get(lang, []), words)
        if synonyms != competence.synonyms:
            competence.synonyms = synonyms
            changed.append(competence)
    competence_model.objects.bulk_update(changed, ["synonyms"], batch_size=200)
    if changed:
        _bump_after_commit()


def with_words(have: list[str], words: list[str]) -> list[str]:
    seen = {word.casefold() for word in have}
    return have + [word for word in words if word.casefold() not in seen]


def without_words(have: list[str], words: list[str]) -> list[str]:
    gone = {word.casefold() for word in words}
    return [word for word in have if word.casefold() not in gone]


def add_words(apps, schema_editor) -> None:
    rewrite(apps, with_words, added_words())


def remove_words(apps, schema_editor) -> None:
    rewrite(apps, without_words, added_words())


class Migration(migrations.Migration):
    dependencies = [("competence", "0005_search_document_analysis")]

    operations = [migrations.RunPython(add_words, remove_words)]
