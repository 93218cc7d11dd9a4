"""Sending an issue: one delivery per recipient, in batches, each exactly once.

``issue_start`` enrols members who have no subscription yet (their default is on)
and creates a ``Delivery`` for every confirmed subscription (unique per issue and
subscription, so running it again adds nobody twice). ``send_batch`` then takes
up to ``batch_size`` queued deliveries over one SMTP connection, no faster than
``rate_per_second``.

Exactly once, as ``OutgoingMail`` does it, by conditional updates on the row:

- queued → claimed (``claimed_at``) before anything is said to the server. Of two
  workers, or a task run twice, only one claims a row.
- claimed → sending just before the message body (SMTP DATA). A worker that died
  before this point sent nothing the server keeps: after ``claim_lease`` seconds the
  next batch puts the row back in the queue.
- sending → sent when the server accepted it. A row left in "sending" (the worker
  died while the body was on the wire) may have arrived, so it becomes "unknown"
  and is never sent again: nobody gets an issue twice.

A worker may be killed at any moment, with its task left "running" for good. So
every batch first queues a keeper: the same task, ``claim_lease`` seconds later,
which does nothing if another batch has started since (``heartbeat_at``) and
otherwise carries on. Then it marks its start, and when it ends with deliveries
still queued it queues the next batch at once. Whenever a worker dies, the newest
keeper is in the queue for the next worker to start. A 5xx answer
to the recipient or the body is a hard bounce: the subscription is marked bounced
and skipped from then on. 4xx is tried again by a later batch, three times at most.
"""

from __future__ import annotations

import contextlib
import logging
import smtplib
import time
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.message import sanitize_address
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from klynge.core import pagecache
from klynge.newsletter.content import message_template
from klynge.newsletter.models import Delivery, Issue, Subscription
from klynge.newsletter.subscriptions import members_enrol

log = logging.getLogger(__name__)
State = Delivery.Status
MAX_ATTEMPTS = 3


class HardBounce(Exception):
    pass


class TemporaryFailure(Exception):
    pass


class LostInTransit(Exception):
    """The connection broke while the body was being sent: it may have arrived."""


def issue_start(*, issue_id: int) -> int:
    """Start sending a scheduled (when due) or sending issue; returns its recipients."""
    now = timezone.now()
    with transaction.atomic():
        issue = Issue.objects.select_for_update().filter(pk=issue_id).first()
        if issue is None:
            return 0
        if issue.status == Issue.Status.SCHEDULED:
            if issue.scheduled_at and issue.scheduled_at > now:
                return 0  # moved later; the task queued for the new time starts it
            issue.status, issue.started_at = Issue.Status.SENDING, now
            issue.save(update_fields=["status", "started_at"])
        elif issue.status != Issue.Status.SENDING:
            return 0  # cancelled back to a draft, or already sent
    _keep(issue_id)
    recipients = _prepare(issue_id)
    send_batch_task.enqueue(issue_id)
    return recipients


def _prepare(issue_id: int) -> int:
    """One delivery per receiving subscription, members enrolled first; idempotent."""
    members_enrol()
    receiving = Subscription.objects.receiving().order_by("pk").values_list("pk", flat=True)
    chunk: list[Delivery] = []
    for subscription_id in receiving.iterator(chunk_size=2000):
        chunk.append(Delivery(issue_id=issue_id, subscription_id=subscription_id))
        if len(chunk) >= 2000:
            Delivery.objects.bulk_create(chunk, ignore_conflicts=True)
            chunk = []
    Delivery.objects.bulk_create(chunk, ignore_conflicts=True)
    recipients = Delivery.objects.filter(issue_id=issue_id).count()
    Issue.objects.filter(pk=issue_id).update(recipients=recipients, prepared_at=timezone.now())
    return recipients


def _lease() -> timedelta:
    return timedelta(seconds=settings.KLYNGE_NEWSLETTER["claim_lease"])


def _keep(issue_id: int) -> None:
    """Queue the keeper, then mark that a batch started (in this order: see above)."""
    now = timezone.now()
    send_batch_task.using(run_after=now + _lease()).enqueue(issue_id, keeper=True)
    Issue.objects.filter(pk=issue_id).update(heartbeat_at=now)


