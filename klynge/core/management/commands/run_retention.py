from django.core.management.base import BaseCommand

from klynge.core import retention


class Command(BaseCommand):
    help = "Delete or anonymise personal data kept past its time (KLYNGE_RETENTION). Daily."

    def handle(self, *args, **options):
        done = retention.run()
        self.stdout.write(", ".join(f"{key}: {count}" for key, count in done.items()))
