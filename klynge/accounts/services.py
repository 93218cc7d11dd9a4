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


def _account_data(user: User) -> dict:
    return {
        "email": user.email,
        "name": user.name,
        "language": user.language,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "email_addresses": list(
            EmailAddress.objects.filter(user=user).values("email", "verified", "primary")
        ),
    }


def account_export(*, user: User) -> dict:
    """Everything the platform stores about a person, for them to download."""
    from klynge.accounts.privacy import privacy_modules

    data = {"account": _account_data(user)}
    for module in privacy_modules():
        data[module.__name__.split(".")[1]] = module.export(user)
    return data


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Delete an account and the personal data that hangs on it.

    Each app first anonymises what it keeps (for example attendance counts);
    deleting the user row then cascades to the rest.
    """
    from klynge.accounts.privacy import privacy_modules

    for module in privacy_modules():
        module.forget(user)
    user.delete()


@transaction.atomic
def user_set_active(*, user: User, active: bool) -> None:
    """Deactivate (or reactivate) an account. A deactivated person leaves the directory;
    on reactivation they choose themselves whether to be listed again."""
    from klynge.directory.models import Person

    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        Person.objects.filter(user=user).update(is_listed=False)
        from klynge.directory.documents import refresh_people

        refresh_people(Person.objects.filter(user=user).values_list("pk", flat=True))
