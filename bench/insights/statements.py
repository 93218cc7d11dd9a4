"""The database's own time for each statement the dashboard issues.

    DATABASE_URL=postgres://... .venv/bin/python bench/insights/statements.py [gol] [--plans]

Computes the dashboard for 2025 once (to warm the caches), captures every
statement of a second computation, then runs each ROUNDS times (BENCH_ROUNDS,
default 5) under ``EXPLAIN (ANALYZE, BUFFERS)`` and prints the median
execution time the server reports, worst first, with the figure module that
issued it. ``--plans`` prints the plans of the five worst (PLANS=n: of the
n worst). On SQLite the time is the wall time of the statement run alone
(there the database's work is the process's CPU).
"""

import os
import statistics
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
PLANS = "--plans" in sys.argv
ARGS = [a for a in sys.argv[1:] if a != "--plans"]
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))


def main() -> None:
    from bench.django_env import setup_django

    setup_django()
    from django.db import connection
    from django.utils import translation

    from klynge.directory.visibility import Audience, Viewer
    from klynge.insights.figures import dashboard
    from klynge.insights.figures.period import Period

    translation.activate("nb")
    municipality = ARGS[0] if ARGS else None
    period, viewer = Period.year(2025), Viewer(Audience.STAFF, None)
    dashboard(period=period, municipality=municipality, viewer=viewer)
    captured = []

    def capture(run, sql, params, many, context):
        where = next(
            (f"{Path(f.filename).stem}.{f.name}" for f in reversed(traceback.extract_stack())
             if "/insights/figures/" in f.filename and f.name != "<lambda>"), "?",
        )  # fmt: skip
        # A raw statement's named parameters stay a dict (figures/events.py: PEOPLE_SQL).
        captured.append((where, sql, params if isinstance(params, dict) else tuple(params or ())))
        return run(sql, params, many, context)

    with connection.execute_wrapper(capture):
        dashboard(period=period, municipality=municipality, viewer=viewer)
    postgres = connection.vendor == "postgresql"
    rows = []
    with connection.cursor() as cursor:
        for where, sql, params in captured:
            times, plan = [], []
            for _ in range(ROUNDS):
                if postgres:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                    plan = [r[0] for r in cursor.fetchall()]
                    line = next(p for p in plan if p.startswith("Execution Time"))
                    times.append(float(line.split()[2]))
                else:
                    t0 = time.perf_counter()
                    cursor.execute(sql, params)
                    cursor.fetchall()
                    times.append((time.perf_counter() - t0) * 1000)
            rows.append((statistics.median(times), where, sql, plan))
    rows.sort(key=lambda r: -r[0])
    total = sum(r[0] for r in rows)
    print(f"engine {connection.vendor}; municipality {municipality or 'all'}; "
          f"load average {os.getloadavg()[0]:.1f}; {len(rows)} statements; "
          f"sum of medians {total:.1f} ms")  # fmt: skip
    for ms, where, sql, _plan in rows:
        print(f"{ms:8.1f}  {where:<40} {sql[:110]}")
    if PLANS:
        for ms, where, sql, plan in rows[: int(os.environ.get("PLANS", "5"))]:
            print(f"\n--- {where}: {ms:.1f} ms\n{sql}")
            print("\n".join(plan))


if __name__ == "__main__":
    main()
