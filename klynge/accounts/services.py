from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.accounts.models import ApiToken, User
from klynge.accounts.privacy import privacy_modules
from klynge.accounts.tokens import new_secret
from klynge.audit.models import Action
from klynge.audit.services import audit_record
from klynge.core.errors import Conflict, Invalid, NotAllowed


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
        "api_tokens": list(
            ApiToken.objects.owned_by(user).values(
                "name", "scope", "prefix", "created_at", "last_used_at", "revoked_at"
            )
        ),
    }


def account_export(*, user: User) -> dict:
    """Everything the platform stores about a person, for them to download."""
    audit_record(actor=user, action=Action.DATA_EXPORT, target=user)
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
    for module in privacy_modules():
        module.forget(user)
    user.delete()


@transaction.atomic
def user_set_active(*, user: User, active: bool) -> None:
    """Deactivate (or reactivate) an account. What other apps do about it (the
    directory unlists the person) they do in their own services, which call this."""
    user.is_active = active
    user.save(update_fields=["is_active"])


@transaction.atomic
def api_token_create(*, user: User, name: str, scope: str) -> tuple[ApiToken, str]:
    """Make a personal API token. Returns the token and its secret, which is shown
    to its owner this once and stored only as a hash."""
    name = name.strip()
    if not name:
        raise Invalid(_("Give the token a name."))
    if scope not in ApiToken.Scope.values:
        raise Invalid(_("Choose read only, or read and write."))
    # Lock the owner's row so that two requests at once cannot both pass the cap.
    User.objects.select_for_update().filter(pk=user.pk).first()
    if ApiToken.objects.owned_by(user).active().count() >= settings.API_TOKENS_PER_USER:
        raise Conflict(_("You have as many tokens as allowed. Revoke one you no longer use."))
    secret = new_secret()
    token = ApiToken.objects.create(
        user=user, name=name[:100], scope=scope, prefix=secret.prefix, digest=secret.digest
    )
    audit_record(actor=user, action=Action.TOKEN_CREATE, target=token, summary=scope)
    return token, secret.secret


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: User) -> ApiToken:
    """Stop a token from working, at once. Only its owner may; revoking twice is harmless."""
    if token.user_id != by.pk:
        raise NotAllowed(_("This is not your token."))
    updated = ApiToken.objects.active().filter(pk=token.pk).update(revoked_at=timezone.now())
    token.refresh_from_db()
    if updated:
        audit_record(actor=by, action=Action.TOKEN_REVOKE, target=token)
    return token
