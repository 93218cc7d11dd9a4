"""Every write the directory does: profiles, companies, membership, claims, contact."""

from __future__ import annotations

from urllib.parse import urlsplit

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.accounts.services import user_set_active
from klynge.audit.models import Action
from klynge.audit.services import audit_record
from klynge.competence.vocabulary import competence_for, competence_id
from klynge.core.errors import Conflict, Invalid, NotAllowed, NotFound
from klynge.core.links import site_url
from klynge.core.mail import email_queue, render_email
from klynge.core.uploads import delete_replaced, old_file_name
from klynge.directory import rules
from klynge.directory.documents import refresh_companies, refresh_people
from klynge.directory.models import (
    Company,
    CompanyClaim,
    CompanyRole,
    CompanySkill,
    MembershipApplication,
    MemberStatus,
    Person,
    PersonSkill,
)
from klynge.directory.roles import person_of
from klynge.lib import orgnr

PERSON_FIELDS = {
    "name", "headline", "bio", "photo", "municipality", "employer", "employer_name",
    "languages", "linkedin_url", "website_url", "github_url", "available_for_assignments",
    "remote_worker", "contact_email", "phone", "contact_visibility", "employer_visibility",
    "bio_visibility", "skills_visibility", "photo_visibility", "is_listed", "survey_consent",
}  # fmt: skip
COMPANY_FIELDS = {
    "name", "org_number", "nace", "municipality", "employees", "description", "services",
    "website", "logo", "contact_email", "is_listed", "open_to_team", "open_to_team_for",
}  # fmt: skip


def _send(*, template: str, to: list[str], context: dict, language: str, reply_to=None) -> None:
    """Render a directory email in the recipient's language and queue it."""
    email_queue(
        render_email(
            f"directory/email/{template}", context, to=to, language=language, reply_to=reply_to
        )
    )


def _set_skills(owner, skill_model, owner_field: str, skills: list[dict]) -> None:
    skill_model.objects.filter(**{owner_field: owner}).delete()
    seen: set[str] = set()
    rows = []
    for skill in skills:
        name = " ".join(str(skill.get("name", "")).split())[:100]
        if not name or name.casefold() in seen:
            continue
        seen.add(name.casefold())
        competence = competence_id(competence_for(name))
        rows.append(
            skill_model(
                **{owner_field: owner},
                name=name,
                level=skill.get("level"),
                competence_id=competence,
            )
        )
    skill_model.objects.bulk_create(rows)


# People ---------------------------------------------------------------------


@transaction.atomic
def person_get_or_create_for(*, user) -> Person:
    """The signed-in user's own profile, created empty on first use."""
    person = person_of(user)
    if person is not None:
        return person
    name = user.name or user.email.split("@")[0]
    person = Person.objects.create(user=user, name=name, contact_email=user.email)
    refresh_people([person.pk])
    return person


@transaction.atomic
def person_update(*, person: Person, by, skills: list[dict] | None = None, **fields) -> Person:
    """Change a profile. Only its owner (or staff) may."""
    if not rules.can_edit_person(by, person):
        raise NotAllowed(_("You may not change this profile."))
    unknown = set(fields) - PERSON_FIELDS
    if unknown:
        raise TypeError(f"person_update got unknown fields: {sorted(unknown)}")
    old_photo = old_file_name(Person, person.pk, "photo")
    for name, value in fields.items():
        setattr(person, name, value)
    person.full_clean(exclude=["user", "photo"])
    person.save()
    delete_replaced(person.photo, old_photo)
    if person.user_id != by.pk:
        audit_record(actor=by, action=Action.PERSON_EDIT, target=person, summary=", ".join(fields))
    if skills is not None:
        _set_skills(person, PersonSkill, "person", skills)
    refresh_people([person.pk])
    return person


@transaction.atomic
def account_set_active(*, user, active: bool) -> None:
    """Deactivate (or reactivate) an account, as staff do in admin. A deactivated
    person leaves the directory at once; on reactivation they choose themselves
    whether to be listed again."""
    user_set_active(user=user, active=active)
    if not active:
        people = Person.objects.filter(user=user)
        people.update(is_listed=False)
        refresh_people(people.values_list("pk", flat=True))


def person_claimable_for(*, user) -> Person | None:
    """An imported profile with no login whose contact address is one of the user's
    verified addresses: the person may take it over."""
    if person_of(user) is not None:
        return None
    verified = EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    emails = [email.lower() for email in verified]
    if not emails:
        return None
    return (
        Person.objects.filter(user__isnull=True)
        .annotate(email_lower=Lower("contact_email"))
        .filter(email_lower__in=emails)
        .order_by("pk")
        .first()
    )


@transaction.atomic
def person_claim(*, user) -> Person:
    """Attach the imported profile that matches a verified address to this user."""
    person = person_claimable_for(user=user)
    if person is None:
        raise NotFound(_("There is no profile waiting for your email address."))
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.user_id is not None:
        raise Conflict(_("This profile has already been claimed."))
    person.user = user
    person.save(update_fields=["user", "updated_at"])
    return person


# Companies ------------------------------------------------------------------


