"""The market dialogue's forms: a meeting (the event form's essentials and its
checks) and the choice of providers to invite."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from klynge.dialogue.providers import Candidate
from klynge.events.forms import EventForm
from klynge.needs.models import Need

AHEAD = timedelta(days=14)  # time for providers to plan
LENGTH = timedelta(hours=1, minutes=30)


class MeetingForm(EventForm):
    tags = None  # the event form's tags are not asked for here

    class Meta(EventForm.Meta):
        fields = [
            "title",
            "starts_at",
            "ends_at",
            "format",
            "venue",
            "address",
            "online_url",
            "capacity",
            "description",
        ]
        help_texts = {
            "description": _(
                "What the meeting is for, and what providers should prepare. Markdown is allowed."
            ),
        }

    def clean_starts_at(self):
        starts = self.cleaned_data["starts_at"]
        if starts and starts <= timezone.now():
            raise forms.ValidationError(_("The meeting must start in the future."))
        return starts

    def details(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("tags", "image")}


def meeting_initial(need: Need) -> dict:
    """Defaults from the need: its title, two weeks ahead at ten, an hour and a half."""
    day = timezone.localdate() + AHEAD
    starts = timezone.make_aware(datetime.combine(day, time(10, 0)))
    title = gettext("Market dialogue: %(title)s") % {"title": need.title}
    description = gettext(
        "An information meeting about the need “%(title)s”: the buyer tells what they "
        "want to achieve, and providers can ask questions. No offers are made at the meeting."
    ) % {"title": need.title}
    return {
        "title": title[:200],
        "starts_at": starts,
        "ends_at": starts + LENGTH,
        "description": description,
    }


class InviteForm(forms.Form):
    providers = forms.MultipleChoiceField(
        label=_("Providers to invite"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one provider.")},
    )

    def __init__(self, *args, candidates: list[Candidate], **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {c.key: c for c in candidates}
        self.fields["providers"].choices = [
            (c.key, gettext("%(name)s (has answered)") % {"name": c.name} if c.answered else c.name)
            for c in candidates
        ]

    def chosen(self) -> dict[str, list[int]]:
        """The choice as keyword arguments for the service: ``people`` and ``companies`` ids."""
        picked = [self.candidates[key] for key in self.cleaned_data["providers"]]
        return {
            "people": [c.id for c in picked if c.kind == "person"],
            "companies": [c.id for c in picked if c.kind == "company"],
        }
