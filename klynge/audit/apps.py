from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "klynge.audit"
    label = "audit"
    verbose_name = _("Audit log")


class AuditedAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with a site that writes every add, change and delete to the audit log."""

    default = False  # named in INSTALLED_APPS in place of django.contrib.admin
    default_site = "klynge.audit.sites.AuditedAdminSite"
