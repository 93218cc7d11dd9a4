"""Run a command against a throwaway Redis server.

    python tests/with_redis.py COMMAND [ARGS...]

Starts Debian's ``redis-server`` on a free local port with its files in a
temporary directory (no root needed, nothing saved to disk), points CACHE_URL
at it (so the rate-limit counters go to its next database), runs COMMAND, then
stops the server and removes the directory. Without redis-server, or without
the ``redis`` Python package, the command is skipped with a loud message,
unless CI=true, where that fails.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Run as a script from tests/, beside it: the same helpers as the PostgreSQL wrapper.
from with_postgres import free_port, loud


def missing() -> str | None:
    """What is missing to run against Redis, or None."""
    if not shutil.which("redis-server"):
        return "redis-server is not installed (apt-get install redis-server)"
    try:
        import redis  # noqa: F401
    except ImportError:
        return "the redis Python package is not installed (pip install -e '.[dev]')"
    return None


def wait_until_ready(port: int, server: subprocess.Popen, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"redis-server exited with {server.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as conn:
                conn.sendall(b"PING\r\n")
                if conn.recv(64).startswith(b"+PONG"):
                    return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"redis-server did not answer on port {port} within {seconds} s")


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    reason = missing()
    if reason:
        if os.environ.get("CI", "").lower() == "true":
            loud(f"{reason}, and CI=true: failing.")
            return 1
        loud(
            f"SKIPPED: the Redis run of the cache and rate-limit tests. {reason}.\n"
            "CI runs it; locally only the database caches were tested."
        )
        return 0

    tmp = Path(tempfile.mkdtemp(prefix="klynge-redis-"))
    port = free_port()
    log = tmp / "server.log"
    server = subprocess.Popen(
        [
            "redis-server",
            "--port", str(port),
            "--bind", "127.0.0.1",
            "--dir", str(tmp),
            "--save", "",
            "--appendonly", "no",
            "--logfile", str(log),
            "--maxmemory-policy", "noeviction",  # the documented production setting
        ],
        cwd=tmp,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_until_ready(port, server)
        env = dict(os.environ, CACHE_URL=f"redis://127.0.0.1:{port}/0")
        env.pop("RATELIMIT_CACHE_URL", None)  # derived from CACHE_URL: the next database
        print(f"Redis on 127.0.0.1:{port}; running: {' '.join(argv)}", flush=True)
        return subprocess.run(argv, env=env).returncode
    except RuntimeError as exc:
        loud(f"Could not start Redis: {exc}")
        if log.exists():
            print(log.read_text(), file=sys.stderr)
        return 1
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
