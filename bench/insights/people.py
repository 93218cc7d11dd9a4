"""The participants alone (``events.people_figures``), 2025, all municipalities and Gol.

    DATABASE_URL=... .venv/bin/python bench/insights/people.py

Point DATABASE_URL at a loaded database (see dashboard.py); the data is only
read. Prints the three figures and the median wall milliseconds of ROUNDS
calls (BENCH_ROUNDS, default 9): run it before and after a change,
alternating, and compare the medians.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "9"))


def main() -> None:
    from bench.django_env import setup_django

    setup_django()
    from django.db import connection

    from klynge.insights.figures import events
    from klynge.insights.figures.period import Period

    period = Period.year(2025)
    for municipality in (None, "gol"):
        times = []
        for _ in range(ROUNDS):
            start = time.perf_counter()
            figures = events.people_figures(period, municipality)
            times.append((time.perf_counter() - start) * 1000)
        where = municipality or "all"
        print(f"{connection.vendor} {where}: {figures} median {statistics.median(times):.1f} ms")


if __name__ == "__main__":
    main()
