from django_tasks import task

from klynge.core.mail import build_message, email_queue, outgoing_send


@task()
def send_outgoing(mail_id: int) -> bool:
    """Send one stored email (core.mail.outgoing_send); a failure is retried by a later task."""
    return outgoing_send(mail_id=mail_id)


@task()
def send_email(**payload) -> int:
    """Tasks queued before mail was stored as rows: store the message and send it that way."""
    email_queue(build_message(payload))
    return 1
