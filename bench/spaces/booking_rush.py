"""200 concurrent attempts to book a desk in a pool of 10 for one day, against gunicorn
on PostgreSQL, through the real booking form.

    python tests/with_postgres.py .venv/bin/python bench/spaces/booking_rush.py

The wrapper starts a throwaway PostgreSQL and sets DATABASE_URL. This script
migrates, makes a hub open on weekdays 08–16 with one pool of 10 desks and 200
users with ready-made sessions, starts gunicorn on a free loopback port (like
``bench/events/signup_load.py``, whose helpers it uses), fires one
``POST /huset/booking/bestill/`` per user at once (a whole day, the same day),
then follows each answer's redirect to read the message the person sees. It
reports: exactly 10 booked, the count of 5xx answers (must be 0), how many of
the others saw "That time is already booked" (must be all of them) and the
p50/p95/max latency. Loopback only; every request has a timeout.
"""

# ruff: noqa: E402
from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import time as clock
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.events.signup_load import (  # noqa: E402
    free_port,
    percentile,
    sessions_for,
    setup_django,
    start_gunicorn,
)

REFUSED = ("That time is already booked", "Someone else has just booked that time")


def prepare(users: int, desks: int):
    from django.core.management import call_command
    from django.utils import timezone

    from klynge.accounts.models import User
    from klynge.spaces.hours import holiday_name
    from klynge.spaces.models import OpeningHours, Place, Resource

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    place = Place.objects.create(name="Bench hub")
    for weekday in range(5):
        OpeningHours.objects.create(place=place, weekday=weekday, opens=clock(8), closes=clock(16))
    pool = Resource.objects.create(
        place=place, kind="desk", name_nb="Pultar", count=desks, who="signed_in",
        min_minutes=60, max_minutes=600, days_ahead=30,
    )  # fmt: skip
    day = timezone.localdate() + timedelta(days=2)
    while day.weekday() > 4 or holiday_name(day):
        day += timedelta(days=1)
    people = User.objects.bulk_create(
        [User(email=f"desk{n}@example.org", name=f"Desk {n}", password="!") for n in range(users)]
    )
    return pool.pk, day, sessions_for(people)


def book(port: int, form: str, cookie: tuple[str, str], gate: threading.Event):
    session, csrf = cookie
    host = f"127.0.0.1:{port}"
    cookies = f"sessionid={session}; csrftoken={csrf}; django_language=en"
    gate.wait()
    began = time.perf_counter()
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        conn.request(
            "POST", "/huset/booking/bestill/", body=f"{form}&csrfmiddlewaretoken={csrf}",
            headers={
                "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookies,
                "Host": host, "Referer": f"https://{host}/",
            },
        )  # fmt: skip
        response = conn.getresponse()
        response.read()
        status, location = response.status, response.getheader("Location", "")
        took = time.perf_counter() - began
        # The message is in the session or a cookie: read the page the person lands on.
        extra = [c.split(";")[0] for k, c in response.getheaders() if k.lower() == "set-cookie"]
        conn.request("GET", location, headers={"Cookie": "; ".join([cookies, *extra])})
        page = conn.getresponse().read().decode()
        refused = any(text in page for text in REFUSED)
    except OSError:
        status, took, location, refused = 599, time.perf_counter() - began, "", False
    return status, took, location, refused


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--desks", type=int, default=10)
    parser.add_argument("--workers", type=int, default=5, help="gunicorn workers")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Run through tests/with_postgres.py (needs DATABASE_URL=postgres://...)")
    with tempfile.TemporaryDirectory(prefix="klynge-bench-") as var_dir:
        setup_django(var_dir)
        resource_id, day, cookies = prepare(args.users, args.desks)
        form = urlencode({"resource": resource_id, "date": day.isoformat(), "part": "day"})
        port = free_port()
        server = start_gunicorn(port, args.workers)
        try:
            gate = threading.Event()
            with ThreadPoolExecutor(max_workers=args.users) as pool:
                futures = [pool.submit(book, port, form, c, gate) for c in cookies]
                time.sleep(1)  # let every thread reach the gate
                began = time.perf_counter()
                gate.set()
                results = [f.result(timeout=300) for f in futures]
                wall = time.perf_counter() - began
        finally:
            server.terminate()
            server.wait(timeout=30)

        from klynge.spaces.models import Booking

        booked = Booking.objects.live().filter(resource_id=resource_id).count()
        seats = set(Booking.objects.live().values_list("seat", flat=True))
        statuses = [r[0] for r in results]
        latencies = [r[1] * 1000 for r in results]
        succeeded = sum(1 for r in results if r[2].endswith("/huset/booking/mine/"))
        refused = sum(1 for r in results if r[3])
        report = {
            "requests": len(results),
            "status_counts": {str(s): statuses.count(s) for s in sorted(set(statuses))},
            "server_errors_5xx": sum(1 for s in statuses if s >= 500),
            "booked": booked,
            "distinct_seats": len(seats),
            "redirected_to_my_bookings": succeeded,
            "saw_the_clear_refusal": refused,
            "latency_ms": {
                "p50": round(statistics.median(latencies), 1),
                "p95": round(percentile(latencies, 95), 1),
                "max": round(max(latencies), 1),
            },
            "wall_seconds": round(wall, 2),
            "gunicorn_workers": args.workers,
        }
        print(json.dumps(report, indent=2))
        ok = booked == succeeded == len(seats) == args.desks
        ok = ok and report["server_errors_5xx"] == 0 and refused == args.users - args.desks
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