def _clean_org_number(value: str | None) -> str | None:
    if not value:
        return None
    number = orgnr.normalise(value)
    if not orgnr.is_valid(number):
        raise Invalid(_("%(number)s is not a valid organisation number.") % {"number": value})
    return number


@transaction.atomic
def company_create(*, by, name: str, skills: list[dict] | None = None, **fields) -> Company:
    """A user registers a company; they become its first admin."""
    unknown = set(fields) - COMPANY_FIELDS
    if unknown:
        raise TypeError(f"company_create got unknown fields: {sorted(unknown)}")
    fields["org_number"] = _clean_org_number(fields.get("org_number"))
    if fields["org_number"] and Company.objects.filter(org_number=fields["org_number"]).exists():
        raise Conflict(_("This company is already in the directory. Claim it instead."))
    company = Company(name=name, source=Company.Source.USER, is_claimed=True, **fields)
    company.full_clean(exclude=["logo"])
    company.save()
    if skills:
        _set_skills(company, CompanySkill, "company", skills)
    refresh_companies([company.pk])
    person = person_get_or_create_for(user=by)
    CompanyRole.objects.create(
        company=company, person=person, is_admin=True, status=CompanyRole.Status.CONFIRMED
    )
    return company


@transaction.atomic
def company_update(*, company: Company, by, skills: list[dict] | None = None, **fields) -> Company:
    if not rules.can_manage_company(by, company):
        raise NotAllowed(_("Only an admin of the company can do this."))
    unknown = set(fields) - COMPANY_FIELDS
    if unknown:
        raise TypeError(f"company_update got unknown fields: {sorted(unknown)}")
    if "org_number" in fields:
        fields["org_number"] = _clean_org_number(fields["org_number"])
    old_logo = old_file_name(Company, company.pk, "logo")
    for name, value in fields.items():
        setattr(company, name, value)
    company.full_clean(exclude=["logo"])
    company.save()
    delete_replaced(company.logo, old_logo)
    if by.is_staff:
        summary = ", ".join(fields)
        audit_record(actor=by, action=Action.COMPANY_EDIT, target=company, summary=summary)
    if skills is not None:
        _set_skills(company, CompanySkill, "company", skills)
    refresh_companies([company.pk])
    return company


def _admin_emails(company: Company) -> list[str]:
    return list(
        CompanyRole.objects.filter(
            company=company, is_admin=True, status=CompanyRole.Status.CONFIRMED,
            person__user__isnull=False,
        ).values_list("person__user__email", flat=True)
    )  # fmt: skip


@transaction.atomic
def company_join_request(*, company: Company, user) -> CompanyRole:
    """A person says they work at a company; its admins confirm."""
    person = person_get_or_create_for(user=user)
    role, created = CompanyRole.objects.get_or_create(company=company, person=person)
    if created:
        admins = _admin_emails(company)
        if admins:
            _send(
                template="join_request",
                to=admins,
                context={
                    "company": company,
                    "person": person,
                    "company_url": site_url(company.get_absolute_url()),
                },
                language=settings.LANGUAGE_CODE,
            )
    return role


@transaction.atomic
def company_join_decide(*, role: CompanyRole, by, approve: bool) -> None:
    if not rules.can_manage_company(by, role.company):
        raise NotAllowed(_("Only an admin of the company can do this."))
    if approve:
        role.status = CompanyRole.Status.CONFIRMED
        role.save(update_fields=["status"])
        person = role.person
        if person.employer_id is None and not person.employer_name:
            person.employer = role.company
            person.save(update_fields=["employer", "updated_at"])
            refresh_people([person.pk])
    else:
        role.delete()


# Claims ---------------------------------------------------------------------


def _domain(value: str) -> str:
    host = urlsplit(value if "//" in value else f"//{value}").hostname or ""
    return host.lower().removeprefix("www.")


def email_matches_website(email: str, website: str) -> bool:
    """True when the address is at the company's own domain (or a subdomain of it)."""
    email_domain = email.rsplit("@", 1)[-1].lower()
    site = _domain(website)
    return bool(site) and (email_domain == site or email_domain.endswith("." + site))


@transaction.atomic
def company_claim(*, company: Company, user, message: str = "") -> CompanyClaim:
    """Ask to take over an unclaimed listing.

    Granted at once when one of the user's verified email addresses is at the
    company's website domain; otherwise it waits in the staff queue.
    """
    company = Company.objects.select_for_update().get(pk=company.pk)
    if company.is_claimed:
        raise Conflict(_("This company has already been claimed."))
    existing = CompanyClaim.objects.filter(
        company=company, user=user, status=CompanyClaim.Status.PENDING
    ).first()
    if existing:
        return existing
    verified = EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    automatic = bool(company.website) and any(
        email_matches_website(email, company.website) for email in verified
    )
    claim = CompanyClaim.objects.create(company=company, user=user, message=message)
    if automatic:
        _claim_grant(claim=claim, by=None, automatic=True)
    return claim


