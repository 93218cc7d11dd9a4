"""The buyer's own words, second round: outcomes and everyday tasks ("varsle
innbyggerne", "oversikt over nøkler", "høy strømregning") for the competences that
solve them, added to a taxonomy that was loaded before this release.

Merged as 0006 merges its words, with 0006's helpers and this migration's own list
(``synonyms_added_0007.json``): a synonym staff added stays, a competence staff
deleted is not brought back, a word already there is not added twice. A new database
gets the words from taxonomy.json. ``index.ANALYSIS`` was raised with this migration,
so the directory rewrites every search document right after ``migrate``.
"""

from importlib import import_module
from pathlib import Path

from django.db import migrations

first_round = import_module("klynge.competence.migrations.0006_buyer_words")

ADDED = Path(__file__).resolve().parent.parent / "data" / "synonyms_added_0007.json"


def added_words() -> dict[str, dict[str, list[str]]]:
    """slug -> language -> the synonyms this migration adds."""
    return first_round.added_words(ADDED)


def add_words(apps, schema_editor) -> None:
    first_round.rewrite(apps, first_round.with_words, added_words())


def remove_words(apps, schema_editor) -> None:
    first_round.rewrite(apps, first_round.without_words, added_words())


class Migration(migrations.Migration):
    dependencies = [("competence", "0006_buyer_words")]

    operations = [migrations.RunPython(add_words, remove_words)]
