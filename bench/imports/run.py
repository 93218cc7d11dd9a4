"""Time the two imports, each run as its own `manage.py` process.

    .venv/bin/python bench/imports/run.py members [RECORDS] [REPEAT]    # default 100000 3
    .venv/bin/python bench/imports/run.py brreg [UNITS] [REPEAT] [gz]   # default 1000000 3
    .venv/bin/python tests/with_postgres.py .venv/bin/python bench/imports/run.py members

Without DATABASE_URL the database is a fresh SQLite file in a temp folder,
migrated first; with tests/with_postgres.py it is a throwaway PostgreSQL. The
input is generated once by generate.py into $BENCH_DATA (default
/tmp/klynge-bench-imports/): about 55 MB for 100,000 records, 1.3 GB for a
million units.

members: each round empties the database, imports the file (every record
created), then imports it again (every record updated). brreg: each round
empties the database and imports the register file. The figures are wall
time of the whole process (including Django's start, about a second), the
records or units per second over that time, the process's CPU time (the
machine may be shared) and its peak RSS, from wait4(). The median of the
rounds is printed last.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
DATA = Path(os.environ.get("BENCH_DATA", Path(tempfile.gettempdir()) / "klynge-bench-imports"))
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="klynge-bench-imports-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{TMP}/bench.sqlite3")
os.environ.setdefault("KLYNGE_VAR_DIR", TMP)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klynge.settings")
os.environ["DEBUG"] = "false"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402


def generate(kind: str, n: int, suffix: str) -> Path:
    DATA.mkdir(exist_ok=True)
    path = DATA / f"{kind}-{n}{suffix}"
    if not path.exists():
        partial = path.with_name(path.name + ".partial" + (".gz" if suffix.endswith(".gz") else ""))
        generator = Path(__file__).with_name("generate.py")
        subprocess.run([sys.executable, str(generator), kind, str(n), str(partial)], check=True)
        partial.rename(path)
    return path


def timed(*args: str) -> tuple[float, float, float, str]:
    """Run manage.py ARGS; return wall seconds, CPU seconds, peak RSS in MB, stdout."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), *args, "--no-progress"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    stdout = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed with {process.returncode}")
    return (
        wall,
        usage.ru_utime + usage.ru_stime,
        usage.ru_maxrss / 1024,
        " ".join(stdout.split("\n")),
    )


def fresh_database() -> None:
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    call_command("load_taxonomy", verbosity=0)  # skills are mapped onto it as they are imported
    connection.close()


def bench_members(n: int, repeat: int) -> None:
    path = generate("members", n, ".jsonl")
    rows = []
    for i in range(repeat):
        fresh_database()
        first = timed("import_members", str(path))
        second = timed("import_members", str(path))
        rows.append((first, second))
        for label, (wall, cpu, rss, out) in (("create", first), ("update", second)):
            print(
                f"round {i + 1} {label}: {wall:.1f} s, {n / wall:,.0f} records/s, "
                f"CPU {cpu:.1f} s, peak RSS {rss:.0f} MB | {out}",
                flush=True,
            )
    for label, index in (("create", 0), ("update", 1)):
        wall = statistics.median(r[index][0] for r in rows)
        cpu = statistics.median(r[index][1] for r in rows)
        rss = max(r[index][2] for r in rows)
        print(
            f"median {label} ({connection.vendor}, {n} records): {wall:.1f} s, "
            f"{n / wall:,.0f} records/s, CPU {cpu:.1f} s, peak RSS {rss:.0f} MB"
        )


def bench_brreg(n: int, repeat: int, suffix: str) -> None:
    path = generate("register", n, suffix)
    runs = []
    for i in range(repeat):
        fresh_database()
        wall, cpu, rss, out = timed("import_brreg", str(path))
        runs.append((wall, cpu, rss))
        print(
            f"round {i + 1}: {wall:.1f} s, {n / wall:,.0f} units/s, CPU {cpu:.1f} s, "
            f"peak RSS {rss:.0f} MB | {out}",
            flush=True,
        )
    wall = statistics.median(r[0] for r in runs)
    cpu = statistics.median(r[1] for r in runs)
    rss = max(r[2] for r in runs)
    print(
        f"median ({connection.vendor}, {n} units, {path.name}): {wall:.1f} s, "
        f"{n / wall:,.0f} units/s, CPU {cpu:.1f} s, peak RSS {rss:.0f} MB (max of rounds)"
    )


def main(argv: list[str]) -> None:
    if not argv or argv[0] not in {"members", "brreg"}:
        raise SystemExit(__doc__)
    if argv[0] == "members":
        n = int(argv[1]) if len(argv) > 1 else 100_000
        bench_members(n, int(argv[2]) if len(argv) > 2 else 3)
    else:
        n = int(argv[1]) if len(argv) > 1 else 1_000_000
        suffix = ".json.gz" if "gz" in argv[3:] else ".json"
        bench_brreg(n, int(argv[2]) if len(argv) > 2 else 3, suffix)


if __name__ == "__main__":
    main(sys.argv[1:])
