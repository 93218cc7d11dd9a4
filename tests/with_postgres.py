"""Run a command against a throwaway PostgreSQL server.

    python tests/with_postgres.py COMMAND [ARGS...]

Starts a server from the Debian ``postgresql`` binaries in a temporary
directory, points DATABASE_URL at it, runs COMMAND, then stops the server and
removes the directory. PostgreSQL refuses to run as root, so as root the
server runs as the ``postgres`` user (or ``nobody``). Without PostgreSQL the
command is skipped with a loud message, unless CI=true, where that fails.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path


def find_bindir() -> Path | None:
    candidates = [os.environ.get("PG_BINDIR", "")]
    candidates += sorted(
        (str(p) for p in Path("/usr/lib/postgresql").glob("*/bin")),
        key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0,
        reverse=True,
    )
    if shutil.which("initdb"):
        candidates.append(str(Path(shutil.which("initdb")).resolve().parent))
    for candidate in candidates:
        if (
            candidate
            and (Path(candidate) / "initdb").exists()
            and (Path(candidate) / "postgres").exists()
        ):
            return Path(candidate)
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def loud(message: str) -> None:
    bar = "!" * 72
    print(f"\n{bar}\n{message}\n{bar}\n", file=sys.stderr, flush=True)


def unprivileged_user() -> pwd.struct_passwd | None:
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise SystemExit("Running as root, and neither a postgres nor a nobody user exists")


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    bindir = find_bindir()
    if bindir is None:
        if os.environ.get("CI", "").lower() == "true":
            loud("PostgreSQL is not installed (no initdb found), and CI=true: failing.")
            return 1
        loud(
            "SKIPPED: the PostgreSQL run of the suite. PostgreSQL is not installed\n"
            "(apt-get install postgresql). CI runs it; locally only SQLite was tested."
        )
        return 0

    user = unprivileged_user()
    tmp = Path(tempfile.mkdtemp(prefix="klynge-pg-"))
    data, log, port = tmp / "data", tmp / "server.log", free_port()

    def as_user():
        if user is not None:
            os.setgid(user.pw_gid)
            os.setuid(user.pw_uid)

    def run(*cmd: str) -> None:
        subprocess.run(cmd, check=True, preexec_fn=as_user, stdout=subprocess.DEVNULL, cwd=tmp)

    try:
        if user is not None:
            os.chown(tmp, user.pw_uid, user.pw_gid)
        run(
            str(bindir / "initdb"),
            "-D",
            str(data),
            "-U",
            "klynge",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        options = (
            f"-p {port} -k {tmp} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        run(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "start")
        run(str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "klynge", "klynge")
        env = dict(
            os.environ,
            DATABASE_URL=f"postgres://klynge@127.0.0.1:{port}/klynge",
            PG_BINDIR=str(bindir),  # manage.py backup/restore use this server's pg_dump
        )
        print(
            f"PostgreSQL ({bindir.parent.name}) on 127.0.0.1:{port}; running: {' '.join(argv)}",
            flush=True,
        )
        return subprocess.run(argv, env=env).returncode
    except subprocess.CalledProcessError as exc:
        loud(f"Could not start PostgreSQL: {exc}")
        if log.exists():
            print(log.read_text(), file=sys.stderr)
        return 1
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(
                [str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
                preexec_fn=as_user,
                stdout=subprocess.DEVNULL,
                cwd=tmp,
            )
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
