from django_tasks import task

from klynge.core import retention
from klynge.core.mail import build_message, email_queue


@task()
def send_email(**payload) -> int:
    """Tasks queued before mail was stored as rows: store the message and send it that way.

    New mail goes through core.mail.email_queue and the send_outgoing task.
    """
    email_queue(build_message(payload))
    return 1


@task()
def run_retention() -> dict[str, int]:
    """Delete or anonymise what is kept past its time. Safe to run often."""
    return retention.run()
