"""The taxonomy is there after a plain `migrate` (and after every flush), and an import
that maps skills refuses to run against an empty one."""

import json
import os
import sqlite3
import subprocess
import sys

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import DEFAULT_DB_ALIAS
from django.utils import translation

from klynge.competence.models import Category, Competence, SearchDocument
from klynge.competence.taxonomy import DATA_FILE, taxonomy_fill_if_empty, taxonomy_load
from klynge.core.errors import Invalid
from klynge.directory.imports.members import import_members, people_import
from klynge.directory.imports.records import PersonRecord
from klynge.directory.models import Company, Person, PersonSkill

DATA = json.loads(DATA_FILE.read_text(encoding="utf-8"))


def related_pairs() -> set[tuple[str, str]]:
    return set(
        Competence.related.through.objects.values_list(
            "from_competence__slug", "to_competence__slug"
        )
    )


def assert_whole_taxonomy() -> None:
    assert Category.objects.count() == len(DATA["categories"])
    assert set(Competence.objects.values_list("slug", flat=True)) == {
        item["slug"] for item in DATA["competences"]
    }
    python = Competence.objects.get(slug="python")
    assert (python.label_nb, python.category.slug) == ("Python", "utvikling")


def test_the_test_database_was_migrated_with_the_taxonomy(db):
    assert_whole_taxonomy()


def test_the_fill_gives_what_load_taxonomy_gives(db):
    filled = related_pairs()
    assert len(filled) > 500
    taxonomy_load()
    assert related_pairs() == filled
    assert_whole_taxonomy()


def test_the_fill_leaves_a_taxonomy_with_rows_alone(db):
    Competence.objects.filter(slug="python").update(label_nb="Python (endret av staben)")
    Competence.objects.filter(slug="wordpress").delete()
    assert not taxonomy_fill_if_empty(apps=apps, using=DEFAULT_DB_ALIAS)
    assert Competence.objects.get(slug="python").label_nb == "Python (endret av staben)"
    assert not Competence.objects.filter(slug="wordpress").exists()


def test_an_emptied_taxonomy_is_filled_again_keeping_its_categories(db):
    Competence.objects.all().delete()
    Category.objects.filter(slug="utvikling").update(label_nb="Utvikling (egen)")
    assert taxonomy_fill_if_empty(apps=apps, using=DEFAULT_DB_ALIAS)
    assert_whole_taxonomy()
    assert Category.objects.get(slug="utvikling").label_nb == "Utvikling (egen)"


def test_a_flush_loads_it_again(transactional_db):
    """What runs between transactional tests: every test starts with the taxonomy."""
    call_command("flush", interactive=False, verbosity=0)
    assert_whole_taxonomy()


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="a fresh database in a file; on PostgreSQL the test database itself shows it",
)
def test_plain_migrate_of_a_new_database_loads_it(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CACHE_URL"}}
    env |= {"KLYNGE_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "klynge.settings"}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    done = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(tmp_path / "klynge.sqlite3") as db:
        (competences,) = db.execute("SELECT count(*) FROM competence_competence").fetchone()
        (categories,) = db.execute("SELECT count(*) FROM competence_category").fetchone()
    assert (categories, competences) == (len(DATA["categories"]), len(DATA["competences"]))


# An import into an empty taxonomy is refused before it reads a line.

KARI = {
    "kind": "person",
    "external_id": "p-017",
    "name": "Kari Haugen",
    "municipality": "gol",
    "skills": [{"name": "Python", "level": 4}],
}


@pytest.fixture
def emptied(db):
    Competence.objects.all().delete()
    Category.objects.all().delete()


@pytest.fixture
def members_file(tmp_path):
    path = tmp_path / "members.jsonl"
    path.write_text(json.dumps(KARI) + "\n", encoding="utf-8")
    return path


def test_an_import_into_an_empty_taxonomy_is_refused(emptied, members_file):
    documents = SearchDocument.objects.count()
    with pytest.raises(Invalid, match="The list of competences is empty"):
        import_members(members_file)
    with pytest.raises(Invalid, match="nothing was imported"):
        import_members(members_file, dry_run=True)
    with pytest.raises(Invalid):
        record = PersonRecord(
            line=1, external_id="p-1", fields={"name": "Ola"}, employer="", member=False,
            skills=[("Python", 3)],
        )  # fmt: skip
        people_import(records=[record], employers={})
    assert not Person.objects.exists() and not PersonSkill.objects.exists()
    assert not Company.objects.exists()
    assert SearchDocument.objects.count() == documents


def test_the_command_says_why_in_norwegian(emptied, members_file):
    with translation.override("nb"), pytest.raises(CommandError, match="Kompetanselisten er tom"):
        call_command("import_members", str(members_file), "--no-progress")
    assert not Person.objects.exists()


def test_with_the_taxonomy_the_same_file_imports_and_maps_the_skill(db, members_file):
    summary = import_members(members_file)
    assert summary.created == 1
    skill = PersonSkill.objects.get(person__external_id="p-017")
    assert skill.competence.slug == "python"
