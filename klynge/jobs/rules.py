"""Who may post, change, withdraw and take down job postings: asked here only.

A member company's confirmed admins act for it; staff may act for any company
and take any posting down.
"""

from __future__ import annotations

from klynge.directory.models import Company
from klynge.directory.roles import companies_administered, is_company_admin, is_staff


def can_post_for(user, company: Company) -> bool:
    if is_staff(user):
        return True
    return company.is_member and is_company_admin(user, company)


def companies_for(user) -> list[Company]:
    """The member companies ``user`` administers (staff choose a company from its page)."""
    return [c for c in companies_administered(user) if c.is_member]


def can_post(user) -> bool:
    """May post for at least one company."""
    return is_staff(user) or bool(companies_for(user))


def can_edit(user, job) -> bool:
    return job.status == job.Status.OPEN and can_post_for(user, job.company)


def can_withdraw(user, job) -> bool:
    """The company's admins (member or not any more) and staff, while it is up."""
    return job.status == job.Status.OPEN and is_company_admin(user, job.company)


def can_take_down(user, job) -> bool:
    return job.status == job.Status.OPEN and is_staff(user)


def can_see(user, job) -> bool:
    """An open or expired posting is public; a withdrawn or removed one only for the
    company's admins and staff."""
    return job.status == job.Status.OPEN or is_company_admin(user, job.company)
