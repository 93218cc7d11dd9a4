from allauth.account.models import EmailAddress
from django.db import transaction

from klynge.accounts.models import User


@transaction.atomic
def user_create(
    *,
    email: str,
    password: str | None,
    name: str = "",
    is_staff: bool = False,
    is_superuser: bool = False,
    email_verified: bool = False,
    language: str = "nb",
) -> User:
    """Create a user and its primary email address (verified or not)."""
    if is_superuser:
        user = User.objects.create_superuser(email=email, password=password, name=name)
    else:
        user = User.objects.create_user(
            email=email, password=password, name=name, is_staff=is_staff
        )
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=email_verified)
    return user
