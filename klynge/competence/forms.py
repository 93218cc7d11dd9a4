from django import forms
from django.utils.translation import gettext_lazy as _

from klynge.core.region import municipality_choices


class NeedForm(forms.Form):
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