def send_batch(*, issue_id: int, keeper: bool = False) -> int:
    """Send up to one batch of the issue's queued deliveries; returns how many were sent."""
    config = settings.KLYNGE_NEWSLETTER
    lease = _lease()
    issue = Issue.objects.filter(pk=issue_id, status=Issue.Status.SENDING).first()
    if issue is None:
        return 0
    if keeper and issue.heartbeat_at and issue.heartbeat_at > timezone.now() - lease:
        return 0  # the batches are alive: a later one has its own keeper
    _keep(issue_id)
    if issue.prepared_at is None:  # the worker that listed the recipients died
        _prepare(issue_id)
    deliveries = Delivery.objects.filter(issue_id=issue_id)
    stale = timezone.now() - lease
    deliveries.filter(status=State.CLAIMED, claimed_at__lt=stale).update(status=State.QUEUED)
    deliveries.filter(status=State.SENDING, claimed_at__lt=stale).update(status=State.UNKNOWN)
    ids = list(
        deliveries.filter(status=State.QUEUED)
        .order_by("pk")
        .values_list("pk", flat=True)[: config["batch_size"]]
    )
    if not ids:
        _finish(issue_id)
        return 0
    connection = get_connection()
    try:
        connection.open()
    except (OSError, smtplib.SMTPException) as error:
        log.warning("Newsletter %s: SMTP server not reachable; the keeper retries: %s",
                    issue_id, error)  # fmt: skip
        return 0
    sent = 0
    pause = 1 / config["rate_per_second"]
    next_at = time.monotonic()
    templates = {}
    try:
        for pk in ids:
            claimed = Delivery.objects.filter(pk=pk, status=State.QUEUED).update(
                status=State.CLAIMED, claimed_at=timezone.now(), attempts=F("attempts") + 1
            )
            if not claimed:
                continue
            delivery = Delivery.objects.select_related("subscription").get(pk=pk)
            subscription = delivery.subscription
            if subscription.status != Subscription.Status.CONFIRMED:
                _settle(pk, State.FAILED, "no longer subscribed")
                continue
            time.sleep(max(0.0, next_at - time.monotonic()))
            next_at = max(next_at, time.monotonic()) + pause
            language = subscription.language
            if language not in templates:
                templates[language] = message_template(issue, language=language)
            message = templates[language].message(to=subscription.email, token=subscription.token)
            if _deliver(connection, delivery, message):
                sent += 1
    except (OSError, smtplib.SMTPException) as error:
        log.warning("Newsletter %s: connection lost; the keeper goes on: %s", issue_id, error)
        return sent
    finally:
        with contextlib.suppress(Exception):  # a broken connection may fail to close too
            connection.close()
    if deliveries.filter(status=State.QUEUED).exists():
        send_batch_task.enqueue(issue_id)
    else:
        _finish(issue_id)
    return sent


def _deliver(connection, delivery: Delivery, message) -> bool:
    pk = delivery.pk
    try:
        transmit(connection, message, before_body=lambda: _mark_sending(pk))
    except HardBounce as error:
        with transaction.atomic():
            _settle(pk, State.BOUNCED, str(error))
            Subscription.objects.filter(
                pk=delivery.subscription_id, status=Subscription.Status.CONFIRMED
            ).update(status=Subscription.Status.BOUNCED, bounced_at=timezone.now(),
                     bounce_reason=str(error)[:300])  # fmt: skip
        return False
    except TemporaryFailure as error:
        final = delivery.attempts >= MAX_ATTEMPTS
        _settle(pk, State.FAILED if final else State.QUEUED, str(error))
        return False
    except LostInTransit as error:
        _settle(pk, State.UNKNOWN, str(error))
        raise smtplib.SMTPServerDisconnected(str(error)) from None
    except (OSError, smtplib.SMTPException):
        Delivery.objects.filter(pk=pk, status=State.CLAIMED).update(status=State.QUEUED)
        raise
    Delivery.objects.filter(pk=pk).update(status=State.SENT, sent_at=timezone.now())
    return True


def _mark_sending(pk: int) -> None:
    Delivery.objects.filter(pk=pk, status=State.CLAIMED).update(status=State.SENDING)


def _settle(pk: int, status: str, error: str) -> None:
    Delivery.objects.filter(pk=pk).update(status=status, error=error[:300])


def transmit(connection, message, *, before_body) -> None:
    """One SMTP transaction on an open Django SMTP connection, in three steps, so the
    caller learns the moment before the body goes out (``before_body``)."""
    smtp = getattr(connection, "connection", None)
    if not isinstance(smtp, smtplib.SMTP):  # a development or test backend (files, memory)
        before_body()
        connection.send_messages([message])
        return
    encoding = message.encoding or settings.DEFAULT_CHARSET
    sender = sanitize_address(message.from_email, encoding)
    recipient = sanitize_address(message.to[0], encoding)
    body = message.message().as_bytes(linesep="\r\n")
    smtp.ehlo_or_helo_if_needed()
    code, answer = smtp.mail(sender)
    if code != 250:
        smtp.rset()
        raise TemporaryFailure(f"{code} {answer!r}")  # our sender refused: not the reader's fault
    code, answer = smtp.rcpt(recipient)
    if code not in (250, 251):
        smtp.rset()
        raise (HardBounce if code >= 500 else TemporaryFailure)(
            f"{code} {answer.decode(errors='replace')}"
        )
    before_body()
    try:
        code, answer = smtp.data(body)
    except smtplib.SMTPDataError as error:  # DATA itself refused: no body went out
        smtp.rset()
        raise (HardBounce if error.smtp_code >= 500 else TemporaryFailure)(str(error)) from None
    except (OSError, smtplib.SMTPServerDisconnected) as error:
        raise LostInTransit(str(error)) from error
    if code != 250:
        smtp.rset()
        raise (HardBounce if code >= 500 else TemporaryFailure)(
            f"{code} {answer.decode(errors='replace')}"
        )


def _finish(issue_id: int) -> None:
    """Nothing queued: the issue is sent once no claim is out (the keeper waits for those)."""
    out = Delivery.objects.filter(issue_id=issue_id, status__in=[State.CLAIMED, State.SENDING])
    if out.exists():
        return
    done = Issue.objects.filter(pk=issue_id, status=Issue.Status.SENDING).update(
        status=Issue.Status.SENT, sent_at=timezone.now()
    )
    if done:
        pagecache.content_changed()


@task()
def issue_start_task(issue_id: int) -> int:
    return issue_start(issue_id=issue_id)


@task()
def send_batch_task(issue_id: int, keeper: bool = False) -> int:
    return send_batch(issue_id=issue_id, keeper=keeper)
