"""What the insights app keeps of its own: report texts, and surveys with their answers.

Every figure is computed from the other apps' data when it is asked for;
nothing here copies it.
"""

from __future__ import annotations

import secrets
from functools import cached_property

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

REPORT_LANGUAGES = [("nb", "Norsk bokmål"), ("nn", "Norsk nynorsk")]


class ReportTextQuerySet(models.QuerySet):
    def for_period(self, *, start, end, language: str):
        return self.filter(start=start, end=end, language=language)


class ReportText(models.Model):
    """The staff's own words for the report of one period, in one language."""

    start = models.DateField(_("first day"))
    end = models.DateField(_("day after the last"))
    language = models.CharField(_("language"), max_length=2, choices=REPORT_LANGUAGES)
    body = models.TextField(
        _("text"),
        blank=True,
        help_text=_("What the year meant, in your own words. Blank lines separate paragraphs."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last changed by"),
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("last changed"))

    objects = ReportTextQuerySet.as_manager()

    class Meta:
        verbose_name = _("report text")
        verbose_name_plural = _("report texts")
        constraints = [
            models.UniqueConstraint("start", "end", "language", name="reporttext_one_per_period"),
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="reporttext_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start}–{self.end} ({self.language})"


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Survey(models.Model):
    """A short survey staff send to members, event participants or everyone reachable.

    Anonymous by default: an answer keeps no link to the invitation or the
    person, and the invitation only knows *that* it was answered.
    """

    class Audience(models.TextChoices):
        MEMBERS = "members", _("Members")
        PARTICIPANTS = "participants", _("Event participants")
        CONTACTABLE = "contactable", _("Everyone who agreed to get questions from the hub")

    title_nb = models.CharField(_("title (bokmål)"), max_length=200)
    title_nn = models.CharField(_("title (nynorsk)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    intro_nb = models.TextField(_("introduction (bokmål)"), blank=True)
    intro_nn = models.TextField(_("introduction (nynorsk)"), blank=True)
    intro_en = models.TextField(_("introduction (English)"), blank=True)
    closes_on = models.DateField(_("last day to answer"))
    anonymous = models.BooleanField(
        _("anonymous"), default=True, help_text=_("Answers cannot be joined to a person.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    # Stamped by the conditional UPDATE that claims the one reminder.
    reminded_at = models.DateTimeField(null=True, blank=True, verbose_name=_("reminded"))

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return getattr(self, f"title_{get_language() or 'nb'}", "") or self.title_nb

    @property
    def intro(self) -> str:
        return getattr(self, f"intro_{get_language() or 'nb'}", "") or self.intro_nb

    @property
    def is_open(self) -> bool:
        return timezone.localdate() <= self.closes_on

    @cached_property
    def is_sent(self) -> bool:
        """Invitations exist: the questions are locked, so answers match them.
        Asked once per instance; the builder's services read a fresh, locked row."""
        return self.invitations.exists()


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("One choice")
        MULTIPLE = "multiple", _("Several choices")
        SCALE = "scale", _("Scale 1–5")
        TEXT = "text", _("Free text")

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("survey")
    )
    position = models.PositiveSmallIntegerField(default=0, verbose_name=_("position"))
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    text_nb = models.CharField(_("question (bokmål)"), max_length=300)
    text_nn = models.CharField(_("question (nynorsk)"), max_length=300)
    text_en = models.CharField(_("question (English)"), max_length=300)
    # For choices: [{"nb": "...", "nn": "...", "en": "..."}, ...]
    choices = models.JSONField(_("choices"), default=list, blank=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return getattr(self, f"text_{get_language() or 'nb'}", "") or self.text_nb

    def choice_labels(self) -> list[str]:
        language = get_language() or "nb"
        return [c.get(language) or c.get("nb", "") for c in self.choices]


class SurveyInvitation(models.Model):
    """One person asked to answer, through a personal link.

    ``answered`` is the only trace of an answer here: the answer itself has
    no key to this row, so an anonymous survey cannot be joined back.
    """

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("survey")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="survey_invitations",
        verbose_name=_("user"),
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, verbose_name=_("token"))
    answered = models.BooleanField(default=False, verbose_name=_("answered"))
    # Claimed by a conditional UPDATE before each email is queued.
    sent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("sent"))
    reminded_at = models.DateTimeField(null=True, blank=True, verbose_name=_("reminded"))

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        constraints = [
            models.UniqueConstraint("survey", "user", name="surveyinvitation_once_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ← {self.survey}"


class SurveyResponse(models.Model):
    """One person's answers. Only the day is kept, so that the time an invitation was
    answered cannot match it; ``respondent`` is set only when the survey is not anonymous."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("survey")
    )
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("respondent"),
    )
    answered_on = models.DateField(default=timezone.localdate, verbose_name=_("answered on"))

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self) -> str:
        return f"{self.survey} ({self.answered_on})"


class QuestionAnswer(models.Model):
    response = models.ForeignKey(
        SurveyResponse, on_delete=models.CASCADE, related_name="answers", verbose_name=_("response")
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question")
    )
    choices = models.JSONField(
        default=list, blank=True, verbose_name=_("choices")
    )  # indexes into question.choices
    scale = models.PositiveSmallIntegerField(null=True, blank=True, verbose_name=_("scale"))
    text = models.TextField(blank=True, verbose_name=_("text"))

    class Meta:
        verbose_name = _("answer to a question")
        verbose_name_plural = _("answers to questions")
        constraints = [
            models.UniqueConstraint("response", "question", name="questionanswer_once"),
            models.CheckConstraint(
                condition=Q(scale__isnull=True) | Q(scale__gte=1, scale__lte=5),
                name="questionanswer_scale_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.choices or self.scale or self.text[:40]}"
