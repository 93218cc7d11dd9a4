from django.contrib import admin
from django.db import models

from klynge.core.uploads import EventImageField, delete_on_commit, delete_replaced, old_file_name
from klynge.news.models import Post, Tag


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["title", "language", "published_at", "author"]
    list_filter = ["language", "tags"]
    search_fields = ["title", "lead", "body"]
    prepopulated_fields = {"slug": ["title"]}
    raw_id_fields = ["author", "translation_of"]
    filter_horizontal = ["tags"]
    date_hierarchy = "published_at"
    formfield_overrides = {models.ImageField: {"form_class": EventImageField}}

    def save_model(self, request, obj, form, change):
        old_image = old_file_name(Post, obj.pk, "image")
        super().save_model(request, obj, form, change)
        delete_replaced(obj.image, old_image)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        delete_on_commit(obj.image.storage, obj.image.name)
