from django import forms
from django.utils.translation import gettext_lazy as _

from klynge.accounts.models import ApiToken


class DeleteAccountForm(forms.Form):
    email = forms.EmailField(
        label=_("Type your email address to confirm"),
        help_text=_("This cannot be undone."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_email(self):
        email = self.cleaned_data["email"]
        if self.user is None or email.casefold() != self.user.email.casefold():
            raise forms.ValidationError(_("This is not the email address of your account."))
        return email


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, so that you know it again, such as “weekly report”."),
    )
    scope = forms.ChoiceField(
        label=_("Access"),
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        widget=forms.RadioSelect,
    )
