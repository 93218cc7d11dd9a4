from django import forms
from django.utils.translation import gettext_lazy as _

from klynge.spaces.slots import PARTS


class BookForm(forms.Form):
    resource = forms.IntegerField(widget=forms.HiddenInput)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    part = forms.ChoiceField(label=_("When"), choices=PARTS, required=False)
    start = forms.TimeField(label=_("From"), required=False)
    end = forms.TimeField(label=_("To"), required=False)
    for_email = forms.EmailField(label=_("For (email address)"), required=False)
    repeat_until = forms.DateField(label=_("Every week until (optional)"), required=False)


class BlockForm(forms.Form):
    resource = forms.ModelChoiceField(label=_("Resource"), queryset=None)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("To"), widget=forms.TimeInput(attrs={"type": "time"}))
    note = forms.CharField(
        label=_("Why"),
        max_length=200,
        help_text=_("For an event at the hub: the event's title. People booked see this."),
    )
    override = forms.BooleanField(
        label=_("Cancel the bookings in that time and email the people who booked"),
        required=False,
    )

    def __init__(self, *args, resources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resource"].queryset = resources


def block_initial(query) -> dict:
    """Fill the block form from the address (``?tittel=…&dato=…&fra=…&til=…``), so a
    staff member can reserve a room for an event by following one link (see docs)."""
    keys = {"tittel": "note", "dato": "date", "fra": "start", "til": "end", "rom": "resource"}
    return {field: query[key][:200] for key, field in keys.items() if query.get(key)}
