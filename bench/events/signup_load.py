"""1,000 concurrent sign-ups for 100 places, against gunicorn on PostgreSQL.

    python tests/with_postgres.py .venv/bin/python bench/events/signup_load.py

or through the whole production stack (nginx with TLS, two web nodes, Redis):

    python tests/with_postgres.py python tests/with_redis.py python deploy/stack.py run \
        --gunicorn-workers 3 -- .venv/bin/python bench/events/signup_load.py

The wrapper starts a throwaway PostgreSQL and sets DATABASE_URL. This script
migrates, creates an event with 100 places and 1,000 users with ready-made
sessions, starts gunicorn on a free loopback port, fires one
``POST /api/v1/events/{id}/registrations`` per user at once from a pool of
threads, and reports: exactly 100 registered, the count of 5xx answers (must
be 0) and the p50/p95/max latency. Loopback only; every request has a timeout.
"""

from __future__ import annotations

import argparse
import functools
import http.client
import json
import os
import re
import resource
import secrets
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STACK_URL = os.environ.get("STACK_URL", "")  # set by deploy/stack.py run


def node_cpu_seconds() -> float:
    from bench.load.run import node_cpu_seconds as measure

    return measure()


def client_cpu_seconds() -> float:
    """This process's CPU time: the 1,000 client threads (and their TLS) share the cores."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def nginx_errors() -> dict[str, int]:
    """Why nginx answered 5xx, from its error log (the stack's folder): message -> count."""
    log = Path(os.environ.get("STACK_DIR", "/nonexistent")) / "nginx-error.log"
    if not log.exists():
        return {}
    counts: dict[str, int] = {}
    for line in log.read_text(errors="replace").splitlines():
        if "[error]" in line or "[crit]" in line or "[alert]" in line:
            reason = re.sub(r"^.*?\*\d+ ", "", line).split(", client:")[0]
            reason = re.sub(r"\d+\.\d+\.\d+\.\d+:\d+", "ADDR", reason)
            counts[reason] = counts.get(reason, 0) + 1
    return counts


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def setup_django(var_dir: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klynge.settings")
    os.environ["KLYNGE_VAR_DIR"] = var_dir
    os.environ["DEBUG"] = "false"
    os.environ["LOG_LEVEL"] = "WARNING"
    # Persistent connections, as in production: no new PostgreSQL connection per request.
    os.environ.setdefault("DATABASE_CONN_MAX_AGE", "60")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def sessions_for(people) -> list[tuple[str, str]]:
    """A signed-in (session, csrf) cookie pair per user, each session made where a
    sign-in puts it (with cached_db in Redis too), as a signed-in user has it."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.module_loading import import_string

    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    cookies = []
    for person in people:
        session = store()
        session[SESSION_KEY] = str(person.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = person.get_session_auth_hash()
        session.create()
        cookies.append((session.session_key, secrets.token_hex(16)))  # 32-char CSRF secret
    return cookies


def prepare(users: int, places: int, prefix: str = "bench") -> tuple[int, list[tuple[str, str]]]:
    """The event's id, and a (session, csrf) cookie pair per user."""
    from django.core.management import call_command
    from django.utils import timezone

    from klynge.accounts.models import User
    from klynge.events import services

    if not STACK_URL and prefix == "bench":  # the stack has migrated its database already
        call_command("migrate", verbosity=0)
        call_command("createcachetable", verbosity=0)
    staff = User.objects.get_or_create(email="bench-staff@example.org", is_staff=True)[0]
    start = timezone.now() + timedelta(days=7)
    event = services.event_create(
        by=staff,
        title="Benchmark",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        capacity=places,
        publish=True,
    )
    people = User.objects.bulk_create(
        [
            User(email=f"{prefix}{n}@example.org", name=f"Bench {n}", password="!")
            for n in range(users)
        ]
    )
    return event.pk, sessions_for(people)


def start_gunicorn(port: int, workers: int) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [
            str(gunicorn),
            "klynge.wsgi",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            "--backlog=2048",
            "--timeout=120",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
    )
    for _ in range(200):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/api/v1/health")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("gunicorn did not start")


@functools.cache
def tls() -> ssl.SSLContext:
    """One client context for all threads: loading the certificate 1,000 times
    would spend the cores the server needs on the client."""
    return ssl.create_default_context(cafile=os.environ["STACK_CA"])


def sign_up(port: int, event_id: int, cookie: tuple[str, str], gate: threading.Event):
    session, csrf = cookie
    gate.wait()
    began = time.perf_counter()
    try:
        if STACK_URL:
            conn = http.client.HTTPSConnection("localhost", port, timeout=120, context=tls())
            host = f"localhost:{port}"
        else:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            host = f"127.0.0.1:{port}"
        conn.request(
            "POST",
            f"/api/v1/events/{event_id}/registrations",
            body="{}",
            headers={
                "Content-Type": "application/json",
                "Cookie": f"sessionid={session}; csrftoken={csrf}",
                "X-CSRFToken": csrf,
                "Host": host,
                "Referer": f"https://{host}/",  # HTTPS: Django checks where a POST came from
            },
        )
        response = conn.getresponse()
        response.read()
        status = response.status
    except OSError:
        status = 599
    return status, time.perf_counter() - began


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--places", type=int, default=100)
    parser.add_argument("--workers", type=int, default=5, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=1000, help="client threads at once")
    parser.add_argument(
        "--warm",
        type=int,
        default=0,
        help="sign-ups of other people to another event first, one at a time, so that every "
        "web process has served the path once (a long-running node has); not counted",
    )
    args = parser.parse_args()
    if not STACK_URL and not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Run through tests/with_postgres.py (needs DATABASE_URL=postgres://...)")

    with tempfile.TemporaryDirectory(prefix="klynge-bench-") as var_dir:
        setup_django(var_dir)
        event_id, cookies = prepare(args.users, args.places)
        warm_id, warm_cookies = (0, [])
        if args.warm:
            warm_id, warm_cookies = prepare(args.warm, args.warm, prefix="warm")
        if STACK_URL:
            port, server = int(STACK_URL.rsplit(":", 1)[1]), None
        else:
            port = free_port()
            server = start_gunicorn(port, args.workers)
        try:
            warmed = threading.Event()
            warmed.set()
            for cookie in warm_cookies:
                status, _ = sign_up(port, warm_id, cookie, warmed)
                assert status == 201, f"warm-up sign-up answered {status}"
            gate = threading.Event()
            with ThreadPoolExecutor(max_workers=args.threads) as pool:
                futures = [pool.submit(sign_up, port, event_id, c, gate) for c in cookies]
                time.sleep(1)  # let every thread reach the gate
                cpu = node_cpu_seconds() if STACK_URL else 0.0
                load_before = os.getloadavg()[0]
                client_cpu = client_cpu_seconds()
                began = time.perf_counter()
                gate.set()
                results = [f.result(timeout=300) for f in futures]
                wall = time.perf_counter() - began
                client_cpu = client_cpu_seconds() - client_cpu
                cpu = (node_cpu_seconds() - cpu) if STACK_URL else 0.0
        finally:
            if server is not None:
                server.terminate()
                server.wait(timeout=30)

        from klynge.events.models import Registration

        statuses = [s for s, _ in results]
        latencies = [t * 1000 for _, t in results]
        registered = Registration.objects.confirmed().filter(event_id=event_id).count()
        waitlisted = Registration.objects.waitlisted().filter(event_id=event_id).count()
        report = {
            "requests": len(results),
            "status_counts": {str(s): statuses.count(s) for s in sorted(set(statuses))},
            "server_errors_5xx": sum(1 for s in statuses if s >= 500),
            "registered": registered,
            "waitlisted": waitlisted,
            "exactly_capacity_registered": registered == args.places,
            "latency_ms": {
                "p50": round(statistics.median(latencies), 1),
                "p95": round(percentile(latencies, 95), 1),
                "max": round(max(latencies), 1),
            },
            "wall_seconds": round(wall, 2),
            "throughput_per_second": round(len(results) / wall, 1),
            "gunicorn_workers": "the stack's" if STACK_URL else args.workers,
            # The web nodes' own CPU per sign-up (Linux /proc), steadier than the wall.
            "node_cpu_ms_per_signup": round(cpu * 1000 / len(results), 1) if STACK_URL else None,
            # The client's own CPU (1,000 threads, TLS handshakes) in the same burst.
            "client_cpu_seconds": round(client_cpu, 1),
            "warm_up_sign_ups": args.warm,
            "load_average_before_and_after": [round(load_before, 1), round(os.getloadavg()[0], 1)],
        }
        if report["server_errors_5xx"] and STACK_URL:
            report["nginx_errors"] = nginx_errors()
        print(json.dumps(report, indent=2))
        ok = report["exactly_capacity_registered"] and report["server_errors_5xx"] == 0
        ok = ok and registered + waitlisted == args.users
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
