"""How good search's candidates are: its top 10 against scoring every document.

    .venv/bin/python bench/competence/candidates.py [PEOPLE] [COMPANIES]
    .venv/bin/python tests/with_postgres.py .venv/bin/python bench/competence/candidates.py

Loads the profiles of speed.py (into a temporary SQLite file unless
DATABASE_URL is set; a database that has them already is reused). For each
of speed.py's searches and needs, it compares the ten best providers that
`match()` returns with the ten best when every document with a telling term
is read and scored (search.READ_BUDGET and search.CANDIDATES unbounded), and
reports how many of those ten it found, and the sum of their scores against
the best possible sum (both scored with every document read).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.competence import speed  # noqa: E402  (sets up Django)
from klynge.competence import search  # noqa: E402
from klynge.directory.providers import match  # noqa: E402
from klynge.directory.visibility import ANONYMOUS  # noqa: E402


def ranked(title: str, limit: int) -> list[tuple[tuple[str, int], float]]:
    return [((m.kind, m.id), m.score) for m in match(title=title, viewer=ANONYMOUS, limit=limit)]


def every_document(title: str) -> list[tuple[tuple[str, int], float]]:
    budget, candidates = search.READ_BUDGET, search.CANDIDATES
    search.READ_BUDGET = search.CANDIDATES = 10**9
    try:
        return ranked(title, 10**9)
    finally:
        search.READ_BUDGET, search.CANDIDATES = budget, candidates


def main() -> None:
    speed.prepare()
    found_total = share_total = 0.0
    texts = speed.QUERIES + speed.NEEDS
    print(f"{'search or need':<52}{'of best 10':>11}{'score share':>13}")
    for text in texts:
        exact = every_document(text)
        score = dict(exact)
        best = exact[:10]
        top = ranked(text, 10)
        found = len({key for key, _ in top} & {key for key, _ in best})
        share = sum(score.get(key, 0.0) for key, _ in top) / sum(s for _, s in best)
        found_total += found
        share_total += share
        print(f"{text[:50]:<52}{found:>11}{share:>13.3f}")
    n = len(texts)
    print(f"{'mean':<52}{found_total / n:>11.2f}{share_total / n:>13.4f}")


if __name__ == "__main__":
    main()
