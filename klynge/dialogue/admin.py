from django.contrib import admin

from klynge.dialogue.models import Meeting, MeetingInvitation


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["event", "need", "created_at"]
    raw_id_fields = ["need", "event", "created_by"]


@admin.register(MeetingInvitation)
class MeetingInvitationAdmin(admin.ModelAdmin):
    list_display = ["meeting", "person", "company", "created_at"]
    raw_id_fields = ["meeting", "person", "company"]
