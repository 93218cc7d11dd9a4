from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NeedsConfig(AppConfig):
    name = "klynge.needs"
    label = "needs"
    verbose_name = _("Needs")

    def ready(self):
        from klynge.needs import attachments

        attachments.connect()
