"""Sending over real SMTP: the headers of RFC 2369 and RFC 8058, the two parts, hard
bounces, and each recipient exactly once when the worker is killed mid-send."""

from __future__ import annotations

import asyncio
import email
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from email import policy

from django.conf import settings
from django.db import connection
from django.test import Client
from django.utils import timezone

from klynge.newsletter import issues
from klynge.newsletter.models import Delivery, Issue, Subscription
from tests.conftest import SmtpServer
from tests.newsletter.conftest import confirmed

State = Delivery.Status


def parsed(envelope) -> email.message.EmailMessage:
    return email.message_from_bytes(envelope.content, policy=policy.default)


def test_every_message_carries_one_click_unsubscribe_and_two_parts(
    tasks, smtp_server, staff, post, fast_sending, member
):
    readers = [confirmed(f"r{n}@example.org", language) for n, language in
               enumerate(["nb", "nn", "en", "nb"])]  # fmt: skip
    Subscription.objects.create(email="ventar@example.org", source="double_opt_in")  # pending
    issue = issues.issue_create_next(by=staff)
    issues.issue_update(issue=issue, by=staff, subject="Haustnytt", intro="Hei alle!")
    issues.issue_send(issue=issue, by=staff)
    tasks.run()
    received = {tuple(e.rcpt_tos): parsed(e) for e in smtp_server.envelopes}
    expected = {(r.email,) for r in readers} | {(member.email,)}  # the member: on by default
    assert set(received) == expected and len(smtp_server.envelopes) == len(expected)
    for reader in readers:
        message = received[(reader.email,)]
        assert message.get_content_type() == "multipart/alternative"
        assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]
        url = f"{settings.SITE_URL}/nyhetsbrev/avmeld/{reader.token}/"
        assert message["List-Unsubscribe"].strip() == f"<{url}>"  # folded: long
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        text = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        assert url in text and f'href="{url}"' in html
        assert "Kodekveld på huben" in text and "Kodekveld på huben" in html
        assert message["Subject"] == "Haustnytt"
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT and issue.recipients == 5
    assert set(Delivery.objects.values_list("status", flat=True)) == {State.SENT}
    # The one-click POST a mail client sends, with no cookie and no CSRF token.
    reader = readers[1]
    header = received[(reader.email,)]["List-Unsubscribe"].strip().strip("<>")
    answer = Client(enforce_csrf_checks=True).post(
        header.removeprefix(settings.SITE_URL), "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )  # fmt: skip
    assert answer.status_code == 200
    reader.refresh_from_db()
    assert reader.status == Subscription.Status.UNSUBSCRIBED


class Bouncing(SmtpServer):
    """Answers 550 to one address, as a mail server does for a mailbox that is gone."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("borte@"):
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"


def test_a_hard_bounce_marks_the_address_and_the_next_issue_skips_it(
    tasks, settings, staff, post, fast_sending
):
    server = Bouncing(settings)
    server.start()
    try:
        gone, kept = confirmed("borte@example.org"), confirmed("her@example.org")
        issues.issue_send(issue=issues.issue_create_next(by=staff), by=staff)
        tasks.run()
        gone.refresh_from_db()
        assert gone.status == Subscription.Status.BOUNCED and "550" in gone.bounce_reason
        assert Delivery.objects.get(subscription=gone).status == State.BOUNCED
        assert [e.rcpt_tos for e in server.envelopes] == [[kept.email]]
        second = issues.issue_create_next(by=staff)
        issues.issue_update(issue=second, by=staff, subject="Neste", intro="Meir nytt.")
        issues.issue_send(issue=second, by=staff)
        tasks.run()
        assert not Delivery.objects.filter(issue=second, subscription=gone).exists()
        assert [e.rcpt_tos for e in server.envelopes] == [[kept.email], [kept.email]]
    finally:
        server.stop()


class Stalling(SmtpServer):
    """Accepts ``stall_after`` messages, then holds the next recipient unanswered."""

    def __init__(self, settings, stall_after: int):
        super().__init__(settings)
        self.stall_after = stall_after
        self.stalled = threading.Event()
        self.released = False

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if len(self.envelopes) >= self.stall_after and not self.released:
            self.stalled.set()
            while not self.released:
                await asyncio.sleep(0.05)
        envelope.rcpt_tos.append(address)
        return "250 OK"


def database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def start_worker(port: int) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env |= {
        "DJANGO_SETTINGS_MODULE": "klynge.settings",
        "DATABASE_URL": database_url(),
        "EMAIL_URL": f"smtp://127.0.0.1:{port}",
        "SITE_URL": settings.SITE_URL,
        "NEWSLETTER_BATCH_SIZE": "3",
        "NEWSLETTER_RATE": "1000",
        "NEWSLETTER_CLAIM_LEASE": "1",
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "-v", "0",
         "--interval", "0.2"],
        cwd=settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_a_worker_killed_mid_send_leaves_nobody_out_and_nobody_twice(
    database, settings, staff, post
):
    database()  # this thread's connection to the database the worker shares
    readers = [confirmed(f"les{n}@example.org") for n in range(8)]
    server = Stalling(settings, stall_after=4)
    server.start()
    worker = start_worker(server.port)
    try:
        issues.issue_send(issue=issues.issue_create_next(by=staff), by=staff)
        assert server.stalled.wait(60), worker.stderr.read1().decode() if worker.poll() else ""
        # The fifth message is claimed, its recipient not yet answered: kill the worker here.
        assert Delivery.objects.filter(status=State.CLAIMED).count() == 1
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
        assert len(server.envelopes) == 4
        server.released = True
        worker = start_worker(server.port)  # the job is started again by a new worker
        issue = Issue.objects.get()
        assert wait_for(lambda: Issue.objects.get(pk=issue.pk).status == Issue.Status.SENT, 90)
    finally:
        worker.kill()
        worker.wait(10)
        server.stop()
    counts = Counter(address for e in server.envelopes for address in e.rcpt_tos)
    assert counts == Counter({r.email: 1 for r in readers})
    assert Counter(Delivery.objects.values_list("status", flat=True)) == {State.SENT: 8}
    assert timezone.now() >= Issue.objects.get().sent_at
