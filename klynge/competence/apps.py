from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CompetenceConfig(AppConfig):
    name = "klynge.competence"
    label = "competence"
    verbose_name = _("Competence")

    def ready(self):
        from klynge.competence.taxonomy import fill_after_migrate  # models are ready now

        post_migrate.connect(fill_after_migrate, sender=self)
