"""Server time of the insights dashboard for a year, and of the public page (cached).

    .venv/bin/python bench/insights/dashboard.py [SCALE]
    .venv/bin/python tests/with_postgres.py .venv/bin/python bench/insights/dashboard.py [SCALE]

SCALE 1.0 (the default) loads 100,000 people, 20,000 companies, 50,000 needs
over five years, 5,000 events and 200,000 sign-ups into a fresh database (a
temporary SQLite file unless DATABASE_URL is set), with skills, answers and
members, and 50,000 bookings of 20 desks, rooms and booths; SCALE 0.2 loads a fifth
of each. On PostgreSQL it then runs VACUUM
ANALYZE, as autovacuum would. It requests the dashboard for 2025 and the
public page ROUNDS times in-process as staff and as a visitor, and prints the
median and p95 in milliseconds and the number of SQL queries.
"""

import os
import random
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.django_env import setup_django  # noqa: E402

setup_django()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from klynge.accounts.models import User  # noqa: E402
from klynge.accounts.services import user_create  # noqa: E402
from klynge.competence.models import Competence  # noqa: E402
from klynge.competence.taxonomy import taxonomy_load  # noqa: E402
from klynge.directory import supply  # noqa: E402
from klynge.directory.models import Company, CompanySkill, Person, PersonSkill  # noqa: E402
from klynge.events.models import Event, Registration  # noqa: E402
from klynge.needs.models import Answer, Need  # noqa: E402
from klynge.spaces.models import Booking, Place, Resource  # noqa: E402

SCALE = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "20"))
OSLO = ZoneInfo("Europe/Oslo")
SLUGS = ["flaa", "nesbyen", "gol", "hemsedal", "aal", "hol", "other", ""]
NACE = ["62.010", "62.020", "63.110", "84.110", "85.420", "72.190", "58.290"]
BATCH = 5000
START = datetime(2021, 1, 1, tzinfo=OSLO)
SPAN = (datetime(2026, 1, 1, tzinfo=OSLO) - START).total_seconds()


def when(rng) -> datetime:
    return START + timedelta(seconds=rng.random() * SPAN)


def chunks(rows):
    rows = list(rows)
    for i in range(0, len(rows), BATCH):
        yield rows[i : i + BATCH]


