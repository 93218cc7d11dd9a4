"""Pages under HTTP load through the production stack, beside nginx serving the same bytes.

    .venv/bin/python bench/load/run.py [--connections 32] [--seconds 10] [--runs 3]

Starts PostgreSQL, Redis and the stack (deploy/stack.py: nginx with TLS in front
of two gunicorn nodes) with the demo data, warms each page, then runs wrk
against each page through nginx, signed out and signed in, and against a second
nginx that serves the very bytes of each page as a static file over the same
TLS, for the ratio. Prints one Markdown table: req/s, p50, p99, errors (the
medians of --runs runs of each page, errors summed), and the load average before
and after: other work on the machine makes the figures pessimistic. Loopback
only; every run is bounded by --seconds.
"""

from __future__ import annotations

import argparse
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

ANONYMOUS = ["/", "/katalog/", "/arrangement/", "/behov/", "/finn-hjelp/?beskriving=nettbutikk"]
SIGNED_IN = ["/katalog/", "/behov/"]


def outside(args: argparse.Namespace) -> int:
    """Start the stack around this same script."""
    py = sys.executable
    command = [
        py, "tests/with_postgres.py", py, "tests/with_redis.py", py, "deploy/stack.py", "run",
        "--demo", "--gunicorn-workers", str(args.gunicorn_workers), "--threads", str(args.threads),
        "--", py, __file__, "--inside",
        "--connections", str(args.connections), "--seconds", str(args.seconds),
        "--runs", str(args.runs), "--who", args.who,
        "--gunicorn-workers", str(args.gunicorn_workers), "--threads", str(args.threads),
    ]  # fmt: skip
    return subprocess.run(command, cwd=ROOT).returncode


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klynge.settings")
    import django

    django.setup()


def sign_in_cookie(email: str) -> str:
    from django.test import Client

    from klynge.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email=email))
    return client.cookies["sessionid"].value


def extra_pages() -> list[str]:
    from klynge.directory.models import Person
    from klynge.events.models import Event

    person = Person.objects.listed().order_by("pk").first()
    event = Event.objects.upcoming().published().order_by("starts_at").first()
    return [f"/katalog/folk/{person.pk}/", f"/arrangement/{event.slug}/"]


def fetch(url: str, cookie: str | None) -> bytes:
    command = ["curl", "-sS", "--cacert", os.environ["STACK_CA"], "-o", "-", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: sessionid={cookie}"]
    return subprocess.run(command, check=True, capture_output=True).stdout


def static_twin(pages: dict[str, bytes], state: Path, tls: bool = True) -> str:
    """A second nginx serving each page's bytes as a file, over the same kind of TLS
    as the stack's (its certificate in ``state``), or plain HTTP; its address."""
    from deploy.stack import find_nginx, free_port

    state.chmod(0o755)  # nginx's workers run as another user
    root = state / "twin"
    root.mkdir(mode=0o755)
    (state / "twin-temp").mkdir(mode=0o755)
    for name, body in pages.items():
        (root / f"{name}.html").write_bytes(body)
    port = free_port()
    temp = state / "twin-temp"
    conf = state / "twin.conf"
    listen = (
        f"listen 127.0.0.1:{port} ssl;\n        ssl_certificate {state}/tls.crt;\n"
        f"        ssl_certificate_key {state}/tls.key;"
        if tls
        else f"listen 127.0.0.1:{port};"
    )
    conf.write_text(f"""worker_processes 2;
pid {state}/twin.pid;
error_log {state}/twin-error.log warn;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    sendfile on;
    keepalive_requests 10000;
    client_body_temp_path {temp}/body; proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi; uwsgi_temp_path {temp}/uwsgi; scgi_temp_path {temp}/scgi;
    server {{
        {listen}
        root {root};
    }}
}}
""")
    subprocess.Popen([find_nginx(), "-c", str(conf), "-p", str(state), "-g", "daemon off;"])
    time.sleep(1)
    return f"{'https' if tls else 'http'}://{'localhost' if tls else '127.0.0.1'}:{port}"


def node_cpu_seconds() -> float:
    """The CPU time the web nodes' processes have used so far (Linux /proc)."""
    total = 0
    for pidfile in Path(os.environ["STACK_DIR"]).glob("web*.pid"):
        master = pidfile.read_text().strip()
        children = Path(f"/proc/{master}/task/{master}/children")
        pids = [master, *(children.read_text().split() if children.exists() else [])]
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime + stime
    return total / os.sysconf("SC_CLK_TCK")


def wrk(url: str, connections: int, seconds: int, cookie: str | None = None) -> dict:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: sessionid={cookie}"]
    cpu = node_cpu_seconds()
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    cpu = node_cpu_seconds() - cpu
    requests = int(re.search(r"(\d+) requests in", out)[1])

    def ms(label: str) -> float:
        value, unit = re.search(rf"{label}\s+([\d.]+)(us|ms|s)\b", out).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    failed = (int(errors[1]) if errors else 0) + (sum(map(int, socket.groups())) if socket else 0)
    kinds = (
        dict(zip(("connect", "read", "write", "timeout"), map(int, socket.groups()), strict=True))
        if socket
        else {}
    )
    kinds["non-2xx/3xx"] = int(errors[1]) if errors else 0
    return {
        "kinds": {kind: n for kind, n in kinds.items() if n},
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1]),
        "p50": ms("50%"),
        "p99": ms("99%"),
        "errors": failed,
        # The web nodes' CPU per answer: steadier than req/s on a shared machine.
        "cpu_ms": cpu * 1000 / max(requests, 1),
    }


