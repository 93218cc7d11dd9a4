"""Search and matching speed with N people and M companies, and the reindex rate.

    .venv/bin/python bench/competence/speed.py [PEOPLE] [COMPANIES]
    .venv/bin/python tests/with_postgres.py .venv/bin/python bench/competence/speed.py

Migrates a fresh database (a temporary SQLite file unless DATABASE_URL is set),
loads the taxonomy, bulk-creates profiles whose skills and texts are drawn
from the taxonomy's own words (plus some everyday words), times `manage.py
reindex`, then sends ROUNDS searches (GET /api/v1/search) and ROUNDS needs
(POST /api/v1/match) through Django's test client and reports p50 and p95
server time in milliseconds.
"""

import json
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
from django.test.utils import setup_test_environment  # noqa: E402

from klynge.competence.models import Competence  # noqa: E402
from klynge.directory.models import Company, CompanySkill, Person, PersonSkill  # noqa: E402

PEOPLE = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
COMPANIES = int(sys.argv[2]) if len(sys.argv) > 2 else 20_000
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "200"))
SLUGS = ["flaa", "nesbyen", "gol", "hemsedal", "aal", "hol", "other"]
FILLER = (
    "jobbar med kundar og leverer gode tenester i heile dalen, "
    "erfaren og løysingsorientert, liker fjellet og kaffi"
).split()
QUERIES = [
    "nettbutikk",
    "wordpress",
    "betale på nett",
    "wifi",
    "power bi",
    "personvern",
    "drone kart",
    "regnskap",
    "microsoft 365",
    "booking hytte",
    "universell utforming",
    "python django",
    "sikkerhet",
    "app",
    "azure sky",
]
NEEDS = [
    "Gjestane skal kunne betale på nett når dei bestiller hytte",
    "Vi treng ei ny heimeside som fungerer på mobil",
    "Kontoret har tregt nett og wifi-en fell ut",
    "Help setting up Microsoft 365 for our small hotel",
    "Kommunen må vurdere personvern i eit nytt fagsystem",
    "Vil selge lokalmat på nett med levering",
    "Dashboard for salstal frå kassa",
    "Sensorar som varslar frost i hytta",
]


def load(rng: random.Random) -> None:
    words = [name for c in Competence.objects.all() for name in c.names()]
    for model, skill_model, count, fk in (
        (Person, PersonSkill, PEOPLE, "person"),
        (Company, CompanySkill, COMPANIES, "company"),
    ):
        for start in range(0, count, 5000):
            rows = []
            for i in range(start, min(start + 5000, count)):
                text = " ".join(rng.sample(words, 4) + rng.sample(FILLER, 6))
                fields = {"name": f"{model.__name__} {i:06d}", "municipality": rng.choice(SLUGS)}
                if model is Person:
                    fields.update(
                        headline=text[:150], bio=text, available_for_assignments=rng.random() < 0.4
                    )
                else:
                    fields.update(description=text, services=rng.sample(words, 2))
                rows.append(model(**fields))
            created = model.objects.bulk_create(rows)
            skill_model.objects.bulk_create(
                skill_model(**{fk: obj}, name=name, level=rng.randint(1, 5))
                for obj in created
                for name in rng.sample(words, 4)
            )


def timed(call) -> list[float]:
    timings = []
    for i in range(ROUNDS):
        start = time.perf_counter()
        call(i)
        timings.append((time.perf_counter() - start) * 1000)
    return sorted(timings)


def report(name: str, timings: list[float]) -> None:
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(f"{name:<10} p50 {statistics.median(timings):7.1f} ms   p95 {p95:7.1f} ms")


def prepare() -> None:
    """Migrate, load and index the profiles unless the database has them already."""
    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("load_taxonomy", verbosity=0)
    rng = random.Random(11)
    if not Person.objects.exists():
        started = time.perf_counter()
        load(rng)
        seconds = time.perf_counter() - started
        print(f"loaded {PEOPLE} people and {COMPANIES} companies in {seconds:.0f} s")
        started = time.perf_counter()
        call_command("reindex", no_progress=True, verbosity=0)
        seconds = time.perf_counter() - started
        print(f"reindex: {(PEOPLE + COMPANIES) / seconds:,.0f} profiles/s ({seconds:.0f} s)")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def main() -> None:
    prepare()
    client = Client()
    print(f"engine: {connection.vendor}, rounds: {ROUNDS}")
    for query in QUERIES:  # warm up the caches a web process would have
        client.get("/api/v1/search", {"q": query})

    def search(i):
        response = client.get("/api/v1/search", {"q": QUERIES[i % len(QUERIES)]})
        assert response.status_code == 200

    def match(i):
        body = json.dumps({"title": NEEDS[i % len(NEEDS)]})
        response = client.post("/api/v1/match", body, content_type="application/json")
        assert response.status_code == 200 and response.json()["results"]

    report("search", timed(search))
    report("match", timed(match))


if __name__ == "__main__":
    main()
