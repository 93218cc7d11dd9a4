from django.contrib import admin

from klynge.jobs.models import JobPosting


@admin.register(JobPosting)
class JobPostingAdmin(admin.ModelAdmin):
    list_display = ["title", "company", "municipality", "work_mode", "deadline", "status"]
    list_filter = ["status", "work_mode", "municipality"]
    search_fields = ["title", "description", "company__name"]
    raw_id_fields = ["company", "posted_by"]
    filter_horizontal = ["competences"]
    date_hierarchy = "published_at"
