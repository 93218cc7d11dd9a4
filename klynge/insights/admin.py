from django.contrib import admin

from klynge.insights.models import Question, ReportText, Survey


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0
    fields = ["position", "kind", "text_nb", "text_nn", "text_en", "choices"]

    # Once sent, the questions are locked here too, as in the builder: answers match them.
    def has_add_permission(self, request, obj=None) -> bool:
        return (obj is None or not obj.is_sent) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return (obj is None or not obj.is_sent) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return (obj is None or not obj.is_sent) and super().has_delete_permission(request, obj)


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    """A survey's texts and questions, for the admin's eyes. Staff build surveys on
    the builder pages under Insights, where sending, reminding and results are too."""

    list_display = ["title_nb", "closes_on", "anonymous", "created_at"]
    fields = [
        "title_nb", "title_nn", "title_en", "intro_nb", "intro_nn", "intro_en",
        "closes_on", "anonymous",
    ]  # fmt: skip
    inlines = [QuestionInline]


@admin.register(ReportText)
class ReportTextAdmin(admin.ModelAdmin):
    list_display = ["start", "end", "language", "updated_at"]
    readonly_fields = ["updated_by", "updated_at"]
