from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db import apps as tasks_apps

from klynge.core.bulk import register_lookups
from klynge.core.ratelimit import route_allauth_counters


class CoreConfig(AppConfig):
    name = "klynge.core"
    label = "core"
    verbose_name = _("Outgoing email")

    def ready(self):
        route_allauth_counters()
        register_lookups()  # field__any= in every query, whichever module is imported first


class TasksConfig(tasks_apps.TasksAppConfig):
    """django-tasks-db's app (named in INSTALLED_APPS in its place), with a translated
    heading in the admin instead of "Tasks Database Backend". (Its module is imported,
    not the class, so that CoreConfig stays this module's one default AppConfig.)"""

    default = False
    verbose_name = _("Background tasks")
