"""Sign-in backends that load the signed-in user in one query with what every page reads.

Every signed-in request loads its user (django.contrib.auth.get_user); nearly every
page then reads the user's profile (the menu's "My profile", who is looking at a
list). ``settings.ACCOUNTS_USER_RELATED`` names those one-to-one relations
("person"); the project sets it, since accounts knows no app above it. The user
is still read afresh on every request, so a change to the profile shows at once.

Django's and allauth's backends, each with that one change. Sessions record the
backend that signed them in by its dotted path, so sessions from before these
classes name the libraries' paths; ``AuthenticationMiddleware`` renames them on
the first request instead of signing everyone out.
"""

from __future__ import annotations

from allauth.account import auth_backends as allauth_backends
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth import backends as django_backends
from django.contrib.auth import middleware as auth_middleware
from django.utils.functional import SimpleLazyObject


class _OneQueryUser:
    def get_user(self, user_id):
        users = django_backends.UserModel._default_manager.select_related(
            *settings.ACCOUNTS_USER_RELATED
        )
        try:
            user = users.get(pk=user_id)
        except django_backends.UserModel.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


class ModelBackend(_OneQueryUser, django_backends.ModelBackend):
    """Django's backend (the admin's sign-in, permissions)."""


class AuthenticationBackend(_OneQueryUser, allauth_backends.AuthenticationBackend):
    """allauth's backend (sign-in by email and password or by code)."""


RENAMED = {
    "django.contrib.auth.backends.ModelBackend": f"{__name__}.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend": f"{__name__}.AuthenticationBackend",
}


def _user(request):
    session = request.session
    old = session.get(BACKEND_SESSION_KEY)
    if old in RENAMED and old not in settings.AUTHENTICATION_BACKENDS:
        session[BACKEND_SESSION_KEY] = RENAMED[old]  # saved once with this answer
    return auth_middleware.get_user(request)


class AuthenticationMiddleware(auth_middleware.AuthenticationMiddleware):
    """Django's, reading a session signed in by a library backend as signed in by ours."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _user(request))
