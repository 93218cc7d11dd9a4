"""No two live bookings of one resource and seat overlap (the buffer counted).

PostgreSQL only: an exclusion constraint over a time range, which needs
btree_gist for the ``=`` on the integer columns. On SQLite both operations do
nothing; there the booking service's IMMEDIATE transaction is the guard.
"""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

ADD = """
ALTER TABLE spaces_booking ADD CONSTRAINT booking_no_overlap EXCLUDE USING gist (
    resource_id WITH =, seat WITH =, tstzrange(starts_at, held_until, '[)') WITH &&
) WHERE (cancelled_at IS NULL)
"""
DROP = "ALTER TABLE spaces_booking DROP CONSTRAINT booking_no_overlap"


def on_postgres(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("spaces", "0002_bookable_resources")]

    operations = [
        BtreeGistExtension(),
        migrations.RunPython(on_postgres(ADD), on_postgres(DROP)),
    ]
