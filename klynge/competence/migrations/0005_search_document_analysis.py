"""Every search document records the version of the analysis that wrote it.

Documents from before get 0, older than any version: the ``post_migrate`` step
of the directory (documents.refresh_stale_after_migrate) rewrites them with
today's analysis right after this migration.

Adding a column rebuilds an SQLite table, which drops its triggers: they go
before the column and come back after it, as in 0003.
"""

from importlib import import_module

from django.db import migrations, models

triggers = import_module("klynge.competence.migrations.0003_searchdocument_indexed")
SQLITE_AGAIN = triggers.SQLITE_DROP + triggers.SQLITE_TRIGGERS


class Migration(migrations.Migration):
    dependencies = [("competence", "0004_verbose_names")]

    operations = [
        migrations.RunPython(
            triggers._run({"sqlite": triggers.SQLITE_DROP}),
            triggers._run({"sqlite": SQLITE_AGAIN}),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="analysis",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="analysis version"),
        ),
        migrations.RunPython(
            triggers._run({"sqlite": SQLITE_AGAIN}),
            triggers._run({"sqlite": triggers.SQLITE_DROP}),
        ),
    ]
