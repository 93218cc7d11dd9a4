"""The directory's part in admin: deactivating an account there also unlists the
person's profile. The user admin itself lives in accounts, which sits below the
directory and so cannot call it; this replaces it with one that does."""

from django.contrib import admin

from klynge.accounts.admin import UserAdmin
from klynge.accounts.models import User
from klynge.directory.services import account_set_active

admin.site.unregister(User)


@admin.register(User)
class DirectoryUserAdmin(UserAdmin):
    def set_active(self, user: User, active: bool) -> None:
        account_set_active(user=user, active=active)
