import django.db.models.deletion
from django.db import migrations, models

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE competence_fts USING fts5(
        terms, content='competence_searchdocument', content_rowid='id',
        tokenize="unicode61 remove_diacritics 0")""",
    """CREATE TRIGGER competence_fts_insert AFTER INSERT ON competence_searchdocument BEGIN
        INSERT INTO competence_fts(rowid, terms) VALUES (new.id, new.terms); END""",
    """CREATE TRIGGER competence_fts_delete AFTER DELETE ON competence_searchdocument BEGIN
        INSERT INTO competence_fts(competence_fts, rowid, terms) VALUES ('delete', old.id, old.terms);
        END""",
    """CREATE TRIGGER competence_fts_update AFTER UPDATE ON competence_searchdocument BEGIN
        INSERT INTO competence_fts(competence_fts, rowid, terms) VALUES ('delete', old.id, old.terms);
        INSERT INTO competence_fts(rowid, terms) VALUES (new.id, new.terms); END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS competence_fts_insert",
    "DROP TRIGGER IF EXISTS competence_fts_delete",
    "DROP TRIGGER IF EXISTS competence_fts_update",
    "DROP TABLE IF EXISTS competence_fts",
]
POSTGRES_FORWARD = [
    """ALTER TABLE competence_searchdocument ADD COLUMN vector tsvector
        GENERATED ALWAYS AS (to_tsvector('simple', terms)) STORED""",
    "CREATE INDEX competence_searchdocument_vector ON competence_searchdocument USING GIN (vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS competence_searchdocument_vector",
    "ALTER TABLE competence_searchdocument DROP COLUMN IF EXISTS vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Category",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("label_nb", models.CharField(max_length=120, verbose_name="name (bokmål)")),
                ("label_nn", models.CharField(max_length=120, verbose_name="name (nynorsk)")),
                ("label_en", models.CharField(max_length=120, verbose_name="name (English)")),
                ("slug", models.SlugField(unique=True)),
            ],
            options={"verbose_name": "competence category", "verbose_name_plural": "competence categories", "ordering": ["label_nb"]},
        ),
        migrations.CreateModel(
            name="Competence",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("label_nb", models.CharField(max_length=120, verbose_name="name (bokmål)")),
                ("label_nn", models.CharField(max_length=120, verbose_name="name (nynorsk)")),
                ("label_en", models.CharField(max_length=120, verbose_name="name (English)")),
                ("slug", models.SlugField(max_length=80, unique=True)),
                ("synonyms", models.JSONField(blank=True, default=dict, help_text='Other words for it, by language: {"nb": [...], "nn": [...], "en": [...]}', verbose_name="synonyms")),
                ("category", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="competences", to="competence.category")),
                ("related", models.ManyToManyField(blank=True, to="competence.competence", verbose_name="related competences")),
            ],
            options={"verbose_name": "competence", "verbose_name_plural": "competences", "ordering": ["label_nb"]},
        ),
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(choices=[("person", "person"), ("company", "company")], max_length=8)),
                ("object_id", models.BigIntegerField()),
                ("audience", models.CharField(choices=[("public", "everyone"), ("members", "members")], max_length=8)),
                ("terms", models.TextField()),
                ("length", models.PositiveIntegerField(default=0)),
                ("concepts", models.JSONField(default=list)),
            ],
            options={
                "indexes": [models.Index(fields=["kind", "object_id"], name="competence__kind_e0bf7b_idx")],
                "constraints": [models.UniqueConstraint(models.F("kind"), models.F("object_id"), models.F("audience"), name="searchdocument_one_per_audience")],
            },
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
