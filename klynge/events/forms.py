"""Forms for events: they validate input and nothing more; services write."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klynge.core.uploads import EventImageField
from klynge.events.models import Event, Registration
from klynge.events.recurrence import Repeat
from klynge.lib.text import is_one_line

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
DATE_FIELDS = ["starts_at", "ends_at", "registration_opens_at", "registration_closes_at"]
FIRST_YEAR = 2000
YEARS_AHEAD = 10


class EventForm(forms.ModelForm):
    tags = forms.CharField(
        label=_("tags"),
        required=False,
        help_text=_("Separate tags with commas, for example: breakfast, security."),
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "description",
            "starts_at",
            "ends_at",
            "format",
            "venue",
            "address",
            "online_url",
            "capacity",
            "registration_opens_at",
            "registration_closes_at",
            "audience",
            "image",
            "image_alt",
        ]
        widgets = {
            name: DATETIME
            for name in ["starts_at", "ends_at", "registration_opens_at", "registration_closes_at"]
        }
        field_classes = {
            **{
                name: forms.DateTimeField
                for name in ["starts_at", "ends_at", "registration_opens_at",
                             "registration_closes_at"]
            },
            "image": EventImageField,
        }  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in DATE_FIELDS:
            if name in self.fields:  # a form with fewer fields (the market dialogue's)
                self.fields[name].input_formats = DATETIME_FORMATS
        self.fields["online_url"].assume_scheme = "https"
        if self.instance.pk:
            self.initial["tags"] = ", ".join(t.name for t in self.instance.tags.all())

    def clean_title(self):
        title = self.cleaned_data["title"]
        if not is_one_line(title):  # it goes into the subject of every email about the event
            raise forms.ValidationError(_("Write the title on one line."))
        return title

    def clean(self):
        data = super().clean()
        # Far-off years overflow time-zone and calendar arithmetic further on.
        last_year = timezone.localdate().year + YEARS_AHEAD
        for name in DATE_FIELDS:
            value = data.get(name)
            if value and not FIRST_YEAR <= value.year <= last_year:
                self.add_error(
                    name,
                    _("Choose a date between the year %(first)s and %(last)s.")
                    % {"first": FIRST_YEAR, "last": last_year},
                )
                data.pop(name, None)
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The event must end after it starts."))
        opens, closes = data.get("registration_opens_at"), data.get("registration_closes_at")
        if opens and closes and closes <= opens:
            self.add_error("registration_closes_at", _("The deadline must be after the opening."))
        if data.get("format") in {Event.Format.ONLINE, Event.Format.HYBRID} and not data.get(
            "online_url"
        ):
            self.add_error("online_url", _("An online or hybrid event needs a link."))
        if data.get("image") and not data.get("image_alt"):
            self.add_error("image_alt", _("Describe the image for those who cannot see it."))
        return data

    def tag_list(self) -> list[str]:
        return [t for t in self.cleaned_data.get("tags", "").split(",") if t.strip()]

    def details(self) -> dict:
        """The cleaned fields, as keyword arguments for the services."""
        data = {k: v for k, v in self.cleaned_data.items() if k != "tags"}
        if data.get("image") is None:
            data.pop("image", None)  # unchanged; "" clears it
        return data


class SeriesForm(EventForm):
    repeat = forms.ChoiceField(label=_("repeats"), choices=Repeat.choices)
    count = forms.IntegerField(label=_("number of events"), min_value=2, max_value=52, initial=6)


class RegistrationForm(forms.ModelForm):
    class Meta:
        model = Registration
        fields = ["dietary_needs", "accessibility_needs", "show_publicly"]
        help_texts = {
            "dietary_needs": _("Optional. For example vegetarian, or allergies."),
            "accessibility_needs": _("Optional. For example a wheelchair place or a hearing loop."),
        }


class GuestRegistrationForm(RegistrationForm):
    class Meta(RegistrationForm.Meta):
        fields = ["name", "email", *RegistrationForm.Meta.fields]
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How was it, from 1 (poor) to 5 (excellent)?"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class WalkInForm(forms.Form):
    name = forms.CharField(label=_("Name of the walk-in"), max_length=150)
