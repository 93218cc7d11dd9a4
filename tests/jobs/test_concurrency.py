"""Withdrawing and taking down at the same moment on separate connections: one wins,
the others are told the posting changed, and only one audit entry is written.
Runs on SQLite (a file copy) and on PostgreSQL."""

from __future__ import annotations

import pytest

from klynge.audit.models import AuditEntry
from klynge.core.errors import Conflict
from klynge.jobs import services
from klynge.jobs.models import JobPosting
from tests.jobs.conftest import make_company, post
from tests.needs.test_concurrency import N, at_once


@pytest.fixture
def job(transactional_db):
    company, admin = make_company("Fjellkode AS", member=True, admin_email="ada@fjellkode.example")
    return post(admin, company)


def test_taking_down_in_parallel_counts_once(database, job, staff):
    results, errors = at_once(
        database,
        lambda: services.job_take_down(
            job=JobPosting.objects.get(pk=job.pk), by=staff, reason="Ikkje IT"
        ),
    )
    assert len(results) == 1 and len(errors) == N - 1
    assert all(isinstance(error, Conflict) for error in errors)
    assert JobPosting.objects.get(pk=job.pk).status == "removed"
    assert AuditEntry.objects.filter(target_id=str(job.pk)).count() == 1
