"""CPU per signed-in answer, in-process, under production settings: the steady figure.

    PY=.venv/bin/python
    $PY tests/with_postgres.py $PY tests/with_redis.py $PY bench/load/inprocess.py
    $PY tests/with_postgres.py $PY tests/with_redis.py $PY bench/load/inprocess.py --profile

Wall-clock figures through the stack (bench/load/run.py) move with whatever else
runs on the machine; the CPU one web process spends on one answer moves much
less. This script sets up what a node runs with (KLYNGE_ENV=production, DEBUG
off, so the cached template loader and the manifest static files; the database
and cache of the wrappers above: PostgreSQL and Redis), loads the demo data,
signs in as kari (a profile, not staff) and asks each page --rounds times
through the whole middleware stack with Django's test client, after --warm
warm-ups. For each page it prints the median, p10 and p90 CPU ms per answer (this
process only: PostgreSQL's and Redis's own work is not in it), the median wall
ms, and per answer: database queries, Redis round trips and template nodes
rendered. On a busy machine the p10 moves least: it is the answers that other
work disturbed least. --profile adds cProfile's top functions over all rounds
(CPU time, and cProfile itself about doubles it).

Without the wrappers it runs on a temporary SQLite file and the database cache,
which is not what production does: the figures are then only for comparing.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAGES = ["/katalog/", "/behov/"]


def setup(tmp: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="klynge.settings",
        KLYNGE_ENV="production",
        DEBUG="false",
        SECRET_KEY="bench-" + "x" * 50,
        ALLOWED_HOSTS="testserver",
        SITE_URL="https://testserver",
        EMAIL_URL="smtp://127.0.0.1:9",  # nothing is sent: no task worker runs
        STATIC_ROOT=str(tmp / "static"),
        KLYNGE_VAR_DIR=str(tmp / "var"),
        MEDIA_ROOT=str(tmp / "media"),
        PRIVATE_MEDIA_ROOT=str(tmp / "private-media"),
        DATABASE_CONN_MAX_AGE="60",  # as deploy/stack.py runs the nodes
        LOG_LEVEL="WARNING",
    )
    import django

    django.setup()


class Counters:
    """Queries, Redis round trips and template nodes, counted while ``on``."""

    def __init__(self) -> None:
        self.on = False
        self.queries = self.redis = self.nodes = 0

    def install(self) -> None:
        from django.db import connection
        from django.template import base

        counters = self

        def count_query(execute, sql, params, many, context):
            if counters.on:
                counters.queries += 1
            return execute(sql, params, many, context)

        connection.execute_wrappers.append(count_query)

        render_annotated = base.Node.render_annotated

        def counted_render(node, context):
            if counters.on:
                counters.nodes += 1
            return render_annotated(node, context)

        base.Node.render_annotated = counted_render
        try:
            from redis.connection import AbstractConnection
        except ImportError:
            return
        send = AbstractConnection.send_packed_command

        def counted_send(connection, command, check_health=True):
            if counters.on:
                counters.redis += 1
            return send(connection, command, check_health)

        AbstractConnection.send_packed_command = counted_send

    def reset(self) -> None:
        self.queries = self.redis = self.nodes = 0


def prepare(tmp: Path) -> None:
    from django.core.management import call_command

    from klynge.accounts.models import User

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    if not User.objects.filter(email="kari@example.org").exists():
        call_command("load_demo", stdout=io.StringIO())


def measure(client, path: str, rounds: int, counters: Counters, profile) -> dict:
    cpu, wall = [], []
    queries, redis, nodes = [], [], []
    size = 0
    for _ in range(rounds):
        counters.reset()
        counters.on = True
        if profile:
            profile.enable()
        c0, w0 = time.process_time(), time.perf_counter()
        response = client.get(path, secure=True)
        c1, w1 = time.process_time(), time.perf_counter()
        if profile:
            profile.disable()
        counters.on = False
        assert response.status_code == 200, (path, response.status_code)
        size = len(response.content)
        cpu.append((c1 - c0) * 1000)
        wall.append((w1 - w0) * 1000)
        queries.append(counters.queries)
        redis.append(counters.redis)
        nodes.append(counters.nodes)
    cpu.sort()
    return {
        "cpu": statistics.median(cpu),
        "cpu_p10": cpu[len(cpu) // 10],
        "cpu_p90": cpu[int(len(cpu) * 0.9) - 1],
        "wall": statistics.median(wall),
        "queries": statistics.median(queries),
        "redis": statistics.median(redis),
        "nodes": statistics.median(nodes),
        "size": size,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--warm", type=int, default=30)
    parser.add_argument("--user", default="kari@example.org")
    parser.add_argument("--profile", action="store_true", help="print cProfile's top functions")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("pages", nargs="*", default=PAGES)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="klynge-inprocess-"))
    setup(tmp)
    prepare(tmp)

    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from klynge.accounts.models import User

    counters = Counters()
    counters.install()
    client = Client()
    client.force_login(User.objects.get(email=args.user))
    profile = cProfile.Profile(time.process_time) if args.profile else None

    cache = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[1]
    load = os.getloadavg()[0]
    print(
        f"engine {connection.vendor}, cache {cache}, sessions "
        f"{settings.SESSION_ENGINE.rsplit('.', 1)[1]}, {args.rounds} rounds after "
        f"{args.warm} warm-ups, as {args.user}; load average {load:.1f} before"
    )
    rows = []
    for path in args.pages:
        for _ in range(args.warm):
            client.get(path, secure=True)
        rows.append((path, measure(client, path, args.rounds, counters, profile)))
    print(f"load average {os.getloadavg()[0]:.1f} after")
    print("| page | CPU ms median | CPU ms p10 | CPU ms p90 | wall ms median | queries "
          "| Redis round trips | template nodes |")  # fmt: skip
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for path, r in rows:
        print(
            f"| `{path}` ({r['size'] // 1024} KB) | {r['cpu']:.2f} | {r['cpu_p10']:.2f} "
            f"| {r['cpu_p90']:.2f} "
            f"| {r['wall']:.2f} | {r['queries']:g} | {r['redis']:g} | {r['nodes']:g} |"
        )
    if profile:
        for order in ("tottime", "cumulative"):
            out = io.StringIO()
            pstats.Stats(profile, stream=out).sort_stats(order).print_stats(args.top)
            print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
