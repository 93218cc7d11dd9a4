import functools

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klynge.competence.models import Category, Competence
from klynge.core.forms import HoneypotMixin
from klynge.core.region import municipality_choices
from klynge.core.uploads import EventImageField
from klynge.directory.models import Company
from klynge.directory.reading import CHOSEN_MAX
from klynge.lib.text import is_one_line
from klynge.needs.attachments import MAX_ATTACHMENTS, PDF_MAX_BYTES
from klynge.needs.filters import NeedFilters
from klynge.needs.models import AlertSettings, Need
from klynge.needs.services import is_https_url


def competence_choices() -> list[tuple[str, str]]:
    """Only checked, never drawn as a list: the taxonomy's slugs."""
    return [(slug, slug) for slug in Competence.objects.values_list("slug", flat=True)]


class NeedForm(HoneypotMixin, forms.ModelForm):
    # Ticked beside the live matches (needs/_live_matches.html), outside the form's
    # element; only a new need has them (docs/matching.md, "The poster ticks").
    chosen = forms.MultipleChoiceField(required=False, label=_("Competences you need"))

    class Meta:
        model = Need
        fields = [
            "title", "description", "municipality", "deadline", "budget", "posted_by",
            "organisation", "audience", "tender_url", "image", "image_alt",
        ]  # fmt: skip
        field_classes = {"image": EventImageField}
        widgets = {
            "tender_url": forms.URLInput(attrs={"placeholder": "https://doffin.no/…"}),
            "title": forms.TextInput(
                attrs={
                    "placeholder": _("For example: guests should be able to book and pay online")
                }
            ),
            "description": forms.Textarea(attrs={"rows": 6}),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "budget": forms.RadioSelect,
            "posted_by": forms.RadioSelect,
            "audience": forms.RadioSelect,
        }
        help_texts = {
            "title": _("One sentence in your own words. You do not need technical terms."),
            "deadline": _(
                "Leave it empty if there is no date: the need is then shown for 60 days. "
                "With a date it is shown until then, 180 days at most."
            ),
            "organisation": _("Optional. Providers see it with the need."),
            "audience": _("Members are the IT people and firms the hub has approved."),
            "image_alt": _("What the image shows, for those who cannot see it."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [("", _("Not in one place")), *municipality_choices()]
        self.fields["municipality"].label = _("Where?")
        self.fields["chosen"].choices = functools.cache(competence_choices)  # once a form
        if self.instance.budget != Need.Budget.OVER_200K:  # only kept for older needs
            self.fields["budget"].choices = [
                c for c in self.fields["budget"].choices if c[0] != Need.Budget.OVER_200K
            ]
        self.fields["description"].help_text = _(
            "What you have today, what should be different, anything that matters. "
            "Simple formatting (Markdown) is allowed."
        )

    def clean_title(self):
        title = self.cleaned_data["title"]
        if not is_one_line(title):
            raise forms.ValidationError(_("Write the title on one line."))
        return title

    def clean_chosen(self):
        chosen = list(dict.fromkeys(self.cleaned_data["chosen"]))
        if len(chosen) > CHOSEN_MAX:
            raise forms.ValidationError(
                _("Tick at most %(count)s competences.") % {"count": CHOSEN_MAX}
            )
        return chosen

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline and deadline < timezone.localdate():
            raise forms.ValidationError(_("The date has passed. Choose a later date or none."))
        return deadline

    def clean_tender_url(self):
        url = self.cleaned_data["tender_url"].strip()
        if url and not is_https_url(url):
            raise forms.ValidationError(
                _("The link to the tender notice must be a full address starting with https://.")
            )
        return url

    def clean(self):
        data = super().clean()
        image = data.get("image")
        kept = image is None and bool(self.instance.image)  # unchanged, and there is one
        if (image or kept) and not (data.get("image_alt") or "").strip():
            self.add_error("image_alt", _("Describe the image for those who cannot see it."))
        return data

    def model_fields(self) -> dict:
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        if fields.get("image") is None:
            fields.pop("image", None)  # unchanged; "" clears it
        return fields


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Add a file"),
        widget=forms.FileInput(attrs={"accept": "application/pdf,image/jpeg,image/png,image/webp"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "A PDF of at most %(pdf)s, or a JPEG, PNG or WebP image. At most %(count)s files."
        ) % {"pdf": filesizeformat(PDF_MAX_BYTES), "count": MAX_ATTACHMENTS}


def category_choices() -> list[tuple[str, str]]:
    categories = sorted(((c.slug, c.label) for c in Category.objects.all()), key=lambda c: c[1])
    return [("", _("All areas")), *categories]


class FilterForm(forms.Form):
    """The open needs' filters; every state is a plain GET URL."""

    kommune = forms.ChoiceField(label=_("Municipality"), required=False)
    kategori = forms.ChoiceField(label=_("Competence area"), required=False)
    fra = forms.ChoiceField(label=_("Posted by"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kommune"].choices = [("", _("All municipalities")), *municipality_choices()]
        # A callable: read only when the form is checked or drawn (core/fragments.py).
        self.fields["kategori"].choices = functools.cache(category_choices)  # once a form
        self.fields["fra"].choices = [("", _("Anyone")), *Need.PostedBy.choices]

    def filters(self) -> NeedFilters:
        """The URL words as the board's filters; a wrong value filters on nothing."""
        data = self.cleaned_data if self.is_valid() else {}
        return NeedFilters(
            municipality=data.get("kommune", ""),
            category=data.get("kategori", ""),
            posted_by=data.get("fra", ""),
        )


class AnswerForm(HoneypotMixin, forms.Form):
    message = forms.CharField(
        label=_("Your answer"),
        help_text=_("Say how you can help, what it could cost and how the poster can reach you."),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
    )
    company = forms.ModelChoiceField(
        label=_("Answer as"), queryset=None, required=False, empty_label=None
    )

    def __init__(self, *args, companies=(), person_name="", **kwargs):
        super().__init__(*args, **kwargs)
        if companies:
            self.fields["company"].queryset = Company.objects.filter(
                pk__in=[c.pk for c in companies]
            )
            self.fields["company"].empty_label = _("Myself (%(name)s)") % {"name": person_name}
        else:
            del self.fields["company"]


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )


class FillForm(forms.Form):
    answer = forms.ModelChoiceField(
        label=_("Who got it?"),
        queryset=None,
        required=False,
        empty_label=_("Nobody here / rather not say"),
    )

    def __init__(self, *args, need, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"].queryset = need.answers.active().select_related("person", "company")
        self.fields["answer"].label_from_instance = lambda answer: answer.provider_name


class CloseForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why close it?"),
        choices=[
            (Need.CloseReason.SOLVED_ELSEWHERE, Need.CloseReason.SOLVED_ELSEWHERE.label),
            (Need.CloseReason.NOT_NEEDED, Need.CloseReason.NOT_NEEDED.label),
        ],
        widget=forms.RadioSelect,
    )


class AlertSettingsForm(forms.ModelForm):
    class Meta:
        model = AlertSettings
        fields = ["frequency"]
        widgets = {"frequency": forms.RadioSelect}
