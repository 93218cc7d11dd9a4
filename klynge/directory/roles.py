"""Who someone is to the hub: the roles of DESIGN.md, asked in one place.

visitor (not signed in) · user · member (approved by the hub) · company admin · staff.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from klynge.accounts.models import User
from klynge.directory.models import Company, CompanyRole, MemberStatus, Person


def person_of(user) -> Person | None:
    """The directory profile of a signed-in user, if they have one."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.person
    except Person.DoesNotExist:
        return None


def is_member(user: AnonymousUser | object) -> bool:
    """An approved member: the person, or someone confirmed at a member company."""
    person = person_of(user)
    if person is None:
        return False
    if person.member_status == MemberStatus.APPROVED:
        return True
    return CompanyRole.objects.filter(
        person=person,
        status=CompanyRole.Status.CONFIRMED,
        company__member_status=MemberStatus.APPROVED,
    ).exists()


def is_staff(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_staff)


def is_company_admin(user, company: Company) -> bool:
    if is_staff(user):
        return True
    person = person_of(user)
    return (
        person is not None
        and CompanyRole.objects.filter(
            company=company, person=person, is_admin=True, status=CompanyRole.Status.CONFIRMED
        ).exists()
    )


def companies_administered(user) -> list[Company]:
    """The companies ``user`` is a confirmed admin of (none for staff as such)."""
    person = person_of(user)
    if person is None:
        return []
    return list(
        Company.objects.filter(
            roles__person=person, roles__is_admin=True, roles__status=CompanyRole.Status.CONFIRMED
        )
    )


def provider_users(*, person: Person | None = None, company: Company | None = None) -> list[User]:
    """Who reads email for a provider: the person's account, or a company's confirmed
    admins. The needs board writes to them; only active accounts count."""
    if person is not None:
        return [person.user] if person.user_id and person.user.is_active else []
    return list(
        User.objects.filter(
            is_active=True,
            person__company_roles__company=company,
            person__company_roles__is_admin=True,
            person__company_roles__status=CompanyRole.Status.CONFIRMED,
        )
    )


def reachable(*, people: list[int], companies: list[int]) -> set[tuple[str, int]]:
    """Which of these providers someone on the site reads email for, as ("person", id)
    and ("company", id): the same rule as provider_users, for a page of matches at once."""
    found = {
        ("person", pk)
        for pk in Person.objects.filter(
            pk__in=people, user__isnull=False, user__is_active=True
        ).values_list("pk", flat=True)
    }
    found |= {
        ("company", pk)
        for pk in Company.objects.filter(
            pk__in=companies,
            roles__is_admin=True,
            roles__status=CompanyRole.Status.CONFIRMED,
            roles__person__user__is_active=True,
        ).values_list("pk", flat=True)
    }
    return found
