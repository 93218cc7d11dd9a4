"""Background work for events. Tasks take no objects, only what JSON can carry."""

from django_tasks import task

from klynge.events import services


@task()
def send_event_reminders() -> dict[str, int]:
    """Reminders 24 hours ahead and thank-you emails afterwards. Safe to run often."""
    return {"reminders": services.reminders_send(), "thanks": services.thanks_send()}
