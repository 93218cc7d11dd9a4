from django.contrib import admin

from klynge.core.admin_images import UploadedImagesAdmin
from klynge.news.models import Post, Tag


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Post)
class PostAdmin(UploadedImagesAdmin, admin.ModelAdmin):
    list_display = ["title", "language", "published_at", "author"]
    list_filter = ["language", "tags"]
    search_fields = ["title", "lead", "body"]
    prepopulated_fields = {"slug": ["title"]}
    raw_id_fields = ["author", "translation_of"]
    filter_horizontal = ["tags"]
    date_hierarchy = "published_at"