def median(results: list[dict]) -> dict:
    """Each figure's median over the runs; the errors of all runs together."""
    figures = {k: statistics.median(r[k] for r in results) for k in ("rps", "p50", "p99", "cpu_ms")}
    kinds: dict[str, int] = {}
    for r in results:
        for kind, n in r["kinds"].items():
            kinds[kind] = kinds.get(kind, 0) + n
    return {**figures, "errors": sum(r["errors"] for r in results), "kinds": kinds}


def inside(args: argparse.Namespace) -> int:
    setup_django()
    base = os.environ["STACK_URL"]
    state = Path(tempfile.mkdtemp(prefix="klynge-load-"))
    state.chmod(0o755)
    shutil.copy(os.environ["STACK_CA"], state / "tls.crt")
    shutil.copy(Path(os.environ["STACK_DIR"]) / "tls.key", state / "tls.key")
    cookie = sign_in_cookie("kari@example.org")
    runs = []
    if args.who in ("all", "signed-out"):
        runs += [(path, None) for path in ANONYMOUS + extra_pages()]
    if args.who in ("all", "signed-in"):
        runs += [(path, cookie) for path in SIGNED_IN]
    bodies = {}
    for n, (path, who) in enumerate(runs):
        for _ in range(3):  # warm: the page cache, the database's buffers, the code
            body = fetch(base + path, who)
        bodies[str(n)] = body
    twin = static_twin(bodies, state)
    rows = []
    load_before = os.getloadavg()
    for n, (path, who) in enumerate(runs):
        url = base + path
        app = median([wrk(url, args.connections, args.seconds, who) for _ in range(args.runs)])
        static = wrk(f"{twin}/{n}.html", args.connections, args.seconds)
        rows.append((path, "signed in" if who else "signed out", app, static, len(bodies[str(n)])))
    load = f"load average {load_before[0]:.1f} before, {os.getloadavg()[0]:.1f} after"
    print(f"\nwrk -t2 -c{args.connections} -d{args.seconds}s through nginx (TLS) to two nodes")
    print(f"medians of {args.runs} runs per page, errors summed; {load}")
    print(
        "| page | who | req/s | p50 ms | p99 ms | errors | node CPU ms/answer "
        "| nginx same bytes req/s | ratio |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for path, who, app, static, size in rows:
        print(
            f"| `{path}` ({size // 1024} KB) | {who} | {app['rps']:,.0f} | {app['p50']:.1f} "
            f"| {app['p99']:.1f} | {app['errors']} | {app['cpu_ms']:.2f} | {static['rps']:,.0f} "
            f"| {static['rps'] / app['rps']:.1f}x |"
        )
    for path, who, app, _static, _size in rows:
        if app["kinds"]:  # wrk's own words: a timeout is no answer within 2 s
            print(f"errors on {path} ({who}): {app['kinds']}")
    pid = (state / "twin.pid").read_text().strip() if (state / "twin.pid").exists() else None
    if pid:
        os.kill(int(pid), 3)  # SIGQUIT: a graceful stop
    shutil.rmtree(state, ignore_errors=True)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3, help="runs per page; medians are shown")
    parser.add_argument("--who", choices=["all", "signed-in", "signed-out"], default="all")
    parser.add_argument("--gunicorn-workers", type=int, default=2, help="processes per node")
    parser.add_argument("--threads", type=int, default=1, help="threads per process")
    parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is not installed: apt-get install wrk", file=sys.stderr)
        return 1
    return inside(args) if args.inside else outside(args)


if __name__ == "__main__":
    sys.exit(main())
