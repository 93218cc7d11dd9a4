"""The insights dashboard as a user gets it: over HTTP from gunicorn, beside nginx.

    DATABASE_URL=... .venv/bin/python bench/insights/over_http.py [--rounds 9] [--seconds 10]

Point DATABASE_URL at a database that bench/insights/dashboard.py loaded (a kept
SQLite file or PostgreSQL database; it is only read, but for the cache table).
Starts gunicorn (one worker: one staff member's request is served by one
process) on a free loopback port, with the bench's staff user signed in, then:

- cold: ROUNDS times, empties the cache (the database cache table, which
  gunicorn shares) and times one GET of the dashboard for 2025 from a plain
  HTTP client, until the last byte: every figure computed afresh, as on the
  first view after a change;
- warm: wrk (one connection, SECONDS) on the dashboard with its figures kept,
  and on the public page "IT i regionen"; and the same against nginx serving
  each page's very bytes as a static file, for the ratio.

Prints the medians and p99 in milliseconds as a Markdown table. Plain HTTP on
loopback; nginx and wrk from the system (Debian: nginx, wrk).
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
DASHBOARD = "/innsikt/?periode=egen&fra=2025-01-01&til=2025-12-31"
PUBLIC = "/it-i-regionen/"


def get(port: int, path: str, cookie: str | None) -> tuple[float, bytes]:
    """Wall milliseconds until the last byte, and the body."""
    headers = {"Cookie": f"sessionid={cookie}"} if cookie else {}
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    elapsed = (time.perf_counter() - started) * 1000
    conn.close()
    if response.status != 200:
        raise SystemExit(f"{path}: HTTP {response.status}")
    return elapsed, body


def wrk(url: str, seconds: int, cookie: str | None) -> dict[str, float]:
    command = ["wrk", "-t1", "-c1", f"-d{seconds}s", "--latency", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: sessionid={cookie}"]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    if "Non-2xx" in out or "Socket errors" in out:
        raise SystemExit(f"wrk saw errors on {url}:\n{out}")

    def ms(label: str) -> float:
        value, unit = re.search(rf"{label}\s+([\d.]+)(us|ms|s)\b", out).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    return {"p50": ms("50%"), "p99": ms("99%")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=9, help="cold requests (default 9)")
    parser.add_argument("--seconds", type=int, default=10, help="each wrk run (default 10)")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL") or not shutil.which("wrk"):
        raise SystemExit("set DATABASE_URL to a loaded database (dashboard.py), and install wrk")
    from bench.events.signup_load import free_port, sessions_for, setup_django, start_gunicorn
    from bench.load.run import static_twin

    state = Path(tempfile.mkdtemp(prefix="klynge-insights-http-"))
    setup_django(str(state))
    from django.core.cache import cache
    from django.db import connection

    from klynge.accounts.models import User

    staff = User.objects.get(email="bench-staff@example.org")  # made by dashboard.py
    cookie = sessions_for([staff])[0][0]
    port = free_port()
    server = start_gunicorn(port, workers=1)
    twin = None
    try:
        for _ in range(2):  # the worker's imports and first connection
            cache.clear()
            get(port, DASHBOARD, cookie)
        cold = []
        for _ in range(args.rounds):
            cache.clear()
            cold.append(get(port, DASHBOARD, cookie)[0])
        pages = {"dashboard": get(port, DASHBOARD, cookie)[1], "public": get(port, PUBLIC, None)[1]}
        twin = static_twin(pages, state, tls=False)
        base = f"http://127.0.0.1:{port}"
        warm = {
            "dashboard": wrk(base + DASHBOARD, args.seconds, cookie),
            "public": wrk(base + PUBLIC, args.seconds, None),
        }
        static = {name: wrk(f"{twin}/{name}.html", args.seconds, None) for name in pages}
    finally:
        server.terminate()
        server.wait(timeout=30)
        if twin:
            subprocess.run(["kill", (state / "twin.pid").read_text().strip()], check=False)
    cold.sort()
    print(f"engine {connection.vendor}; load average {os.getloadavg()[0]:.1f}; "
          f"dashboard {len(pages['dashboard']) // 1024} KiB, public page "
          f"{len(pages['public']) // 1024} KiB")  # fmt: skip
    print("| request | median ms | p99 ms | nginx, same bytes: median ms |")
    print("| --- | ---: | ---: | ---: |")
    print(f"| dashboard 2025, cold (median of {args.rounds}; max) | "
          f"{statistics.median(cold):.1f} | {cold[-1]:.1f} | |")  # fmt: skip
    for name, label in (("dashboard", "dashboard 2025, warm"), ("public", "public page, warm")):
        print(f"| {label} (wrk, 1 connection) | {warm[name]['p50']:.2f} | "
              f"{warm[name]['p99']:.2f} | {static[name]['p50']:.3f} |")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
