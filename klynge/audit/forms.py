from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klynge.audit.models import Action


class AuditFilterForm(forms.Form):
    handling = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("All actions")), *Action.choices]
    )
    person = forms.CharField(label=_("Person (name or email)"), required=False, max_length=100)
    fra = forms.DateField(
        label=_("From date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    til = forms.DateField(
        label=_("To date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        if data.get("fra") and data.get("til") and data["fra"] > data["til"]:
            raise forms.ValidationError(_("The from date must not be after the to date."))
        return data

    def filter(self, entries):
        """The entries that match; all of them when the form is empty or invalid."""
        if not self.is_valid():
            return entries
        data = self.cleaned_data
        if data["handling"]:
            entries = entries.with_action(data["handling"])
        if data["person"]:
            entries = entries.by_person(data["person"])
        # Whole days in the site's time zone: "to 3 March" includes all of 3 March.
        since = _midnight(data["fra"]) if data["fra"] else None
        until = _midnight(data["til"] + timedelta(days=1)) if data["til"] else None
        return entries.between(since, until)


def _midnight(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))