def _claim_grant(*, claim: CompanyClaim, by, automatic: bool = False) -> None:
    claim.status = CompanyClaim.Status.APPROVED
    claim.automatic = automatic
    claim.decided_by = by
    claim.decided_at = timezone.now()
    claim.save()
    company = claim.company
    company.is_claimed = True
    company.save(update_fields=["is_claimed", "updated_at"])
    person = person_get_or_create_for(user=claim.user)
    CompanyRole.objects.update_or_create(
        company=company,
        person=person,
        defaults={"is_admin": True, "status": CompanyRole.Status.CONFIRMED},
    )
    CompanyClaim.objects.filter(company=company, status=CompanyClaim.Status.PENDING).exclude(
        pk=claim.pk
    ).update(status=CompanyClaim.Status.DECLINED, decided_at=timezone.now(), decided_by=by)
    _send(
        template="claim_approved",
        to=[claim.user.email],
        context={"company": company},
        language=claim.user.language,
    )


@transaction.atomic
def company_claim_decide(*, claim: CompanyClaim, by, approve: bool) -> None:
    if not rules.can_decide(by):
        raise NotAllowed(_("Only staff can decide this."))
    claim = CompanyClaim.objects.select_for_update().get(pk=claim.pk)
    if claim.status != CompanyClaim.Status.PENDING:
        raise Conflict(_("This claim has already been decided."))
    action = Action.CLAIM_APPROVE if approve else Action.CLAIM_DECLINE
    audit_record(actor=by, action=action, target=claim.company, summary=claim.user.email)
    if approve:
        _claim_grant(claim=claim, by=by)
        return
    claim.status = CompanyClaim.Status.DECLINED
    claim.decided_by = by
    claim.decided_at = timezone.now()
    claim.save()
    _send(
        template="claim_declined",
        to=[claim.user.email],
        context={"company": claim.company},
        language=claim.user.language,
    )


# Membership -----------------------------------------------------------------


@transaction.atomic
def membership_apply(
    *, user, kind: str, why: str, offer: str = "", need: str = "", company: Company | None = None
) -> MembershipApplication:
    """Apply to become a member, as a person or on behalf of a company one administers."""
    if kind == MembershipApplication.Kind.COMPANY:
        if company is None or not rules.can_manage_company(user, company):
            raise NotAllowed(_("Only an admin of the company can apply on its behalf."))
        if company.is_member:
            raise Conflict(_("This company is already a member."))
    else:
        company = None
        person = person_get_or_create_for(user=user)
        if person.is_member:
            raise Conflict(_("You are already a member."))
    pending = MembershipApplication.objects.filter(
        user=user, kind=kind, company=company, status=MembershipApplication.Status.PENDING
    )
    if pending.exists():
        raise Conflict(_("You have already applied. The hub will answer you soon."))
    application = MembershipApplication.objects.create(
        user=user, kind=kind, company=company, why=why, offer=offer, need=need
    )
    target = company if company else person
    if target.member_status != MemberStatus.APPROVED:
        target.member_status = MemberStatus.APPLIED
        target.save(update_fields=["member_status", "updated_at"])
    return application


@transaction.atomic
def membership_decide(*, application: MembershipApplication, by, approve: bool) -> None:
    """Staff approve or decline an application; the applicant is told by email either way."""
    if not rules.can_decide(by):
        raise NotAllowed(_("Only staff can decide this."))
    application = MembershipApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != MembershipApplication.Status.PENDING:
        raise Conflict(_("This application has already been decided."))
    application.status = (
        MembershipApplication.Status.APPROVED if approve else MembershipApplication.Status.DECLINED
    )
    application.decided_by = by
    application.decided_at = timezone.now()
    application.save()
    target = application.company or person_get_or_create_for(user=application.user)
    action = Action.MEMBERSHIP_APPROVE if approve else Action.MEMBERSHIP_DECLINE
    audit_record(actor=by, action=action, target=target)
    if approve:
        target.member_status = MemberStatus.APPROVED
        target.member_since = target.member_since or timezone.now()
    else:
        target.member_status = MemberStatus.DECLINED
    target.save(update_fields=["member_status", "member_since", "updated_at"])
    if application.company:
        refresh_companies([target.pk])
    else:
        refresh_people([target.pk])
    _send(
        template="membership_approved" if approve else "membership_declined",
        to=[application.user.email],
        context={"application": application, "target": target},
        language=application.user.language,
    )


# Contact --------------------------------------------------------------------


def contact_send(*, sender, subject: str, message: str, person=None, company=None) -> None:
    """Relay a message by email. The recipient's address is never shown to the sender;
    the sender's address goes in Reply-To, so answering reveals it only by choice."""
    if person is not None:
        recipient = person.user.email if person.user_id else person.contact_email
        language = person.user.language if person.user_id else settings.LANGUAGE_CODE
        name = person.name
    else:
        recipient = company.contact_email or next(iter(_admin_emails(company)), "")
        language = settings.LANGUAGE_CODE
        name = company.name
    if not recipient:
        raise Conflict(_("This profile cannot receive messages yet."))
    _send(
        template="contact",
        to=[recipient],
        reply_to=[sender.email],
        context={
            "sender_name": sender.name or sender.email,
            "subject": subject,
            "message": message,
            "name": name,
        },
        language=language,
    )
