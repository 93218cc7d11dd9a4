"""List filters the apps' admins share."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class AnyChoiceFilter(admin.ChoicesFieldListFilter):
    """A choices filter whose first link says "Any" where Django's says "All": in
    Norwegian both that and a choice such as "Everyone" read "Alle"."""

    def choices(self, changelist):
        for number, choice in enumerate(super().choices(changelist)):
            yield {**choice, "display": _("Any")} if number == 0 else choice
