"""The teams' forms. The services check every rule again; these only shape the input."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from klynge.lib.text import is_one_line

PART_HELP = _("Who does what, for example 'archive integration'.")


def _one_line(value: str) -> str:
    if not is_one_line(value):
        raise forms.ValidationError(_("Write it on one line."))
    return value.strip()


class StartForm(forms.Form):
    """Start a team answer: as whom, my part, and a first message to the poster."""

    as_provider = forms.ChoiceField(label=_("Answer as"))
    part = forms.CharField(label=_("Your part"), max_length=200, required=False,
                           help_text=PART_HELP)  # fmt: skip
    message = forms.CharField(
        label=_("Message to the person who posted the need"),
        widget=forms.Textarea(attrs={"rows": 5}), max_length=5000,
    )  # fmt: skip

    def __init__(self, *args, person_name: str, companies, **kwargs):
        super().__init__(*args, **kwargs)
        self.companies = {str(c.pk): c for c in companies}
        self.fields["as_provider"].choices = [("person", person_name)] + [
            (f"company:{c.pk}", c.name) for c in companies
        ]

    def clean_part(self):
        return _one_line(self.cleaned_data["part"])

    def company(self):
        choice = self.cleaned_data["as_provider"]
        return self.companies.get(choice.partition(":")[2]) if choice != "person" else None


class InviteForm(forms.Form):
    member = forms.CharField(widget=forms.HiddenInput, max_length=40)
    part = forms.CharField(label=_("Their part"), max_length=200, required=False,
                           help_text=PART_HELP)  # fmt: skip

    def clean_part(self):
        return _one_line(self.cleaned_data["part"])


class RespondForm(forms.Form):
    part = forms.CharField(label=_("Your part"), max_length=200, required=False,
                           help_text=PART_HELP)  # fmt: skip

    def clean_part(self):
        return _one_line(self.cleaned_data["part"])


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Find a person or company"), max_length=100, required=False)