def load() -> dict:
    rng = random.Random(11)
    taxonomy_load()
    competences = list(Competence.objects.values_list("pk", flat=True))
    n_people, n_companies = int(100_000 * SCALE), int(20_000 * SCALE)
    n_needs, n_events, n_signups = int(50_000 * SCALE), int(5_000 * SCALE), int(200_000 * SCALE)
    n_users = n_people // 10
    users = []
    for chunk in chunks(
        User(email=f"u{i}@example.org", password="!", language="nb") for i in range(n_users)
    ):
        users += User.objects.bulk_create(chunk)
    companies = []
    for chunk in chunks(
        Company(name=f"Firma {i}", municipality=rng.choice(SLUGS), nace=rng.choice(NACE),
                member_status="approved" if rng.random() < 0.3 else "none",
                member_since=when(rng))
        for i in range(n_companies)
    ):  # fmt: skip
        companies += Company.objects.bulk_create(chunk)
    for chunk in chunks(
        CompanySkill(company=c, name=f"s{k}", competence_id=k)
        for c in companies for k in rng.sample(competences, 2)
    ):  # fmt: skip
        CompanySkill.objects.bulk_create(chunk)
    people = []
    for chunk in chunks(
        Person(name=f"Person {i}", municipality=rng.choice(SLUGS),
               user=users[i] if i < n_users else None,
               employer=rng.choice(companies) if rng.random() < 0.4 else None,
               member_status="approved" if rng.random() < 0.5 else "none",
               member_since=when(rng), skills_visibility=rng.choice(["public", "members"]))
        for i in range(n_people)
    ):  # fmt: skip
        people += Person.objects.bulk_create(chunk)
    for chunk in chunks(
        PersonSkill(person=p, name=f"s{k}", competence_id=k)
        for p in people for k in rng.sample(competences, 2)
    ):  # fmt: skip
        PersonSkill.objects.bulk_create(chunk)
    statuses = ["open", "dialogue", "filled", "closed", "closed", "filled", "pending"]
    needs = []
    for chunk in chunks(range(n_needs)):
        rows = []
        for _ in chunk:
            status, created = rng.choice(statuses), when(rng)
            rows.append(Need(
                title="Behov", status=status, municipality=rng.choice(SLUGS),
                posted_by=rng.choice(["business", "public"]),
                published_at=None if status == "pending" else created,
                close_reason=rng.choice(["expired", "elsewhere"]) if status == "closed" else "",
                outcome=rng.choice(["helped", "not-helped", ""]) if status == "filled" else "",
                filled_by_company=rng.choice(companies) if status == "filled" else None,
            ))  # fmt: skip
        needs += Need.objects.bulk_create(rows)
    for chunk in chunks(needs):
        for need in chunk:
            need.created_at = need.published_at or when(rng)
        Need.objects.bulk_update(chunk, ["created_at"])
    Through = Need.competences.through
    for chunk in chunks(
        Through(need_id=n.pk, competence_id=k) for n in needs for k in rng.sample(competences, 2)
    ):
        Through.objects.bulk_create(chunk)
    answered = [n for n in needs if n.status in ("dialogue", "filled")]
    for chunk in chunks(answered):
        rows = Answer.objects.bulk_create(Answer(need=n, person=rng.choice(people)) for n in chunk)
        for answer, need in zip(rows, chunk, strict=True):
            answer.created_at = need.published_at + timedelta(hours=rng.randint(1, 200))
        Answer.objects.bulk_update(rows, ["created_at"])
    events = []
    for chunk in chunks(range(n_events)):
        rows = []
        for i in chunk:
            start = when(rng)
            rows.append(Event(
                title="Arrangement", slug=f"e{i}", starts_at=start,
                ends_at=start + timedelta(hours=2),
                format=rng.choice(["in_person", "online", "hybrid"]),
                status="published", published_at=start - timedelta(days=20),
                capacity=rng.choice([None, 30, 50]),
            ))  # fmt: skip
        events += Event.objects.bulk_create(rows)
    per_event = max(n_signups // max(n_events, 1), 1)
    for chunk in chunks(events):
        rows = []
        for event in chunk:
            for j, k in enumerate(rng.sample(range(n_people), per_event)):
                user = users[k] if k < n_users else None
                rows.append(Registration(
                    event=event, user=user, name="x", email="" if user else f"p{k}@example.org",
                    status="confirmed" if j < per_event - 3 else "waitlisted",
                    waitlist_position=j if j >= per_event - 3 else None,
                    attended_at=event.starts_at if rng.random() < 0.7 else None,
                ))  # fmt: skip
        for part in chunks(rows):
            Registration.objects.bulk_create(part)
    # bulk_create sends no signals: recount what the directory keeps
    supply.rebuild()
    return {"people": n_people, "companies": n_companies, "needs": n_needs,
            "events": n_events, "signups": per_event * n_events}  # fmt: skip


def load_bookings() -> int:
    """The hub's use: 20 resources and 50,000 bookings over the five years (scaled), for
    the users above; a tenth of them cancelled. Rows are written as they are, not through
    the booking services; each booking of a resource gets a seat of its own, so
    PostgreSQL's no-overlap constraint holds whatever the times."""
    rng = random.Random(16)
    place = Place.objects.create(name="IT-Huset")
    kinds = ["desk"] * 4 + ["room"] * 10 + ["booth"] * 6
    resources = Resource.objects.bulk_create(
        Resource(place=place, kind=kind, name_nb=f"{kind} {i}", who="signed_in",
                 count=10 if kind == "desk" else 1, order=i)
        for i, kind in enumerate(kinds)
    )  # fmt: skip
    users = list(User.objects.filter(email__startswith="u").values_list("pk", flat=True))
    n, seats = int(50_000 * SCALE), dict.fromkeys(resources, 0)
    for chunk in chunks(range(n)):
        rows = []
        for _ in chunk:
            resource = rng.choice(resources)
            seats[resource] += 1
            day = when(rng).replace(hour=rng.randint(7, 18), minute=rng.choice([0, 30]))
            end = day + timedelta(minutes=rng.choice([30, 60, 90, 120, 240, 480]))
            rows.append(Booking(
                resource=resource, user_id=rng.choice(users), seat=seats[resource],
                starts_at=day, ends_at=end, held_until=end, blocked=rng.random() < 0.01,
                cancelled_at=day if rng.random() < 0.1 else None,
            ))  # fmt: skip
        Booking.objects.bulk_create(rows)
    return n


def measure(client, url: str, cold: bool) -> tuple[float, float, float, int]:
    """Median and p95 wall time, median CPU time of this process (steadier on a
    shared machine), all in ms, and the number of SQL queries."""
    for _ in range(2):
        assert client.get(url).status_code == 200
    queries = []

    def execute(run, sql, params, many, context):
        queries.append(sql)
        return run(sql, params, many, context)

    if cold:
        cache.clear()
    with connection.execute_wrapper(execute):
        client.get(url)
    timings, cpu = [], []
    for _ in range(ROUNDS):
        if cold:  # every figure computed afresh, as on the first view after a change
            cache.clear()
        t0, c0 = time.perf_counter(), time.process_time()
        client.get(url)
        timings.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    timings.sort()
    p95 = timings[max(int(len(timings) * 0.95) - 1, 0)]
    return statistics.median(timings), p95, statistics.median(cpu), len(queries)


def main() -> None:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    started = time.perf_counter()
    counts = load() if not Need.objects.exists() else {}
    if not Booking.objects.exists():
        counts["bookings"] = load_bookings()
    print(f"engine: {connection.vendor}, scale {SCALE}: {counts}, "
          f"loaded in {time.perf_counter() - started:.0f} s")  # fmt: skip
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    staff = User.objects.filter(email="bench-staff@example.org").first() or user_create(
        email="bench-staff@example.org", password=None, is_staff=True
    )  # a kept database (DATABASE_URL set) already has them
    client = Client()
    client.force_login(staff)
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    print(f"{'url':<66}{'cache':>6}{'median ms':>10}{'p95 ms':>9}{'cpu ms':>8}{'queries':>9}")
    year = "/innsikt/?periode=egen&fra=2025-01-01&til=2025-12-31"
    for url, who, cold in (
        (year, client, True),
        (year, client, False),
        (f"{year}&kommune=gol", client, True),
        ("/api/v1/insights/summary?from=2025-01-01&to=2026-01-01", client, True),
        ("/it-i-regionen/", Client(), True),
        ("/it-i-regionen/", Client(), False),
    ):
        median, p95, cpu, queries = measure(who, url, cold)
        state = "cold" if cold else "warm"
        print(f"{url:<66}{state:>6}{median:>10.1f}{p95:>9.1f}{cpu:>8.1f}{queries:>9}")
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
