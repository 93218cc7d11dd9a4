from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klynge.core.region import municipality_choices
from klynge.insights.figures import Period, PeriodError
from klynge.insights.models import REPORT_LANGUAGES, Question, ReportText, Survey

THIS_YEAR, LAST_YEAR, LAST_12, CUSTOM = "i-ar", "i-fjor", "siste-12", "egen"


class PeriodForm(forms.Form):
    """The dashboard's period and municipality, read from the query string."""

    periode = forms.ChoiceField(
        label=_("Period"),
        choices=[
            (THIS_YEAR, _("This year")),
            (LAST_YEAR, _("Last year")),
            (LAST_12, _("The last 12 months")),
            (CUSTOM, _("Choose dates")),
        ],
        required=False,
    )
    fra = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    til = forms.DateField(
        label=_("To and including"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    kommune = forms.ChoiceField(label=_("Municipality"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kommune"].choices = [("", _("The whole region"))] + municipality_choices(
            include_outside=False
        )

    def clean(self):
        data = super().clean()
        choice = data.get("periode") or THIS_YEAR
        try:
            if choice == CUSTOM:
                if not (data.get("fra") and data.get("til")):
                    raise PeriodError(_("Give both the first and the last day."))
                data["period"] = Period(data["fra"], data["til"] + timedelta(days=1))
            elif choice == LAST_YEAR:
                data["period"] = Period.year(timezone.localdate().year - 1)
            elif choice == LAST_12:
                data["period"] = Period.last_12_months()
            else:
                data["period"] = Period.this_year()
        except PeriodError as error:
            raise forms.ValidationError(str(error)) from None
        return data

    def selection(self) -> tuple[Period, str | None]:
        """The period and municipality asked for; this year and the whole region
        when the form is empty or wrong (its errors are shown)."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["period"], self.cleaned_data.get("kommune") or None
        return Period.this_year(), None


class ReportForm(PeriodForm):
    """The report's period, municipality and language."""

    sprak = forms.ChoiceField(
        label=_("Language of the report"), choices=REPORT_LANGUAGES, required=False
    )

    def language(self) -> str:
        if self.is_bound and self.is_valid() and self.cleaned_data.get("sprak"):
            return self.cleaned_data["sprak"]
        return "nb"


class ReportTextForm(forms.ModelForm):
    class Meta:
        model = ReportText
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}


class SurveyCreateForm(forms.Form):
    closes_on = forms.DateField(
        label=_("Last day to answer"), widget=forms.DateInput(attrs={"type": "date"})
    )


class SurveyInviteForm(forms.Form):
    audience = forms.ChoiceField(
        label=_("Send to"), choices=Survey.Audience.choices, widget=forms.RadioSelect
    )


class AnswerForm(forms.Form):
    """One field per question of a survey, in the reader's language; none is required."""

    def __init__(self, *args, survey: Survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(survey.questions.all())
        for question in self.questions:
            self.fields[f"q{question.pk}"] = self._field(question)

    @staticmethod
    def _field(question: Question) -> forms.Field:
        label, kind = question.text, question.kind
        choices = list(enumerate(question.choice_labels()))
        if kind == Question.Kind.SINGLE:
            return forms.TypedChoiceField(
                label=label, choices=choices, coerce=int, required=False, widget=forms.RadioSelect
            )
        if kind == Question.Kind.MULTIPLE:
            return forms.TypedMultipleChoiceField(
                label=label, choices=choices, coerce=int, required=False,
                widget=forms.CheckboxSelectMultiple,
            )  # fmt: skip
        if kind == Question.Kind.SCALE:
            scale = [(n, str(n)) for n in range(1, 6)]
            return forms.TypedChoiceField(
                label=label, choices=scale, coerce=int, required=False, widget=forms.RadioSelect
            )
        return forms.CharField(
            label=label, required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
        )

    def answers(self) -> dict[int, object]:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}
