"""The demo sign-ins for `manage.py load_demo`, made before any other app's demo data
(accounts comes first in INSTALLED_APPS), which hangs profiles, needs and sign-ups on
them. Never load demo data in production."""

from django.db import transaction

from klynge.accounts.models import User
from klynge.accounts.services import user_create

# Printed by `make run`.
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


def load(stdout) -> None:
    """Create the demo users that are not there yet; safe to run again."""
    created = 0
    with transaction.atomic():
        for spec in DEMO_USERS:
            if User.objects.filter(email__iexact=spec["email"]).exists():
                continue
            user_create(email_verified=True, **spec)
            created += 1
    stdout.write(f"Demo data: {created} users created, {len(DEMO_USERS) - created} already there.")
    stdout.write("Demo sign-ins (email / password):")
    for spec in DEMO_USERS:
        role = "staff" if spec.get("is_superuser") else "user"
        stdout.write(f"  {spec['email']} / {spec['password']}  ({role})")
