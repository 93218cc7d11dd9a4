"""What the site itself keeps: the outgoing mail queue."""

from datetime import datetime

from django.utils.translation import gettext_lazy as _
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from klynge.core.retention import Rule


def _forget_sent_mail(cutoff: datetime) -> int:
    """Finished tasks keep their arguments, for mail the whole message: delete them all
    (what prune_db_task_results does, on our own clock)."""
    finished = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED], finished_at__lt=cutoff
    )
    return finished.delete()[0]


RETENTION = [
    Rule(
        key="sent_mail",
        what=_(
            "Emails the site sends, among them messages written through the contact forms, "
            "while they wait to be sent and for a while after"
        ),
        then=_("deleted"),
        purge=_forget_sent_mail,
    ),
]
