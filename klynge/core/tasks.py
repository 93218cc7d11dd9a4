from django_tasks import task

from klynge.core import retention
from klynge.core.mail import build_message


@task()
def send_email(**payload) -> int:
    """Send one email message; returns the number of messages sent (0 or 1)."""
    return build_message(payload).send()


@task()
def run_retention() -> dict[str, int]:
    """Delete or anonymise what is kept past its time. Safe to run often."""
    return retention.run()
