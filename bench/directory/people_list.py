"""Server time and query count of the people list with N profiles.

    .venv/bin/python bench/directory/people_list.py [N]
    .venv/bin/python tests/with_postgres.py .venv/bin/python bench/directory/people_list.py [N]

Migrates a fresh database (a temporary SQLite file unless DATABASE_URL is set),
bulk-loads N listed people with three skills each (on PostgreSQL then runs
VACUUM ANALYZE, as autovacuum would shortly after), then requests each list URL
ROUNDS times in-process (Django test client, signed in as a member) and
reports the median and p95 in milliseconds and the number of SQL queries.
"""

import os
import random
import statistics
import sys
import time
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
from klynge.directory.models import Person, PersonSkill  # noqa: E402

N = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "200"))
SLUGS = ["flaa", "nesbyen", "gol", "hemsedal", "aal", "hol", "other"]
SKILLS = ["Python", "WordPress", "nettbutikk", "Azure", "drift", "GIS", "React", "Power BI",
          "IT-sikkerhet", "Microsoft 365", "universell utforming", "nettverk"]  # fmt: skip
URLS = ["/katalog/", "/katalog/?kommune=gol", "/katalog/?tilgjengeleg=on&sorter=newest",
        "/katalog/?side=200", "/katalog/?q=nettbutikk"]  # fmt: skip


def load(n: int) -> None:
    rng = random.Random(7)
    now = timezone.now()
    batch = 5000
    for start in range(0, n, batch):
        people = Person.objects.bulk_create(
            Person(
                name=f"Person {i:06d}",
                headline="Utviklar",
                municipality=rng.choice(SLUGS),
                available_for_assignments=rng.random() < 0.3,
                member_status="approved" if rng.random() < 0.6 else "none",
                member_since=now,
            )
            for i in range(start, min(start + batch, n))
        )
        PersonSkill.objects.bulk_create(
            PersonSkill(person=p, name=name, level=rng.randint(1, 5))
            for p in people
            for name in rng.sample(SKILLS, 3)
        )


def main() -> None:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    started = time.perf_counter()
    if not Person.objects.exists():  # a DATABASE_URL may point at an already loaded database
        load(N)
    print(
        f"engine: {connection.vendor}, people: {N}, loaded in {time.perf_counter() - started:.1f} s"
    )
    if connection.vendor == "postgresql":
        # What autovacuum does within a minute of a bulk load: statistics, and the
        # visibility map that lets a count read an index without the table.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    client = Client()
    member = user_create(
        email=f"bench-{time.time_ns()}@example.org", password=None, email_verified=True
    )
    Person.objects.create(
        user=member, name="Bench", member_status="approved", member_since=timezone.now()
    )
    client.force_login(member)
    print(f"{'url':<42}{'median ms':>10}{'p95 ms':>10}{'queries':>9}")
    for url in URLS:
        for _ in range(5):
            client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        queries = len(captured)  # now: the next request clears the log it reads from
        timings = []
        for _ in range(ROUNDS):
            t0 = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - t0) * 1000)
        timings.sort()
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(f"{url:<42}{statistics.median(timings):>10.1f}{p95:>10.1f}{queries:>9}")


if __name__ == "__main__":
    main()
