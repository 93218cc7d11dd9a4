from django.contrib import admin

from klynge.insights.models import Question, ReportText, Survey


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0
    fields = ["position", "kind", "text_nb", "text_nn", "text_en", "choices"]


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    """Where staff build a survey: texts in three languages and the questions.
    Sending, reminding and results are on the survey's page under Insights."""

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
