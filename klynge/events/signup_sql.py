"""A first sign-up on PostgreSQL in one round trip: the event's lock is held for
the database's own work only, never across a trip back to a web process.

Why: 1,000 people signing up at once queue on the event's row lock, one after
the other, so the time the lock is held is what they wait for. With the ORM the
lock was held across five trips to the web process and back (lock, count, row,
claim, commit); on a busy machine every trip waits for the process to be given a
core again, and 1,000 sign-ups took 30 s however cheap each was in CPU.

How: one query message of two statements, sent outside any transaction, which
PostgreSQL runs as one transaction: the first takes the event's row lock (the
same ``FOR UPDATE`` as ``services.lock_event``, so it queues with every other
sign-up, cancellation and edit); the second starts after the lock is granted, so
under READ COMMITTED it sees every sign-up committed before (a single statement
could not: its snapshot would predate the wait). It checks the fresh row is open
for sign-up, counts the places and the line, inserts the registration and claims
its email, all or nothing. If the fresh row is no longer open (closed, cancelled,
audience changed), nothing is written and the caller takes the ORM path, which
gives the right error.

Only for a person without a registration for the event (a cancelled one is taken
up again by the ORM path) and only with client-side binding (Django's default
for psycopg; server-side binding cannot send two statements in one message).
"""

from __future__ import annotations

import contextlib

from django.db import connection, transaction
from django.utils import timezone

from klynge.events.models import Event, Notification, Registration

Status = Registration.Status
Kind = Notification.Kind

SQL = """
SELECT 1 FROM {event} WHERE id = %(event)s FOR UPDATE;
WITH fresh AS (
    SELECT id, capacity FROM {event}
    WHERE id = %(event)s AND status = %(published)s AND audience = %(audience)s
      AND (registration_opens_at IS NULL OR registration_opens_at <= %(now)s)
      AND %(now)s < COALESCE(registration_closes_at, starts_at)
), counts AS (
    SELECT count(*) FILTER (WHERE status = %(confirmed)s) AS taken,
           count(*) FILTER (WHERE status = %(waitlisted)s) AS waiting,
           COALESCE(max(waitlist_position), 0) AS last
    FROM {registration} WHERE event_id = %(event)s
), decided AS (
    SELECT fresh.id, counts.waiting, counts.last,
           fresh.capacity IS NULL OR counts.taken < fresh.capacity AS seat
    FROM fresh, counts
), placed AS (
    INSERT INTO {registration} (
        event_id, user_id, name, email, language, status, waitlist_position,
        dietary_needs, accessibility_needs, show_publicly, is_walk_in, anonymised,
        attempt, attended_at, created_at, confirmed_at, cancelled_at
    )
    SELECT id, %(user)s, %(name)s, %(email)s, %(language)s,
           CASE WHEN seat THEN %(confirmed)s ELSE %(waitlisted)s END,
           CASE WHEN seat THEN NULL ELSE last + 1 END,
           %(dietary)s, %(accessibility)s, %(show)s, false, false,
           1, NULL, %(now)s, CASE WHEN seat THEN %(now)s::timestamptz END, NULL
    FROM decided
    RETURNING id, status, waitlist_position
), claimed AS (
    INSERT INTO {notification} (registration_id, kind, version, sent_at, queued_at)
    SELECT id, CASE WHEN status = %(confirmed)s THEN %(kind_confirmed)s
                    ELSE %(kind_waitlisted)s END, 1, %(now)s, NULL
    FROM placed
    RETURNING id, registration_id, kind
)
SELECT placed.id, placed.status, placed.waitlist_position, claimed.id, claimed.kind,
       decided.waiting + 1
FROM placed JOIN claimed ON claimed.registration_id = placed.id, decided
"""


def usable() -> bool:
    """Whether this connection can send the two statements as one message."""
    return connection.vendor == "postgresql" and not connection.settings_dict.get(
        "OPTIONS", {}
    ).get("server_side_binding")


def place_new(*, event: Event, registration: Registration) -> tuple[Registration, int, str] | None:
    """Insert ``registration`` (new, unsaved, its answers filled in) with a place or the
    next place in line, and claim its email. Returns the saved registration, the claim's
    id and kind; None, having written nothing, if the fresh event row is not open.
    A second sign-up of the same person meets the unique constraint (IntegrityError)."""
    now = timezone.now()
    query = SQL.format(
        event=Event._meta.db_table,
        registration=Registration._meta.db_table,
        notification=Notification._meta.db_table,
    )
    params = {
        "event": event.pk,
        "published": Event.Status.PUBLISHED,
        "audience": event.audience,
        "now": now,
        "confirmed": Status.CONFIRMED,
        "waitlisted": Status.WAITLISTED,
        "kind_confirmed": Kind.CONFIRMED,
        "kind_waitlisted": Kind.WAITLISTED,
        "user": registration.user_id,
        "name": registration.name,
        "email": registration.email,
        "language": registration.language,
        "dietary": registration.dietary_needs,
        "accessibility": registration.accessibility_needs,
        "show": registration.show_publicly,
    }
    # Inside a caller's transaction, a savepoint keeps a refused insert from breaking it;
    # outside one (the API), none: the message is its own transaction.
    inside = transaction.atomic() if connection.in_atomic_block else contextlib.nullcontext()
    with inside, connection.cursor() as cursor:
        cursor.execute(query, params)
        cursor.nextset()  # past the lock's own row
        row = cursor.fetchone()
    if row is None:
        return None
    pk, status, position, claim_id, kind, place_in_line = row
    registration.pk, registration.status, registration.waitlist_position = pk, status, position
    registration.created_at = now
    registration.confirmed_at = now if status == Status.CONFIRMED else None
    registration._state.adding, registration._state.db = False, connection.alias
    if status == Status.WAITLISTED:
        registration.known_place_in_line = place_in_line
    return registration, claim_id, kind
