"""The admin's side of uploaded images: the same checks as the site's own forms,
and no file left behind when a row lets go of it."""

from __future__ import annotations

from django.db import models

from klynge.core.uploads import EventImageField, delete_on_commit, delete_replaced, old_file_name


class UploadedImagesAdmin:
    """Mixin for a ModelAdmin whose model has image fields (``image_fields``).

    A new upload is checked and re-encoded like any other; a replaced or deleted
    row's file is deleted once the change commits (never if it rolls back).
    """

    image_fields: tuple[str, ...] = ("image",)
    formfield_overrides = {models.ImageField: {"form_class": EventImageField}}

    def save_model(self, request, obj, form, change):
        model = type(obj)
        old = {name: old_file_name(model, obj.pk, name) for name in self.image_fields}
        super().save_model(request, obj, form, change)
        for name in self.image_fields:
            delete_replaced(getattr(obj, name), old[name])

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        for name in self.image_fields:
            file = getattr(obj, name)
            delete_on_commit(file.storage, file.name)

    def delete_queryset(self, request, queryset):
        files = [
            (getattr(obj, name).storage, getattr(obj, name).name)
            for obj in queryset
            for name in self.image_fields
            if getattr(obj, name)
        ]
        super().delete_queryset(request, queryset)
        for storage, name in files:
            delete_on_commit(storage, name)
