"""20,000 newsletter recipients to a local SMTP sink, with the worker killed halfway.

    .venv/bin/python bench/newsletter/send.py [RECIPIENTS]
    .venv/bin/python tests/with_postgres.py .venv/bin/python bench/newsletter/send.py

Migrates a temporary SQLite file (or the database DATABASE_URL names), makes
RECIPIENTS confirmed subscriptions (20,000 by default) and one issue, sends it
through the service, and runs the real task worker (``manage.py db_worker``) in a
subprocess against an in-process aiosmtpd sink that counts every recipient it
accepts. When half have arrived the worker is killed with SIGKILL and a new one is
started. Reports the time, messages a second, each worker's peak memory (VmHWM),
duplicates (must be 0) and recipients left out (the one message the killed worker
may have had on the wire is "unknown" and never sent again), and the machine load.
NEWSLETTER_RATE (messages a second per worker, default here 100000: unthrottled)
and NEWSLETTER_BATCH_SIZE (default here 500) are passed to the worker.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.django_env import ROOT, setup_django  # noqa: E402

TMP = setup_django()

from aiosmtpd.controller import Controller  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from klynge.accounts.services import user_create  # noqa: E402
from klynge.newsletter import issues  # noqa: E402
from klynge.newsletter.models import Delivery, Issue, Subscription  # noqa: E402


class Sink:
    """Counts recipients; keeps no message, so the bench process stays small too."""

    def __init__(self):
        self.received: Counter[str] = Counter()

    async def handle_DATA(self, server, session, envelope):
        self.received.update(envelope.rcpt_tos)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url() -> str:
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return os.environ["DATABASE_URL"]
    return f"sqlite:///{connection.settings_dict['NAME']}"


def start_worker(port: int) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env |= {
        "DATABASE_URL": database_url(),
        "EMAIL_URL": f"smtp://127.0.0.1:{port}",
        "NEWSLETTER_RATE": os.environ.get("NEWSLETTER_RATE", "100000"),
        "NEWSLETTER_BATCH_SIZE": os.environ.get("NEWSLETTER_BATCH_SIZE", "500"),
        "NEWSLETTER_CLAIM_LEASE": os.environ.get("NEWSLETTER_CLAIM_LEASE", "5"),
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay",
         "--interval", "0.2", "-v", "0"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
    )  # fmt: skip


def peak_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except FileNotFoundError:
        pass
    return 0.0


def main() -> None:
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's per-command log
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    print(f"load before: {os.getloadavg()}")
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    staff = user_create(email="bench-staff@example.org", password="x" * 12, name="Bench",
                        is_staff=True, email_verified=True)  # fmt: skip
    now = timezone.now()
    Subscription.objects.bulk_create(
        [Subscription(email=f"r{n}@example.org", status="confirmed", source="double_opt_in",
                      consent_at=now, language="nb nn en".split()[n % 3])
         for n in range(total)],
        batch_size=2000,
    )  # fmt: skip
    issue = Issue.objects.create(
        subject="Benchmark", intro="Hei!", since=now, until=now, created_by=staff,
        sections=[{"key": "news", "titles": {"nb": "Nytt", "nn": "Nytt", "en": "News"},
                   "items": [{"key": f"post:{n}", "title": f"Sak {n}", "path": f"/nytt/{n}/",
                              "summary": "Ein kort tekst."} for n in range(8)]}],
    )  # fmt: skip
    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    started = time.monotonic()
    issues.issue_send(issue=issue, by=staff)
    worker = start_worker(port)
    peaks = []
    killed_at = None
    peak = 0.0
    try:
        while sum(sink.received.values()) < total // 2:
            peak = peak_mb(worker.pid) or peak
            time.sleep(0.05)
            if worker.poll() is not None:
                raise SystemExit("the worker stopped by itself")
        peaks.append(max(peak, peak_mb(worker.pid)))
        peak = 0.0
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        killed_at = sum(sink.received.values())
        worker = start_worker(port)
        while Issue.objects.get(pk=issue.pk).status != Issue.Status.SENT:
            peak = peak_mb(worker.pid) or peak
            time.sleep(0.2)
            if time.monotonic() - started > 3600:
                raise SystemExit("not done in an hour")
        peaks.append(peak)
    finally:
        worker.terminate()
        worker.wait()
        controller.stop()
    elapsed = time.monotonic() - started
    states = Counter(Delivery.objects.filter(issue=issue).values_list("status", flat=True))
    duplicates = sum(1 for n in sink.received.values() if n > 1)
    missing = total - len(sink.received)
    print(f"recipients {total}, killed after {killed_at} received")
    print(
        f"time {elapsed:.1f} s, {total / elapsed:.0f} messages/s (kill, restart and lease included)"
    )
    print(f"worker peak memory (VmHWM): {', '.join(f'{p:.0f} MB' for p in peaks)}")
    print(f"duplicates {duplicates}, left out {missing}, deliveries {dict(states)}")
    print(f"load after: {os.getloadavg()}")
    if duplicates:
        raise SystemExit("DUPLICATES")


if __name__ == "__main__":
    main()
