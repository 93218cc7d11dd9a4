from django import forms
from django.utils.translation import gettext_lazy as _

from klynge.newsletter.models import Issue


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("Your email address"), max_length=254)


class IssueForm(forms.ModelForm):
    class Meta:
        model = Issue
        fields = ["subject", "intro"]
        help_texts = {"intro": _("A few words at the top of the newsletter. Plain text.")}


class ScheduleForm(forms.Form):
    when = forms.DateTimeField(
        label=_("Send at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )


class AccountForm(forms.Form):
    subscribed = forms.BooleanField(label=_("Send me the hub's newsletter"), required=False)
