"""Where the dashboard's time goes: each figure function timed, with its queries.

    DATABASE_URL=... .venv/bin/python bench/insights/breakdown.py [SCALE] [--explain]

Loads the data of bench/insights/dashboard.py into the database unless it
already holds needs (point DATABASE_URL at a kept SQLite file or server to
reuse a load), then computes every figure of the dashboard for 2025 afresh
(ROUNDS times, BENCH_ROUNDS, default 3) and prints, for each function, the
median milliseconds, the number of SQL queries and the time spent in SQL.
With --explain it prints the query plan of the slowest queries.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
EXPLAIN = "--explain" in sys.argv
sys.argv = [a for a in sys.argv if a != "--explain"]  # dashboard.py reads SCALE from argv[1]

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import translation  # noqa: E402

from bench.insights import dashboard as bench  # noqa: E402  (sets Django up)
from klynge.directory.visibility import Viewer  # noqa: E402
from klynge.insights.figures import events, members, needs, spaces, supply  # noqa: E402
from klynge.insights.figures.headline import headline  # noqa: E402
from klynge.insights.figures.period import Period  # noqa: E402
from klynge.needs.models import Need  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))


def staff_viewer() -> Viewer:
    from klynge.accounts.models import User
    from klynge.accounts.services import user_create
    from klynge.directory.visibility import viewer_for

    user = User.objects.filter(email="bench-staff@example.org").first() or user_create(
        email="bench-staff@example.org", password=None, is_staff=True
    )
    return viewer_for(user)


class Recorder:
    """Counts and times the queries of one call; keeps them in ``slow`` if given."""

    def __init__(self, name: str, slow: list | None):
        self.name, self.slow, self.ms, self.queries = name, slow, 0.0, 0

    def __call__(self, run, sql, params, many, context):
        t0 = time.perf_counter()
        try:
            return run(sql, params, many, context)
        finally:
            ms = (time.perf_counter() - t0) * 1000
            self.ms += ms
            self.queries += 1
            if self.slow is not None:
                self.slow.append((ms, self.name, sql, tuple(params or ())))


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    if not Need.objects.exists():
        started = time.perf_counter()
        print(bench.load(), f"loaded in {time.perf_counter() - started:.0f} s")
    if not bench.Booking.objects.exists():
        print(bench.load_bookings(), "bookings loaded")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
    translation.activate("nb")
    viewer = staff_viewer()
    period = Period.year(2025)
    figures = supply.category_figures(period, None, viewer)
    scans = {m: members.Scan(period, m) for m in (None, "gol")}
    steps = [
        ("members.Scan", lambda m: members.Scan(period, m)),
        ("members tables (Python)", lambda m: [
            f(period, m, scans[m]) for f in (members.by_municipality, members.by_type,
                                             members.by_month, members.triple_helix)
        ]),  # fmt: skip
        ("supply.category_figures", lambda m: supply.category_figures(period, m, viewer)),
        (
            "supply tables (Python)",
            lambda m: [
                f(figures, m)
                for f in (supply.supply_demand, supply.by_municipality, supply.gaps, supply.idle)
            ],
        ),  # fmt: skip
        ("needs._stage_counts", lambda m: needs._stage_counts(period, m)),
        ("needs._first_answer_hours", lambda m: needs._first_answer_hours(period, m)),
        ("events._event_counts", lambda m: events._event_counts(period)),
        ("events._registration_counts", lambda m: events._registration_counts(period, m)),
        ("events.people_figures", lambda m: events.people_figures(period, m)),
        ("spaces.tables", lambda m: spaces.tables(period, m)),
        ("headline (public page)", lambda m: headline(Period.this_year())),
    ]
    print(f"engine {connection.vendor}; load average {os.getloadavg()[0]:.1f}; rounds {ROUNDS}")
    for _name, step in steps:  # warm the database's page cache, as the bench does
        step(None)
    slow: list[tuple[float, str, str, tuple]] = []
    for municipality in (None, "gol"):
        print(f"\nmunicipality: {municipality or 'all'}")
        print(f"{'function':<32}{'median ms':>10}{'cpu ms':>8}{'queries':>9}{'sql ms':>9}")
        total = total_cpu = 0.0
        for name, step in steps:
            timings, cpu, sql_ms, queries = [], [], [], 0
            for i in range(ROUNDS):
                recorder = Recorder(name, slow if i == 0 else None)
                with connection.execute_wrapper(recorder):
                    t0, c0 = time.perf_counter(), time.process_time()
                    step(municipality)
                    timings.append((time.perf_counter() - t0) * 1000)
                    cpu.append((time.process_time() - c0) * 1000)
                sql_ms.append(recorder.ms)
                queries = recorder.queries
            median, cpu_ms = statistics.median(timings), statistics.median(cpu)
            total, total_cpu = total + median, total_cpu + cpu_ms
            sql = statistics.median(sql_ms)
            print(f"{name:<32}{median:>10.1f}{cpu_ms:>8.1f}{queries:>9}{sql:>9.1f}")
        print(f"{'sum':<32}{total:>10.1f}{total_cpu:>8.1f}")
    if EXPLAIN:
        slow.sort(reverse=True)
        for ms, name, sql, params in slow[:8]:
            print(f"\n--- {name}: {ms:.0f} ms\n{sql}\n{params}")
            prefix = (
                "EXPLAIN ANALYZE " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
            )
            with connection.cursor() as cursor:
                cursor.execute(prefix + sql, params)
                for row in cursor.fetchall():
                    print("   ", " | ".join(str(c) for c in row))


if __name__ == "__main__":
    main()
