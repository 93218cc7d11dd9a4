"""The same work started at the same moment on separate database connections:
a provider is still told once, a provider still answers once, a digest still
goes out once. Runs on SQLite (a file copy) and on PostgreSQL."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.core import mail
from django.db import connection

from klynge.core.errors import DomainError
from klynge.needs import alerts, services
from klynge.needs.models import AlertSettings, Answer, Need, Notice
from tests.conftest import run_tasks
from tests.needs.conftest import SHOP_NEED

N = 8


def at_once(database, work) -> tuple[list, list[BaseException]]:
    """Run ``work()`` in N threads released together; return results and errors."""
    barrier = threading.Barrier(N)
    results, errors = [], []

    def run() -> None:
        database()
        try:
            barrier.wait(timeout=30)
            results.append(work())
        except BaseException as error:  # reported in the test's thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(N)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


@pytest.fixture
def open_need(transactional_db, poster, staff, provider, company_admin):
    need = services.need_create(poster=poster, **SHOP_NEED)
    services.need_approve(need=need, by=staff)
    Notice.objects.all().delete()  # the approval's own task has not run; start clean
    return need


def test_notifying_in_parallel_tells_each_provider_once(
    database, open_need, provider, company_admin
):
    results, errors = at_once(database, lambda: alerts.notify_providers(open_need.pk))
    assert errors == []
    assert sum(results) == 2
    assert Counter(Notice.objects.values_list("recipient", flat=True)) == {
        provider.pk: 1,
        company_admin.pk: 1,
    }
    mail.outbox.clear()
    sent = [m for m in run_tasks() + run_tasks() if "matches you" in m.subject]
    assert sorted(m.to[0] for m in sent) == sorted([provider.email, company_admin.email])


def test_answering_in_parallel_gives_one_answer(database, open_need, provider):
    results, errors = at_once(
        database,
        lambda: services.answer_create(
            need=Need.objects.get(pk=open_need.pk), by=provider, message="Hei!"
        ),
    )
    assert len(results) == 1
    assert len(errors) == N - 1
    assert all(isinstance(error, DomainError) for error in errors)
    assert Answer.objects.count() == 1
    assert Need.objects.get(pk=open_need.pk).status == Need.Status.DIALOGUE


def test_digests_in_parallel_go_out_once(database, open_need, provider):
    AlertSettings.objects.create(user=provider, frequency=AlertSettings.Frequency.DIGEST)
    alerts.notify_providers(open_need.pk)
    results, errors = at_once(database, alerts.digests_send)
    assert errors == []
    assert sorted(results) == [0] * (N - 1) + [1]
    mail.outbox.clear()
    digests = [m for m in run_tasks() if m.to == [provider.email]]
    assert len(digests) == 1
    assert open_need.title in digests[0].body
