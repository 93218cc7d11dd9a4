"""View decorators shared by the apps."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def staff_required(view):
    """Staff pages: a visitor is asked to sign in, a signed-in non-staff user gets
    the site's own 403 page (Django's staff_member_required sends both to the
    admin's login, which looks like a broken site to a member)."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not request.user.is_staff:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
