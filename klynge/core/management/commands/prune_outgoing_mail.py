from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from klynge.core.models import OutgoingMail


class Command(BaseCommand):
    help = (
        "Delete sent email older than --days (default 30). Sent rows hold people's "
        "addresses and messages; queued, sending and failed rows are kept for staff."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30)

    def handle(self, *args, days: int, **options):
        cutoff = timezone.now() - timedelta(days=days)
        deleted, _ = OutgoingMail.objects.filter(
            status=OutgoingMail.Status.SENT, sent_at__lt=cutoff
        ).delete()
        self.stdout.write(f"Deleted {deleted} sent email(s) older than {days} days.")
