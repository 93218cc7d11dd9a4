from django.core.management.base import BaseCommand

from klynge.events import services


class Command(BaseCommand):
    help = (
        "Queue reminder emails for events within 24 hours and thank-you emails for events "
        "that ended. Each email goes out once, so run it every few minutes from cron."
    )

    def handle(self, *args, **options):
        reminders = services.reminders_send()
        thanks = services.thanks_send()
        self.stdout.write(f"Events: {reminders} reminders and {thanks} thank-you emails queued.")
