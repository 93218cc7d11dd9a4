import functools

from django import forms
from django.utils.translation import gettext_lazy as _

from klynge.competence.models import Category
from klynge.core.forms import HoneypotMixin
from klynge.core.region import municipality_choices
from klynge.core.uploads import ImageUploadField
from klynge.directory.filters import ProviderFilters
from klynge.directory.models import Company, MembershipApplication, Person
from klynge.lib.text import is_one_line

LANGUAGE_CHOICES = [
    ("nb", "Bokmål"),
    ("nn", "Nynorsk"),
    ("en", "English"),
    ("se", "Davvisámegiella"),
    ("sv", "Svenska"),
    ("da", "Dansk"),
    ("de", "Deutsch"),
    ("pl", "Polski"),
]
SORTS = [("name", _("Name")), ("newest", _("Newest first")), ("municipality", _("Municipality"))]


def parse_skills(text: str) -> list[dict]:
    """One skill a line, optionally 'name: level' with a level from 1 to 5."""
    skills = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip().strip(",")
        if not line:
            continue
        name, _sep, level = line.rpartition(":") if ":" in line else (line, "", "")
        level = level.strip()
        if level and not (level.isdigit() and 1 <= int(level) <= 5):
            raise forms.ValidationError(
                _("Line %(number)s: the level must be a number from 1 to 5."),
                params={"number": number},
            )
        skills.append({"name": name.strip(), "level": int(level) if level else None})
    return skills


def format_skills(skills) -> str:
    return "\n".join(f"{s.name}: {s.level}" if s.level else s.name for s in skills)


class SkillsField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 6})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            _("One skill a line. Add a level from 1 (some) to 5 (expert) after a colon, "
              "for example 'WordPress: 4'."),
        )  # fmt: skip
        super().__init__(**kwargs)

    def clean(self, value):
        return parse_skills(super().clean(value) or "")


class PersonForm(forms.ModelForm):
    skills = SkillsField(label=_("Skills"))
    languages = forms.MultipleChoiceField(
        label=_("Languages I work in"),
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Person
        fields = [
            "name", "headline", "bio", "municipality", "employer_name", "available_for_assignments",
            "remote_worker", "languages", "contact_email", "phone", "linkedin_url", "website_url",
            "github_url", "photo", "is_listed", "survey_consent", "bio_visibility",
            "skills_visibility", "employer_visibility", "contact_visibility", "photo_visibility",
        ]  # fmt: skip
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 6}),
            "bio_visibility": forms.RadioSelect,
            "skills_visibility": forms.RadioSelect,
            "employer_visibility": forms.RadioSelect,
            "contact_visibility": forms.RadioSelect,
            "photo_visibility": forms.RadioSelect,
        }
        field_classes = {"photo": ImageUploadField}

    VISIBILITY_FIELDS = (
        "bio_visibility", "skills_visibility", "employer_visibility", "contact_visibility",
        "photo_visibility",
    )  # fmt: skip


class CompanyForm(forms.ModelForm):
    skills = SkillsField(label=_("Skills"))
    services = forms.CharField(
        label=_("Services offered"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("One service a line, for example 'Web shops'."),
    )

    class Meta:
        model = Company
        fields = [
            "name", "org_number", "municipality", "nace", "employees", "description", "website",
            "contact_email", "logo", "open_to_team", "open_to_team_for",
        ]  # fmt: skip
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}
        field_classes = {"logo": ImageUploadField}

    def clean_open_to_team_for(self):
        text = self.cleaned_data["open_to_team_for"]
        if not is_one_line(text):
            raise forms.ValidationError(_("Write it on one line."))
        return text.strip()

    def clean_services(self):
        lines = self.cleaned_data["services"].splitlines()
        return [line.strip() for line in lines if line.strip()]


def category_choices() -> list[tuple[str, str]]:
    categories = [(c.slug, c.label) for c in Category.objects.all()]
    return [("", _("All areas")), *sorted(categories, key=lambda c: c[1])]


class FilterForm(forms.Form):
    """The people and company list filters; every state is a plain GET URL."""

    q = forms.CharField(label=_("Skill or name"), required=False, max_length=100)
    kommune = forms.ChoiceField(label=_("Municipality"), required=False)
    kategori = forms.ChoiceField(label=_("Competence area"), required=False)
    tilgjengeleg = forms.BooleanField(label=_("Available for assignments"), required=False)
    fjernarbeidar = forms.BooleanField(label=_("Remote workers"), required=False)
    medlem = forms.BooleanField(label=_("Members only"), required=False)
    sorter = forms.ChoiceField(label=_("Sort by"), choices=SORTS, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kommune"].choices = [("", _("All municipalities")), *municipality_choices()]
        # A callable: read only when the form is checked or drawn, which a list page
        # whose cards and filters come from the cache does not do.
        self.fields["kategori"].choices = functools.cache(category_choices)  # once a form

    def provider_filters(self) -> ProviderFilters:
        """The URL's words as the lists' filters; an invalid URL filters nothing."""
        if not self.is_valid():
            return ProviderFilters()
        data = self.cleaned_data
        return ProviderFilters(
            text=data["q"],
            municipality=data["kommune"],
            category=data["kategori"],
            available=data["tilgjengeleg"],
            remote_worker=data["fjernarbeidar"],
            members_only=data["medlem"],
            sort=data["sorter"] or "name",
        )


class ContactForm(HoneypotMixin, forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=150)
    message = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 8}),
                              max_length=5000)  # fmt: skip

    def clean_subject(self):
        subject = self.cleaned_data["subject"]
        if not is_one_line(subject):
            raise forms.ValidationError(_("Write the subject on one line."))
        return subject


class MembershipForm(forms.ModelForm):
    class Meta:
        model = MembershipApplication
        fields = ["kind", "company", "why", "offer", "need"]
        widgets = {
            "kind": forms.RadioSelect,
            "why": forms.Textarea(attrs={"rows": 4}),
            "offer": forms.Textarea(attrs={"rows": 4}),
            "need": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, companies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = Company.objects.filter(pk__in=[c.pk for c in companies])
        self.fields["company"].required = False
        self.fields["company"].label = _("Company")
        if not companies:
            del self.fields["company"]
            self.fields["kind"].choices = [
                c for c in self.fields["kind"].choices if c[0] == MembershipApplication.Kind.PERSON
            ]


class ClaimForm(forms.Form):
    message = forms.CharField(
        label=_("How are you connected to the company?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
    )


class NeedForm(forms.Form):
    """The find-help page: a need in the asker's own words, and where."""

    beskriving = forms.CharField(
        label=_("What do you need help with?"),
        help_text=_(
            "Write it in your own words, for example 'the guests should be able to pay online'."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=False,
    )
    kommune = forms.ChoiceField(label=_("Where?"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kommune"].choices = [("", _("Anywhere")), *municipality_choices(False)]
