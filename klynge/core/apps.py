from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from klynge.core.bulk import register_lookups
from klynge.core.ratelimit import route_allauth_counters


class CoreConfig(AppConfig):
    name = "klynge.core"
    label = "core"
    verbose_name = _("Site")

    def ready(self):
        route_allauth_counters()
        register_lookups()  # field__any= in every query, whichever module is imported first
