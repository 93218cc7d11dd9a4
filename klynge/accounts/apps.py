from allauth.account import apps as allauth_apps
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "klynge.accounts"
    label = "accounts"
    verbose_name = _("Users")


class SignInConfig(allauth_apps.AccountConfig):
    """allauth's account app (named in INSTALLED_APPS in its place), under a heading
    of its own: its name "Accounts" read "Kontoer" next to ours in the admin.
    (The module is imported, not the class: a second AppConfig class in this module
    would leave Django unable to tell which one is the app's.)"""

    default = False
    verbose_name = _("Sign-in")
