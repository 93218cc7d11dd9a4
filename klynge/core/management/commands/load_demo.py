from importlib import import_module

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from klynge.accounts.models import User
from klynge.accounts.services import user_create

# Demo sign-ins, printed by `make run`. Never load demo data in production.
DEMO_USERS = [
    {
        "email": "admin@example.org",
        "password": "demo-admin-2026",
        "name": "Hanne Hub",
        "is_superuser": True,
    },
    {
        "email": "kari@example.org",
        "password": "demo-kari-2026",
        "name": "Kari Haugen",
        "language": "nn",
    },
    {"email": "ola@example.org", "password": "demo-ola-2026", "name": "Ola Bakken"},
]


class Command(BaseCommand):
    help = "Load demo data. Safe to run again: what exists is left as it is."

    def handle(self, *args, **options):
        created = 0
        with transaction.atomic():
            for spec in DEMO_USERS:
                if User.objects.filter(email__iexact=spec["email"]).exists():
                    continue
                user_create(email_verified=True, **spec)
                created += 1
        self.stdout.write(
            f"Demo data: {created} users created, {len(DEMO_USERS) - created} already there."
        )
        for module in demo_modules():
            module.load(self.stdout)
        # Demo data is written straight to the tables; build the search index over it.
        call_command("reindex", no_progress=True, stdout=self.stdout)
        self.stdout.write("Demo sign-ins (email / password):")
        for spec in DEMO_USERS:
            role = "staff" if spec.get("is_superuser") else "user"
            self.stdout.write(f"  {spec['email']} / {spec['password']}  ({role})")


def demo_modules():
    """Each app's ``demo.load(stdout)``, in INSTALLED_APPS order, after the demo users."""
    modules = []
    for config in apps.get_app_configs():
        if config.name.startswith("klynge."):
            try:
                modules.append(import_module(f"{config.name}.demo"))
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.demo":
                    raise
    return modules
