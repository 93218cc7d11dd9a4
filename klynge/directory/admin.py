"""The directory's part in admin: deactivating an account there also unlists the
person's profile. The user admin itself lives in accounts, which sits below the
directory and so cannot call it; this replaces it with one that does. Profiles are
shown read-only."""

from django.contrib import admin

from klynge.accounts.admin import UserAdmin
from klynge.accounts.models import User
from klynge.directory.models import Person
from klynge.directory.services import account_set_active

admin.site.unregister(User)


@admin.register(User)
class DirectoryUserAdmin(UserAdmin):
    def set_active(self, user: User, active: bool) -> None:
        account_set_active(user=user, active=active)


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    """Profiles to look up, not to edit: people change their own profile (and their
    consent to surveys) on the profile page, where the search index follows."""

    list_display = ["name", "municipality", "member_status", "is_listed", "survey_consent"]
    list_filter = ["member_status", "is_listed", "survey_consent", "municipality"]
    search_fields = ["name", "contact_email"]
    exclude = ["photo"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
