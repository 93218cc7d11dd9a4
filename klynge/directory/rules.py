"""Who may see, change and decide what in the directory: asked here and nowhere else.

Pages, the API, templates (through the views' context) and the services all call
these, so the rules are the same on every path. Who someone *is* (member, staff,
company admin) is in ``roles.py``; which fields of a profile a viewer sees is in
``visibility.py``.
"""

from __future__ import annotations

from klynge.directory.models import Company, Person
from klynge.directory.roles import is_company_admin, is_staff


def is_own_profile(user, person: Person) -> bool:
    return bool(getattr(user, "is_authenticated", False) and person.user_id == user.pk)


def can_view_person(user, person: Person) -> bool:
    """A listed profile is there for everyone (field by field as visibility.py says);
    an unlisted one only for its owner and staff."""
    return person.is_listed or is_own_profile(user, person) or is_staff(user)


def can_edit_person(user, person: Person) -> bool:
    return is_staff(user) or (person.user_id is not None and is_own_profile(user, person))


def can_manage_company(user, company: Company) -> bool:
    """Edit the company, confirm the people who say they work there, apply for
    membership on its behalf: its confirmed admins, and staff."""
    return is_company_admin(user, company)


def can_decide(user) -> bool:
    """Decide membership applications and company claims: staff only."""
    return is_staff(user)
