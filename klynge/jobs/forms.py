from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klynge.competence.models import Competence
from klynge.core.forms import HoneypotMixin
from klynge.core.region import municipality_choices
from klynge.directory.models import Company
from klynge.jobs.filters import JobFilters
from klynge.jobs.models import JobPosting

FORM_FIELDS = [
    "title", "description", "municipality", "work_mode", "employment_type",
    "deadline", "apply_url", "apply_email",
]  # fmt: skip


def competence_choices() -> list:
    """The taxonomy's competences grouped by category, in the reader's language."""
    groups: dict = {}
    for competence in Competence.objects.select_related("category"):
        groups.setdefault(competence.category.label, []).append((competence.pk, competence.label))
    return [(name, sorted(items, key=lambda i: i[1])) for name, items in sorted(groups.items())]


class JobForm(HoneypotMixin, forms.ModelForm):
    chosen_competences = forms.TypedMultipleChoiceField(
        label=_("Competences"),
        coerce=int,
        required=False,
        help_text=_(
            "We find competences in the text by ourselves; choose more here if you like. "
            "Hold Ctrl (or ⌘) to choose several."
        ),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    class Meta:
        model = JobPosting
        fields = FORM_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 10}),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "work_mode": forms.RadioSelect,
            "apply_url": forms.URLInput(attrs={"placeholder": "https://"}),
        }
        help_texts = {
            "deadline": _("The posting leaves the list after this day."),
            "apply_url": _("A full address starting with https://. Give this, an email, or both."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [("", _("Not in one place")), *municipality_choices()]
        self.fields["municipality"].label = _("Where is the job?")
        self.fields["chosen_competences"].choices = competence_choices()
        if self.instance.pk:
            self.fields["chosen_competences"].initial = [
                c.pk for c in self.instance.competences.all()
            ]

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if "\n" in title or "\r" in title:
            raise forms.ValidationError(_("Write the job title on one line."))
        return title

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        unchanged = self.instance.pk and deadline == self.instance.deadline
        if deadline and deadline < timezone.localdate() and not unchanged:
            raise forms.ValidationError(_("The deadline has passed. Choose a later date."))
        return deadline

    def clean_apply_url(self):
        url = self.cleaned_data["apply_url"].strip()
        if url and not url.startswith("https://"):
            raise forms.ValidationError(
                _("The link to apply must be a full address starting with https://.")
            )
        return url

    def clean(self):
        data = super().clean()
        if not data.get("apply_url") and not data.get("apply_email") and not self.errors:
            self.add_error("apply_url", _("Give a link to apply or an email address, or both."))
        if not data.get("municipality") and data.get("work_mode") in (
            JobPosting.WorkMode.ON_SITE,
            JobPosting.WorkMode.HYBRID,
        ):
            self.add_error("municipality", _("Say where the job is, or choose remote work."))
        return data

    def competences(self) -> list[Competence]:
        return list(Competence.objects.filter(pk__in=self.cleaned_data["chosen_competences"]))

    def model_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in FORM_FIELDS}


class CompanyChoiceForm(forms.Form):
    """Which company a posting is for, when the poster acts for several."""

    company = forms.ModelChoiceField(label=_("For which company?"), queryset=None, empty_label=None)

    def __init__(self, *args, companies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = Company.objects.filter(pk__in=[c.pk for c in companies])


class TakeDownForm(forms.Form):
    reason = forms.CharField(
        label=_("Why? (kept in the audit log)"), max_length=200, required=False
    )


class FilterForm(forms.Form):
    """The list's filters; every state is a plain GET URL."""

    kommune = forms.ChoiceField(label=_("Municipality"), required=False)
    arbeidsform = forms.ChoiceField(label=_("Work mode"), required=False)
    kompetanse = forms.ChoiceField(label=_("Competence"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kommune"].choices = [("", _("All municipalities")), *municipality_choices()]
        self.fields["arbeidsform"].choices = [("", _("Any")), *JobPosting.WorkMode.choices]
        used = Competence.objects.filter(jobs__in=JobPosting.objects.open()).distinct()
        found = sorted(((c.slug, c.label) for c in used), key=lambda c: c[1])
        self.fields["kompetanse"].choices = [("", _("All competences")), *found]

    def filters(self) -> JobFilters:
        """The URL words as the list's filters; a wrong value filters on nothing."""
        data = self.cleaned_data if self.is_valid() else {}
        return JobFilters(
            municipality=data.get("kommune", ""),
            work_mode=data.get("arbeidsform", ""),
            competence=data.get("kompetanse", ""),
        )
