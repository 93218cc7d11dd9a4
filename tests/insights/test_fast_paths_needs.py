"""The time to the first answer (figures/needs.py) reads the first answer from an
index and both times as whole microseconds from the database; here it is
checked against a plain Python count with timedeltas over random rows."""

from __future__ import annotations

import random
from datetime import timedelta
from statistics import median

from klynge.core.region import municipalities
from klynge.directory.models import Company, Person
from klynge.insights.figures import cells, needs
from klynge.insights.figures.period import Period, local_midnight
from klynge.needs.models import Answer, Need
from tests.insights.conftest import answer, need, oslo

PLACES = ["gol", "hol", "other", ""]
STATUSES = [Need.Status.DRAFT, Need.Status.PENDING, Need.Status.OPEN, Need.Status.DIALOGUE,
            Need.Status.FILLED, Need.Status.CLOSED]  # fmt: skip


def moment(rng, period: Period):
    """Often half an hour either side of a local midnight (the period's edges and
    its months'), with microseconds or, a third of the time, none."""
    if rng.random() < 0.4:
        edge = rng.choice([period.starts_at, period.ends_at, *map(local_midnight, period.months())])
        at = edge + timedelta(minutes=rng.choice([-30, -1, 0, 30]))
    else:
        span = (period.ends_at - period.starts_at) + timedelta(days=60)
        at = period.starts_at - timedelta(days=30) + span * rng.random()
    return at.replace(microsecond=0) if rng.random() < 0.33 else at


def random_needs(rng, period: Period) -> None:
    people = [Person.objects.create(name=f"P{i}", municipality=rng.choice(PLACES))
              for i in range(4)]  # fmt: skip
    companies = [Company.objects.create(name=f"F{i}", municipality=m)
                 for i, m in enumerate(PLACES)]  # fmt: skip
    for i in range(90):
        status = rng.choice(STATUSES)
        created = moment(rng, period)
        published = None
        if status not in (Need.Status.DRAFT, Need.Status.PENDING) or rng.random() < 0.2:
            published = created + timedelta(
                hours=rng.choice([0, 0.5, 1.5, 36]), microseconds=rng.randrange(10**6)
            )
        n = need(f"N{i}", created=created, status=status, published=published,
                 posted_by=rng.choice(["business", "public"]),
                 municipality=rng.choice(PLACES),
                 filled_by_person=rng.choice([None, *people]),
                 filled_by_company=rng.choice([None, None, *companies]))  # fmt: skip
        base = published or created
        for k in range(rng.choice([0, 0, 1, 2, 3])):
            # Exact half hours (the rounding's ties), an answer before publication
            # (counted as 0), and odd microseconds.
            offset = rng.choice([
                timedelta(minutes=30 * rng.randrange(1, 100)),
                timedelta(hours=-2),
                timedelta(seconds=rng.randrange(10**6), microseconds=k),
            ])  # fmt: skip
            answer(n, people[k], base + offset)


def reference(period: Period, municipality: str | None) -> dict[str, list[float]]:
    hours = {side: [] for side in ("all", "business", "public")}
    for n in Need.objects.all():
        if n.status == Need.Status.DRAFT or not period.starts_at <= n.created_at < period.ends_at:
            continue
        if municipality and n.municipality != municipality or n.published_at is None:
            continue
        answers = [a.created_at for a in Answer.objects.filter(need=n)]
        if answers:
            value = max((min(answers) - n.published_at).total_seconds(), 0) / 3600
            hours[n.posted_by].append(value)
            hours["all"].append(value)
    return hours


def test_the_first_answer_hours_match_a_plain_count_on_random_data(db, monkeypatch):
    for seed in range(3):
        Need.objects.all().delete()
        Person.objects.all().delete()
        Company.objects.all().delete()
        rng = random.Random(seed)
        period = rng.choice(
            [Period.year(2025), Period(oslo(2025, 3, 15).date(), oslo(2025, 10, 31).date())]
        )
        random_needs(rng, period)
        for municipality in (None, "gol"):
            fast = needs._first_answer_hours(period, municipality)
            expected = reference(period, municipality)
            # The same floats, to the last bit: the same sums of the same microseconds.
            assert {k: sorted(v) for k, v in fast.items()} == {
                k: sorted(v) for k, v in expected.items()
            }, (seed, municipality)
            assert len(expected["all"]) >= (3 if municipality is None else 0)
            table = {t.key: t for t in needs.tables(period, municipality)}["needs-results"]
            shown = [c for r in table.rows if r.key == "median-first-answer" for c in r.cells]
            for cell, side in zip(shown, ("all", "business", "public"), strict=True):
                values = expected[side]
                if 0 < len(values) < cells.SMALLEST_SHOWN:
                    assert cell.suppressed and cell.value is None  # "under 3"
                elif values:
                    assert cell.value == round(median(values)) and not cell.suppressed


def test_filled_by_a_provider_from_the_region_matches_a_plain_count(db):
    """The named provider's municipality is read by key (figures/needs.py): the
    company when there is one, else the person who answered alone."""
    region = {m.slug for m in municipalities()}
    for seed in range(3):
        Need.objects.all().delete()
        rng = random.Random(10 + seed)
        period = Period.year(2025)
        random_needs(rng, period)
        for municipality in (None, "gol"):
            _stages, counts = needs._stage_counts(period, municipality)
            expected = {"all": [0, 0], "business": [0, 0], "public": [0, 0]}
            for n in Need.objects.select_related("filled_by_company", "filled_by_person"):
                if n.status == Need.Status.DRAFT or municipality and n.municipality != municipality:
                    continue
                if not period.starts_at <= n.created_at < period.ends_at:
                    continue
                if n.status != Need.Status.FILLED:
                    continue
                provider = n.filled_by_company or n.filled_by_person
                local = int(provider is not None and provider.municipality in region)
                for side in ("all", n.posted_by):
                    expected[side][0] += 1
                    expected[side][1] += local
            assert {side: [c["filled"], c["filled-local"]] for side, c in counts.items()} == (
                expected
            ), (seed, municipality)
            assert municipality or expected["all"][1] > 0 < expected["all"][0] - expected["all"][1]
