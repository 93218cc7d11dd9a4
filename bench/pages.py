"""Server time of the site's pages, in-process (no network), on the configured database.

    .venv/bin/python bench/pages.py                                   # SQLite in a temp folder
    .venv/bin/python tests/with_postgres.py .venv/bin/python bench/pages.py   # PostgreSQL

Migrates a fresh database, warms up, then requests each page N times with the
Django test client and reports the median and p95 in milliseconds.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.django_env import setup_django  # noqa: E402

setup_django()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

PAGES = ["/", "/konto/login/", "/konto/signup/", "/tilgjengelighet/", "/healthz"]
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "300"))


def main() -> None:
    setup_test_environment()  # allows 'testserver' as host; mail to memory
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    client = Client()
    print(f"engine: {connection.vendor}, rounds: {ROUNDS}")
    print(f"{'page':<22}{'median ms':>10}{'p95 ms':>10}")
    for path in PAGES:
        for _ in range(20):
            client.get(path)
        timings = []
        for _ in range(ROUNDS):
            start = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        timings.sort()
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(f"{path:<22}{statistics.median(timings):>10.2f}{p95:>10.2f}")


if __name__ == "__main__":
    main()
