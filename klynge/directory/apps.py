from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "klynge.directory"
    label = "directory"
    verbose_name = _("Directory")

    def ready(self):
        from klynge.directory import supply  # models are ready
        from klynge.directory.documents import refresh_stale_after_migrate

        post_migrate.connect(refresh_stale_after_migrate, sender=self)
        supply.connect()
