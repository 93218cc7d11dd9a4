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


class SurveyForm(forms.Form):
    """A survey's texts in three languages, its closing date and anonymity. Once it is
    sent, every field but the closing date is shown disabled (and not read)."""

    title_nb = forms.CharField(label=_("Title (bokmål)"), max_length=200)
    title_nn = forms.CharField(label=_("Title (nynorsk)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200)
    intro_nb = forms.CharField(
        label=_("Introduction (bokmål)"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip
    intro_nn = forms.CharField(
        label=_("Introduction (nynorsk)"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip
    intro_en = forms.CharField(
        label=_("Introduction (English)"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip
    closes_on = forms.DateField(
        label=_("Last day to answer"), widget=forms.DateInput(attrs={"type": "date"})
    )
    anonymous = forms.BooleanField(
        label=_("Anonymous"), required=False, initial=True,
        help_text=_("Answers are stored without names and cannot be joined to a person."),
    )  # fmt: skip

    LANGS = ("nb", "nn", "en")

    def __init__(self, *args, survey: Survey | None = None, **kwargs):
        if survey is not None:
            kwargs.setdefault("initial", self.initial_for(survey))
        super().__init__(*args, **kwargs)
        if survey is not None and survey.is_sent:
            for name, field in self.fields.items():
                field.disabled = name != "closes_on"

    @classmethod
    def initial_for(cls, survey: Survey) -> dict:
        names = [f"{part}_{lang}" for part in ("title", "intro") for lang in cls.LANGS]
        return {
            **{name: getattr(survey, name) for name in names},
            "closes_on": survey.closes_on, "anonymous": survey.anonymous,
        }  # fmt: skip

    def values(self) -> dict:
        """Keyword arguments for ``survey_create``/``survey_update``."""
        data = self.cleaned_data
        return {
            "titles": {lang: data[f"title_{lang}"] for lang in self.LANGS},
            "intros": {lang: data[f"intro_{lang}"] for lang in self.LANGS},
            "closes_on": data["closes_on"],
            "anonymous": data["anonymous"],
        }


def _choices_field(label) -> forms.CharField:
    return forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": 4}))


class QuestionForm(forms.Form):
    """One question; the choices are read line by line and matched up by the service."""

    kind = forms.ChoiceField(label=_("Kind of question"), choices=Question.Kind.choices)
    text_nb = forms.CharField(label=_("Question (bokmål)"), max_length=300)
    text_nn = forms.CharField(label=_("Question (nynorsk)"), max_length=300)
    text_en = forms.CharField(label=_("Question (English)"), max_length=300)
    choices_nb = _choices_field(_("Choices (bokmål)"))
    choices_nn = _choices_field(_("Choices (nynorsk)"))
    choices_en = _choices_field(_("Choices (English)"))

    LANGS = ("nb", "nn", "en")

    def __init__(self, *args, question: Question | None = None, **kwargs):
        if question is not None:
            initial = {"kind": question.kind}
            for lang in self.LANGS:
                initial[f"text_{lang}"] = getattr(question, f"text_{lang}")
                initial[f"choices_{lang}"] = "\n".join(c.get(lang, "") for c in question.choices)
            kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)

    def values(self) -> dict:
        """Keyword arguments for ``question_add``/``question_update``."""
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "texts": {lang: data[f"text_{lang}"] for lang in self.LANGS},
            "choices": {lang: data[f"choices_{lang}"].splitlines() for lang in self.LANGS},
        }


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
