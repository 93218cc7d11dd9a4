from django.core.management import call_command
from django.core.management.base import BaseCommand

from klynge.core.app_modules import app_modules


class Command(BaseCommand):
    help = "Load demo data. Safe to run again: what exists is left as it is."

    def handle(self, *args, **options):
        # The demo users come first (accounts' demo), then each app's, in
        # INSTALLED_APPS order; core knows the apps only by their label.
        for module in demo_modules():
            module.load(self.stdout)
        # Demo data is written straight to the tables; build the search index over it.
        call_command("reindex", no_progress=True, stdout=self.stdout)


def demo_modules():
    """Each app's ``demo.load(stdout)``, in INSTALLED_APPS order, after the demo users."""
    return app_modules("demo")
