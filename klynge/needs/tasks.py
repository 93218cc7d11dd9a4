"""Background work for the needs board. Tasks take ids, never objects."""

from django_tasks import task

from klynge.needs import alerts, jobs


@task()
def notify_providers(need_id: int) -> int:
    """Tell the providers who match a newly opened need. Safe to run again."""
    return alerts.notify_providers(need_id)


@task()
def run_jobs() -> dict[str, int]:
    """Expiry reminders, expiry, follow-ups and digests. Safe to run often."""
    return jobs.run_all()
