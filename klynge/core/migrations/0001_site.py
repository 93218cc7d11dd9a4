from django.conf import settings
from django.db import migrations


def name_site(apps, schema_editor):
    """Give the sites framework's site the hub's name; allauth puts it in emails."""
    Site = apps.get_model("sites", "Site")
    Site.objects.update_or_create(
        id=settings.SITE_ID,
        defaults={"name": settings.KLYNGE_HUB["name"], "domain": "127.0.0.1:8000"},
    )


class Migration(migrations.Migration):
    dependencies = [("sites", "0002_alter_domain_unique")]

    operations = [migrations.RunPython(name_site, migrations.RunPython.noop)]
