"""Only documents with `indexed` set are in the full-text index.

A members document that says what the public one says is stored but left
out of the index (see SearchDocument). Existing documents stay indexed until
the next `manage.py reindex`, which is correct, only larger. Also drops the
index on (kind, object_id): the unique constraint's index starts with the
same columns.

On SQLite the triggers are created again, with conditions.
"""

from django.db import migrations, models

SQLITE_TRIGGERS = [
    """CREATE TRIGGER competence_fts_insert AFTER INSERT ON competence_searchdocument
        WHEN new.indexed BEGIN
        INSERT INTO competence_fts(rowid, terms) VALUES (new.id, new.terms); END""",
    """CREATE TRIGGER competence_fts_delete AFTER DELETE ON competence_searchdocument
        WHEN old.indexed BEGIN
        INSERT INTO competence_fts(competence_fts, rowid, terms) VALUES ('delete', old.id, old.terms);
        END""",
    """CREATE TRIGGER competence_fts_update AFTER UPDATE ON competence_searchdocument BEGIN
        INSERT INTO competence_fts(competence_fts, rowid, terms)
            SELECT 'delete', old.id, old.terms WHERE old.indexed;
        INSERT INTO competence_fts(rowid, terms) SELECT new.id, new.terms WHERE new.indexed; END""",
]
SQLITE_PLAIN_TRIGGERS = [  # as 0001 made them
    """CREATE TRIGGER competence_fts_insert AFTER INSERT ON competence_searchdocument BEGIN
        INSERT INTO competence_fts(rowid, terms) VALUES (new.id, new.terms); END""",
    """CREATE TRIGGER competence_fts_delete AFTER DELETE ON competence_searchdocument BEGIN
        INSERT INTO competence_fts(competence_fts, rowid, terms) VALUES ('delete', old.id, old.terms);
        END""",
    """CREATE TRIGGER competence_fts_update AFTER UPDATE ON competence_searchdocument BEGIN
        INSERT INTO competence_fts(competence_fts, rowid, terms) VALUES ('delete', old.id, old.terms);
        INSERT INTO competence_fts(rowid, terms) VALUES (new.id, new.terms); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS competence_fts_insert",
    "DROP TRIGGER IF EXISTS competence_fts_delete",
    "DROP TRIGGER IF EXISTS competence_fts_update",
]
POSTGRES_FORWARD = [
    "DROP INDEX IF EXISTS competence_searchdocument_terms",
    "CREATE INDEX competence_searchdocument_terms ON competence_searchdocument "
    "USING GIN ((terms::tsvector)) WHERE indexed",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS competence_searchdocument_terms",
    "CREATE INDEX competence_searchdocument_terms ON competence_searchdocument "
    "USING GIN ((terms::tsvector))",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("competence", "0002_index_terms_as_tsvector")]

    operations = [
        # Triggers go before the column and come back after it: adding or removing
        # a column rebuilds an SQLite table, which drops its triggers.
        migrations.RunPython(
            _run({"sqlite": SQLITE_DROP}), _run({"sqlite": SQLITE_DROP + SQLITE_PLAIN_TRIGGERS})
        ),
        migrations.RemoveIndex(model_name="searchdocument", name="competence__kind_e0bf7b_idx"),
        migrations.AddField(
            model_name="searchdocument",
            name="indexed",
            field=models.BooleanField(default=True),
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE_DROP + SQLITE_TRIGGERS, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
