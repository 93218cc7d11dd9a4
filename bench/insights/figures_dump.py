"""Every figure of the dashboard as JSON, to check that a speed-up changes none.

    DATABASE_URL=... .venv/bin/python bench/insights/figures_dump.py OUT.json
    .venv/bin/python bench/insights/figures_dump.py --compare A.json B.json

Dumps, for 2025, for 2024, and for 30 March - 26 October 2025 (summer time at
both ends), all municipalities, Gol and Hol: every table of ``dashboard()``
as shown (with "under 3") and again with the rule switched off (every cell
exact), as staff sees it. Point DATABASE_URL at a loaded database (see
dashboard.py); the data is only read. Compare the dump before and after a
change: the files must be equal.
"""

import json
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def compare(a: str, b: str) -> int:
    left, right = json.loads(Path(a).read_text()), json.loads(Path(b).read_text())
    if left == right:
        print(f"equal: {len(left)} dashboards")
        return 0
    for key in sorted(set(left) | set(right)):
        if left.get(key) != right.get(key):
            print(f"differs: {key}")
    return 1


def dump(out: str) -> None:
    from bench.django_env import setup_django

    setup_django()
    from django.utils import translation

    from klynge.directory.visibility import Audience, Viewer
    from klynge.insights.figures import cells, dashboard
    from klynge.insights.figures.period import Period

    translation.activate("nb")
    viewer = Viewer(Audience.STAFF, None)  # staff without a profile of their own
    periods = {
        "2025": Period.year(2025),
        "2024": Period.year(2024),
        "summer-2025": Period(date(2025, 3, 30), date(2025, 10, 26)),
    }
    result = {}
    for smallest in (cells.SMALLEST_SHOWN, 1):
        saved, cells.SMALLEST_SHOWN = cells.SMALLEST_SHOWN, smallest
        try:
            for name, period in periods.items():
                for municipality in (None, "gol", "hol"):
                    board = dashboard(period=period, municipality=municipality, viewer=viewer)
                    key = f"{name}/{municipality or 'all'}/smallest-{smallest}"
                    result[key] = [
                        {"key": t.key, "columns": t.columns,
                         "rows": [[r.key, r.label, r.link, [[c.value, c.suppressed, c.unit]
                                                            for c in r.cells]] for r in t.rows]}
                        for t in board.tables
                    ]  # fmt: skip
        finally:
            cells.SMALLEST_SHOWN = saved
    Path(out).write_text(json.dumps(result, indent=1, sort_keys=True))
    print(f"{len(result)} dashboards written to {out}")


if __name__ == "__main__":
    if sys.argv[1] == "--compare":
        sys.exit(compare(sys.argv[2], sys.argv[3]))
    dump(sys.argv[1])
