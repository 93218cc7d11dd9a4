"""Who may see, post, edit, answer and settle a need: asked here and nowhere else.

Pages, the API and the services all call these, so the rules are the same
on every path.
"""

from __future__ import annotations

from allauth.account.models import EmailAddress

from klynge.directory.models import Company, CompanyRole
from klynge.directory.roles import companies_administered, is_member, is_staff, person_of
from klynge.needs.models import Answer, Need


def has_verified_email(user) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and EmailAddress.objects.filter(user=user, verified=True).exists()
    )


def can_post(user) -> bool:
    """Anyone signed in with a verified email; posters need not be members."""
    return has_verified_email(user)


def is_poster(user, need: Need) -> bool:
    return bool(getattr(user, "is_authenticated", False) and need.poster_id == user.pk)


def can_view(user, need: Need) -> bool:
    return Need.objects.visible_to(user).filter(pk=need.pk).exists()


def can_edit(user, need: Need) -> bool:
    """The poster (or staff) until the need is settled."""
    return (is_poster(user, need) or is_staff(user)) and not need.is_settled


def can_settle(user, need: Need) -> bool:
    """Mark filled or closed: the poster or staff, while the need is published and open."""
    return (is_poster(user, need) or is_staff(user)) and need.is_accepting


def can_manage(user, need: Need) -> bool:
    """See the need's own panel (its state, matches and answers): the poster and staff."""
    return is_poster(user, need) or is_staff(user)


def can_see_matches(user, need: Need) -> bool:
    return can_manage(user, need)


def can_approve(user) -> bool:
    """Approve or decline a first need before it is published: staff."""
    return is_staff(user)


def can_see_notices(user) -> bool:
    """Which providers the platform told about a need: staff, to follow up."""
    return is_staff(user)


def answerable_as(user) -> list[Company]:
    """The companies a user may answer for: those they are a confirmed admin of."""
    return companies_administered(user)


def answer_refusal(user, need: Need) -> str | None:
    """Why ``user`` may not answer ``need`` (an untranslated key), or None if they may."""
    if not has_verified_email(user):
        return "verify"
    if is_poster(user, need):
        return "own"
    if not need.is_accepting:
        return "closed"
    if need.audience == Need.Audience.MEMBERS and not (is_member(user) or is_staff(user)):
        return "members"
    if person_of(user) is None:
        return "profile"
    return None


def is_answer_side(user, answer: Answer) -> bool:
    """The provider's side of a thread: the author, the person, the company's admins."""
    if not getattr(user, "is_authenticated", False):
        return False
    if answer.author_id == user.pk or answer.person.user_id == user.pk:
        return True
    if answer.company_id is None:
        return False
    return CompanyRole.objects.filter(
        company_id=answer.company_id,
        person__user=user,
        is_admin=True,
        status=CompanyRole.Status.CONFIRMED,
    ).exists()


def can_see_thread(user, answer: Answer) -> bool:
    return is_poster(user, answer.need) or is_answer_side(user, answer) or is_staff(user)


def can_write_in_thread(user, answer: Answer) -> bool:
    """Both sides, until the answer is withdrawn or the need is closed without it."""
    if answer.is_withdrawn or answer.need.status == Need.Status.CLOSED:
        return False
    return is_poster(user, answer.need) or is_answer_side(user, answer)
