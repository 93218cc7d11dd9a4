from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from klynge.competence import vocabulary
from klynge.competence.models import Category, Competence


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["slug", "label_nb", "label_nn", "label_en"]
    search_fields = ["slug", "label_nb", "label_nn", "label_en"]


@admin.register(Competence)
class CompetenceAdmin(admin.ModelAdmin):
    list_display = ["label_nb", "label_nn", "label_en", "category"]
    list_filter = ["category"]
    search_fields = ["slug", "label_nb", "label_nn", "label_en"]
    filter_horizontal = ["related"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Every process rebuilds its vocabulary; run `manage.py reindex` to remap skills.
        transaction.on_commit(vocabulary.bump)
        messages.info(request, _("Run 'manage.py reindex' so that profiles use the change."))
