"""Server time and query count of the booking week view: 20 resources, N bookings.

    .venv/bin/python bench/spaces/week.py [N]
    .venv/bin/python tests/with_postgres.py .venv/bin/python bench/spaces/week.py [N]

Migrates a fresh database (a temporary SQLite file unless DATABASE_URL is set),
makes a hub open on weekdays 08–16 with 4 desk pools of 10, 10 rooms and 6
booths, bulk-loads N bookings (8 a resource a day, none overlapping, spread
evenly around today), then requests the week view (this week and next) ROUNDS
times in-process, signed in, and reports median and p95 in ms, the median CPU
time of the process (steadier on a shared machine) and the queries.
"""

import os
import statistics
import sys
import time
from datetime import datetime, timedelta
from datetime import time as clock
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.django_env import setup_django  # noqa: E402

setup_django()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from klynge.accounts.services import user_create  # noqa: E402
from klynge.spaces.models import Booking, OpeningHours, Place, Resource  # noqa: E402
from klynge.spaces.slots import hub_zone  # noqa: E402

N = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "100"))
PER_DAY = 8


def load(n: int, user) -> None:
    place = Place.objects.create(name="Bench")
    OpeningHours.objects.bulk_create(
        OpeningHours(place=place, weekday=d, opens=clock(8), closes=clock(16)) for d in range(5)
    )
    kinds = ["desk"] * 4 + ["room"] * 10 + ["booth"] * 6
    resources = Resource.objects.bulk_create(
        Resource(place=place, kind=k, name_nb=f"{k} {i}", count=10 if k == "desk" else 1,
                 who="signed_in", max_minutes=600, days_ahead=60, order=i)
        for i, k in enumerate(kinds)
    )  # fmt: skip
    days = n // (len(resources) * PER_DAY) + 1
    first = timezone.localdate() - timedelta(days=days // 2)
    zone = hub_zone()
    rows = []
    for d in range(days):
        day = first + timedelta(days=d)
        for r in resources:
            for k in range(PER_DAY):
                if len(rows) >= n:
                    break
                if r.kind == "desk":  # ten desks: eight people a day, each the whole day
                    start, end, seat = clock(8), clock(16), k + 1
                else:  # an hour each from 08:00
                    start, end, seat = clock(8 + k), clock(9 + k), 1
                a = datetime.combine(day, start, tzinfo=zone)
                b = datetime.combine(day, end, tzinfo=zone)
                rows.append(Booking(resource=r, user=user, seat=seat, starts_at=a, ends_at=b,
                                    held_until=b))  # fmt: skip
    Booking.objects.bulk_create(rows, batch_size=5000)


def main() -> None:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    user = user_create(
        email=f"bench-{time.time_ns()}@example.org", password=None, email_verified=True
    )
    started = time.perf_counter()
    if not Booking.objects.exists():
        load(N, user)
    count = Booking.objects.count()
    print(f"engine: {connection.vendor}, bookings: {count}, loaded in "
          f"{time.perf_counter() - started:.1f} s")  # fmt: skip
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    client = Client()
    client.force_login(user)
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    urls = ["/huset/booking/", f"/huset/booking/?fra={monday + timedelta(days=7)}"]
    print(f"{'url':<42}{'median ms':>10}{'p95 ms':>10}{'cpu ms':>9}{'queries':>9}")
    for url in urls:
        for _ in range(5):
            client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        queries = len(captured)
        timings, cpu = [], []
        for _ in range(ROUNDS):
            t0, c0 = time.perf_counter(), time.process_time()
            client.get(url)
            timings.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
        timings.sort()
        p95 = timings[int(len(timings) * 0.95) - 1]
        median, cpu_median = statistics.median(timings), statistics.median(cpu)
        print(f"{url:<42}{median:>10.1f}{p95:>10.1f}{cpu_median:>9.1f}{queries:>9}")


if __name__ == "__main__":
    main()
