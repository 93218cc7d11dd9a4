"""Each participant's first place, kept by the database.

``events_guestfirstplace`` holds, for every guest address (a registration
without an account, ``email_key`` not empty), and ``events_accountfirstplace``
for every account, when the first published event they held a confirmed place
at starts. Triggers keep both: any insert, delete or update of a registration
that held or holds a confirmed place, and any change of a published event's
start or status, recompute the rows of the people concerned from the
registrations themselves (never by adding or subtracting, so a row is always
what a fresh count would say). The tables are filled here from the
registrations already there.

On PostgreSQL one person is recomputed at a time under a transaction-level
advisory lock on them: a writer waits for the one before it to commit, and
each statement after the lock takes a new snapshot (READ COMMITTED), so two
sign-ups, or a sign-up and a cancellation, at the same moment still leave the
true first place. SQLite has one writer at a time.

Adding or removing a column of ``events_registration`` or ``events_event`` on
SQLite rebuilds the table and drops its triggers: such a migration must create
them again (``tests/events/test_first_places.py`` fails if they are missing).
"""

from django.db import migrations, models

# Who a registration row is, for each kind of participant: the table kept, its
# key, the rows of that kind (``{row}`` is NEW, OLD or r), how a registration
# matches a key ``{key}``, and which keys get no row.
KINDS = {
    "guest": {
        "table": "events_guestfirstplace",
        "column": "email_key",
        "sql_type": "varchar",
        "row": "{row}.user_id IS NULL",
        "match": "r.email_key = {key} AND r.user_id IS NULL",
        "kept": "{key} <> ''",
    },
    "account": {
        "table": "events_accountfirstplace",
        "column": "user_id",
        "sql_type": "bigint",
        "row": "{row}.user_id IS NOT NULL",
        "match": "r.user_id = {key}",
        "kept": "{key} IS NOT NULL",
    },
}
PLACE = "r.status = 'confirmed' AND e.status = 'published'"


def first_of(kind: str, key: str, only_if: str = "TRUE") -> str:
    """SELECT the key and its first place, no row when it has none (or when
    ``only_if`` is false)."""
    k = KINDS[kind]
    return f"""
        SELECT k, first_at FROM (
            SELECT {key} AS k, MIN(e.starts_at) AS first_at
            FROM events_registration r JOIN events_event e ON e.id = r.event_id
            WHERE {k["match"].format(key=key)} AND {PLACE}
        ) AS first_place
        WHERE first_at IS NOT NULL AND {k["kept"].format(key="k")} AND {only_if}"""


def sqlite_refresh(kind: str, key: str, only_if: str = "TRUE") -> str:
    """The key's row from the truth; nothing at all when ``only_if`` is false."""
    k = KINDS[kind]
    return f"""
        DELETE FROM {k["table"]} WHERE {k["column"]} = {key} AND {only_if};
        INSERT INTO {k["table"]} ({k["column"]}, starts_at) {first_of(kind, key, only_if)};"""


def sqlite_triggers(kind: str) -> list[str]:
    k = KINDS[kind]
    held = k["row"] + " AND {row}.status = 'confirmed'"
    new, old = held.format(row="NEW"), held.format(row="OLD")
    name = f"events_{kind}_first"
    column = k["column"]
    return [
        f"""CREATE TRIGGER {name}_insert AFTER INSERT ON events_registration WHEN {new}
            BEGIN {sqlite_refresh(kind, f"NEW.{column}")} END""",
        f"""CREATE TRIGGER {name}_delete AFTER DELETE ON events_registration WHEN {old}
            BEGIN {sqlite_refresh(kind, f"OLD.{column}")} END""",
        f"""CREATE TRIGGER {name}_update AFTER UPDATE ON events_registration
            WHEN ({old} OR {new})
             AND (OLD.status IS NOT NEW.status OR OLD.email IS NOT NEW.email
                  OR OLD.user_id IS NOT NEW.user_id OR OLD.event_id IS NOT NEW.event_id)
            -- OLD's key recomputed from the truth covers NEW's when they are the same.
            BEGIN {sqlite_refresh(kind, f"OLD.{column}")}
                  {sqlite_refresh(kind, f"NEW.{column}", f"NEW.{column} IS NOT OLD.{column}")}
            END""",
        # An event moved, published, unpublished or cancelled: its people's rows.
        f"""CREATE TRIGGER {name}_event AFTER UPDATE ON events_event
            WHEN (OLD.status = 'published' OR NEW.status = 'published')
             AND (OLD.starts_at IS NOT NEW.starts_at OR OLD.status IS NOT NEW.status)
            BEGIN
            DELETE FROM {k["table"]} WHERE {column} IN (
                SELECT r.{column} FROM events_registration r
                WHERE r.event_id = NEW.id AND {k["row"].format(row="r")}
                  AND r.status = 'confirmed');
            INSERT INTO {k["table"]} ({column}, starts_at)
            SELECT r.{column}, MIN(e.starts_at)
            FROM events_registration r JOIN events_event e ON e.id = r.event_id
            WHERE {k["row"].format(row="r")} AND {PLACE} AND r.{column} IN (
                SELECT r.{column} FROM events_registration r
                WHERE r.event_id = NEW.id AND {k["row"].format(row="r")}
                  AND r.status = 'confirmed' AND {k["kept"].format(key=f"r.{column}")})
            GROUP BY r.{column};
            END""",
    ]


