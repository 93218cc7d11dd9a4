from django.core.management.base import BaseCommand

from klynge.spaces.tasks import release_no_shows


class Command(BaseCommand):
    help = (
        "Queue the release of bookings not checked in in time (no-shows) on the task worker. "
        "Safe to repeat: run it every five minutes from the timer."
    )

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Run here instead of queueing.")

    def handle(self, *args, **options):
        if options["now"]:
            result = release_no_shows.call()
            self.stdout.write(f"Bookings: {result['released']} no-shows released.")
        else:
            release_no_shows.enqueue()
            self.stdout.write("Bookings: the release of no-shows is queued.")
