from django.contrib import admin

from klynge.teams.models import Member, Team, TeamMessage


class MemberInline(admin.TabularInline):
    model = Member
    extra = 0
    raw_id_fields = ["person", "company", "invited_by"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["need", "started_by"]
    inlines = [MemberInline]


@admin.register(TeamMessage)
class TeamMessageAdmin(admin.ModelAdmin):
    list_display = ["__str__", "team", "from_poster", "created_at"]
    raw_id_fields = ["team", "author", "member"]