def postgres_refresh(kind: str) -> str:
    k = KINDS[kind]
    return f"""CREATE FUNCTION events_{kind}_first_refresh(key {k["sql_type"]}) RETURNS void
    LANGUAGE plpgsql AS $$
    BEGIN
        IF key IS NULL OR NOT ({k["kept"].format(key="key")}) THEN
            RETURN;
        END IF;
        PERFORM pg_advisory_xact_lock(hashtext('{k["table"]}'), hashtext(key::text));
        DELETE FROM {k["table"]} WHERE {k["column"]} = key;
        INSERT INTO {k["table"]} ({k["column"]}, starts_at) {first_of(kind, "key")};
    END $$"""


POSTGRES_FORWARD = [
    postgres_refresh("guest"),
    postgres_refresh("account"),
    """CREATE FUNCTION events_first_places_registration() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE
        old_key varchar;
        new_key varchar;
        old_user bigint;
        new_user bigint;
    BEGIN
        IF TG_OP <> 'INSERT' AND OLD.status = 'confirmed' THEN
            old_key := CASE WHEN OLD.user_id IS NULL THEN OLD.email_key END;
            old_user := OLD.user_id;
        END IF;
        IF TG_OP <> 'DELETE' AND NEW.status = 'confirmed' THEN
            new_key := CASE WHEN NEW.user_id IS NULL THEN NEW.email_key END;
            new_user := NEW.user_id;
        END IF;
        -- Two people of a kind are always locked in the same order.
        PERFORM events_guest_first_refresh(LEAST(old_key, new_key));
        IF old_key IS DISTINCT FROM new_key THEN
            PERFORM events_guest_first_refresh(GREATEST(old_key, new_key));
        END IF;
        PERFORM events_account_first_refresh(LEAST(old_user, new_user));
        IF old_user IS DISTINCT FROM new_user THEN
            PERFORM events_account_first_refresh(GREATEST(old_user, new_user));
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION events_first_places_event() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE
        key varchar;
        account bigint;
    BEGIN
        FOR key IN
            SELECT DISTINCT email_key FROM events_registration
            WHERE event_id = NEW.id AND user_id IS NULL AND status = 'confirmed'
            ORDER BY 1
        LOOP
            PERFORM events_guest_first_refresh(key);
        END LOOP;
        FOR account IN
            SELECT DISTINCT user_id FROM events_registration
            WHERE event_id = NEW.id AND user_id IS NOT NULL AND status = 'confirmed'
            ORDER BY 1
        LOOP
            PERFORM events_account_first_refresh(account);
        END LOOP;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER events_first_places_insert_delete
    AFTER INSERT OR DELETE ON events_registration FOR EACH ROW
    EXECUTE FUNCTION events_first_places_registration()""",
    """CREATE TRIGGER events_first_places_update AFTER UPDATE ON events_registration
    FOR EACH ROW
    WHEN ((OLD.status = 'confirmed' OR NEW.status = 'confirmed')
          AND (OLD.status, OLD.email, OLD.user_id, OLD.event_id)
              IS DISTINCT FROM (NEW.status, NEW.email, NEW.user_id, NEW.event_id))
    EXECUTE FUNCTION events_first_places_registration()""",
    """CREATE TRIGGER events_first_places_event AFTER UPDATE ON events_event
    FOR EACH ROW
    WHEN ((OLD.status = 'published' OR NEW.status = 'published')
          AND (OLD.starts_at, OLD.status) IS DISTINCT FROM (NEW.starts_at, NEW.status))
    EXECUTE FUNCTION events_first_places_event()""",
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS events_first_places_event ON events_event",
    "DROP TRIGGER IF EXISTS events_first_places_update ON events_registration",
    "DROP TRIGGER IF EXISTS events_first_places_insert_delete ON events_registration",
    "DROP FUNCTION IF EXISTS events_first_places_event()",
    "DROP FUNCTION IF EXISTS events_first_places_registration()",
    "DROP FUNCTION IF EXISTS events_guest_first_refresh(varchar)",
    "DROP FUNCTION IF EXISTS events_account_first_refresh(bigint)",
]
SQLITE_FORWARD = sqlite_triggers("guest") + sqlite_triggers("account")
SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS events_{kind}_first_{when}"
    for kind in KINDS
    for when in ("insert", "delete", "update", "event")
]


def fill(kind: str) -> str:
    k = KINDS[kind]
    return f"""
        INSERT INTO {k["table"]} ({k["column"]}, starts_at)
        SELECT r.{k["column"]}, MIN(e.starts_at)
        FROM events_registration r JOIN events_event e ON e.id = r.event_id
        WHERE {k["row"].format(row="r")} AND {PLACE} AND {k["kept"].format(key=f"r.{k['column']}")}
        GROUP BY r.{k["column"]}"""


FILL = [fill("guest"), fill("account")]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("events", "0008_registration_email_key")]

    operations = [
        migrations.CreateModel(
            name="GuestFirstPlace",
            fields=[
                (
                    "email_key",
                    models.CharField(
                        max_length=254,
                        primary_key=True,
                        serialize=False,
                        verbose_name="email as compared",
                    ),
                ),
                (
                    "starts_at",
                    models.DateTimeField(db_index=True, verbose_name="start of the first event"),
                ),
            ],
            options={
                "verbose_name": "first place of a guest",
                "verbose_name_plural": "first places of guests",
            },
        ),
        migrations.CreateModel(
            name="AccountFirstPlace",
            fields=[
                (
                    "user_id",
                    models.BigIntegerField(
                        primary_key=True, serialize=False, verbose_name="account"
                    ),
                ),
                (
                    "starts_at",
                    models.DateTimeField(db_index=True, verbose_name="start of the first event"),
                ),
            ],
            options={
                "verbose_name": "first place of an account",
                "verbose_name_plural": "first places of accounts",
            },
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD + FILL, "postgresql": POSTGRES_FORWARD + FILL}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
