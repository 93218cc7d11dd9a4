"""CPU per sign-up, in-process: what one ``POST /api/v1/events/{id}/registrations`` costs.

    PY=.venv/bin/python
    $PY tests/with_postgres.py $PY tests/with_redis.py $PY bench/events/signup_cpu.py
    $PY tests/with_postgres.py $PY tests/with_redis.py $PY bench/events/signup_cpu.py --profile

Production-like: ``KLYNGE_ENV=production`` (DEBUG off, secure cookies, CSRF
checked, HTTPS), the wrappers' PostgreSQL and Redis (sessions ``cached_db``,
the cache and the rate limits in Redis). Each request goes through Django's
whole handler and middleware with a ready-made session and CSRF cookie, as
``signup_load.py`` sends it, one after another (no concurrency: this measures
the cost, not the queueing).

For a seat (an event with room for everyone) and for the waitlist (an event
whose places are taken), it prints the median and p90 of the process's CPU
time per sign-up (``time.process_time``: steady on a loaded machine, unlike
the wall clock), the median wall time, the queries per sign-up, the statements the
event's lock covers and the round trips to PostgreSQL made while holding it. ``--profile``
adds cProfile's top functions for the seat case; ``--queries`` prints the SQL
of one sign-up of each kind.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import secrets
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def setup_django(var_dir: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "klynge.settings"
    os.environ.update(
        KLYNGE_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="localhost",
        SITE_URL="https://localhost",
        EMAIL_URL="console://",
        KLYNGE_VAR_DIR=var_dir,
        LOG_LEVEL="WARNING",
        DATABASE_CONN_MAX_AGE="60",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def prepare(users: int, capacity: int):
    from django.utils import timezone

    from bench.events.signup_load import sessions_for
    from klynge.accounts.models import User
    from klynge.events import services

    staff = User.objects.get_or_create(email="bench-staff@example.org", is_staff=True)[0]
    start = timezone.now() + timedelta(days=7)
    event = services.event_create(
        by=staff,
        title="Benchmark",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        capacity=capacity,
        publish=True,
    )
    first = User.objects.count()
    people = User.objects.bulk_create(
        [
            User(email=f"cpu{first + n}@example.org", name=f"Bench {n}", password="!")
            for n in range(users)
        ]
    )
    return event, sessions_for(people)


def post(client, event_id: int, cookie: tuple[str, str]):
    session, csrf = cookie
    client.cookies.clear()
    client.cookies["sessionid"] = session
    client.cookies["csrftoken"] = csrf
    return client.post(
        f"/api/v1/events/{event_id}/registrations",
        data="{}",
        content_type="application/json",
        secure=True,
        headers={"X-CSRFToken": csrf, "Referer": "https://localhost/", "Host": "localhost"},
    )


def locked(queries: list[str]) -> tuple[int, int]:
    """Statements run while the event's lock is held, and round trips between the web
    process and PostgreSQL made while holding it (from the ``FOR UPDATE`` to the commit;
    a message sent outside a transaction commits by itself, and its answer comes after)."""
    start = next((n for n, sql in enumerate(queries) if "FOR UPDATE" in sql), None)
    if start is None:
        return 0, 0
    end = next((n for n, sql in enumerate(queries) if sql == "COMMIT" and n > start), None)
    if end is None:  # one message of its own: no trip back while holding the lock
        return queries[start].count(";") + 1, 0
    return end - start + 1, end - start


def measure(client, event_id: int, cookies, expect: str, show: bool) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cpu, wall = [], []
    for cookie in cookies[1:]:
        began_cpu, began = time.process_time(), time.perf_counter()
        response = post(client, event_id, cookie)
        cpu.append((time.process_time() - began_cpu) * 1000)
        wall.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 201, (response.status_code, response.content[:300])
        assert response.json()["status"] == expect, response.content
    with CaptureQueriesContext(connection) as captured:  # one more, for its queries
        response = post(client, event_id, cookies[0])
    assert response.json()["status"] == expect, response.content
    queries = [q["sql"] for q in captured.captured_queries]
    if show:
        print(f"--- {expect}: {len(queries)} queries", file=sys.stderr)
        for sql in queries:
            print("   ", sql[:300], file=sys.stderr)
    ordered = sorted(cpu)
    return {
        "sign_ups": len(cpu),
        "cpu_ms_median": round(statistics.median(cpu), 2),
        "cpu_ms_p90": round(ordered[int(0.9 * (len(ordered) - 1))], 2),
        "wall_ms_median": round(statistics.median(wall), 2),
        "queries": len(queries),
        "statements_under_the_lock": locked(queries)[0],
        "round_trips_holding_the_lock": locked(queries)[1],
        "response_bytes": len(response.content),
        "cookies_set": sorted(response.cookies),  # a session saved or rotated would show here
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=200, help="sign-ups measured per case")
    parser.add_argument("--warm", type=int, default=20, help="sign-ups before measuring")
    parser.add_argument("--profile", action="store_true", help="cProfile the seat case")
    parser.add_argument("--queries", action="store_true", help="print one sign-up's SQL")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Run through tests/with_postgres.py (needs DATABASE_URL=postgres://...)")
    if not os.environ.get("CACHE_URL", "").startswith("redis"):
        raise SystemExit("Run through tests/with_redis.py too (needs CACHE_URL=redis://...)")

    with tempfile.TemporaryDirectory(prefix="klynge-bench-") as var_dir:
        setup_django(var_dir)
        from django.core.management import call_command
        from django.test import Client

        call_command("migrate", verbosity=0)
        call_command("createcachetable", verbosity=0)
        client = Client(enforce_csrf_checks=True)
        n = args.n + 1

        # Warm-up: imports, URL resolver, connections, the first template-free paths.
        event, cookies = prepare(args.warm, args.warm)
        first = time.process_time()
        post(client, event.pk, cookies[0])  # what a fresh gunicorn process pays once
        first = (time.process_time() - first) * 1000
        for cookie in cookies[1:]:
            post(client, event.pk, cookie)

        event, cookies = prepare(n, n)
        profile = cProfile.Profile(time.process_time) if args.profile else None  # CPU, not wall
        if profile:
            profile.enable()
        seat = measure(client, event.pk, cookies, "confirmed", args.queries)
        if profile:
            profile.disable()

        event, cookies = prepare(n + 100, 100)  # 100 places taken first, then the waitlist
        for cookie in cookies[:100]:
            post(client, event.pk, cookie)
        waitlist = measure(client, event.pk, cookies[100:], "waitlisted", args.queries)

        report = {
            "seat": seat,
            "waitlist": waitlist,
            "first_request_in_a_fresh_process_cpu_ms": round(first, 1),
            "load_average": round(os.getloadavg()[0], 1),
        }
        print(json.dumps(report, indent=2))
        if profile:
            stats = pstats.Stats(profile, stream=sys.stderr)
            stats.sort_stats("cumulative").print_stats(45)
            stats.sort_stats("tottime").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
