"""PostgreSQL: index the terms as they are, instead of a generated tsvector column.

`terms` is already the analyzer's tokens separated by spaces, so the cast
`terms::tsvector` gives the same lexemes as `to_tsvector('simple', terms)`
at half the cost, and without positions, which nothing reads since the score
moved to Python. Without the column every row is about 700 bytes shorter,
so a search reads fewer pages and an import writes less. SQLite keeps its
FTS5 table.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    "DROP INDEX IF EXISTS competence_searchdocument_vector",
    "ALTER TABLE competence_searchdocument DROP COLUMN IF EXISTS vector",
    "CREATE INDEX competence_searchdocument_terms ON competence_searchdocument "
    "USING GIN ((terms::tsvector))",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS competence_searchdocument_terms",
    """ALTER TABLE competence_searchdocument ADD COLUMN vector tsvector
        GENERATED ALWAYS AS (to_tsvector('simple', terms)) STORED""",
    "CREATE INDEX competence_searchdocument_vector ON competence_searchdocument USING GIN (vector)",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("competence", "0001_initial")]

    operations = [migrations.RunPython(_run(POSTGRES_FORWARD), _run(POSTGRES_BACKWARD))]
