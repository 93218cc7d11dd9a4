from django.core.management.base import BaseCommand

from klynge.needs import jobs


class Command(BaseCommand):
    help = "Send expiry reminders, close expired needs, send follow-ups and daily digests."

    def handle(self, *args, **options):
        done = jobs.run_all()
        self.stdout.write(", ".join(f"{name}: {count}" for name, count in done.items()))
