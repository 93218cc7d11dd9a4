"""The directory's part of a person's data export and account deletion."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from klynge.competence.models import SearchDocument
from klynge.core.retention import Rule
from klynge.core.uploads import delete_on_commit
from klynge.directory.models import CompanyClaim, CompanyRole, MembershipApplication
from klynge.directory.roles import person_of

DELETION_NOTE = _(
    "Your profile, skills, photo and company connections are deleted. Membership "
    "applications are kept only as anonymous counts, without your answers."
)


def export(user) -> dict:
    person = person_of(user)
    data: dict = {"profile": None}
    if person is not None:
        data["profile"] = {
            field: getattr(person, field)
            for field in (
                "name", "headline", "bio", "municipality", "employer_name", "languages",
                "linkedin_url", "website_url", "github_url", "available_for_assignments",
                "remote_worker", "contact_email", "phone", "contact_visibility",
                "employer_visibility", "bio_visibility", "skills_visibility", "photo_visibility",
                "member_status", "is_listed", "survey_consent",
            )
        }  # fmt: skip
        data["profile"]["employer"] = person.employer.name if person.employer else None
        data["profile"]["photo"] = person.photo.name or None
        data["profile"]["member_since"] = person.member_since
        data["skills"] = [{"name": s.name, "level": s.level} for s in person.skills.all()]
        data["companies"] = [
            {"company": role.company.name, "admin": role.is_admin, "status": role.status}
            for role in CompanyRole.objects.filter(person=person).select_related("company")
        ]
    data["membership_applications"] = list(
        MembershipApplication.objects.filter(user=user).values(
            "kind", "company__name", "why", "offer", "need", "status", "created_at"
        )
    )
    data["company_claims"] = list(
        CompanyClaim.objects.filter(user=user).values("company__name", "message", "status")
    )
    return data


@transaction.atomic
def forget(user) -> None:
    """Runs before the user row is deleted (which cascades to the profile)."""
    MembershipApplication.objects.filter(user=user).update(why="", offer="", need="")
    person = person_of(user)
    if person is not None:
        # Only once the profile is really gone; a failed deletion keeps the photo.
        delete_on_commit(person.photo.storage, person.photo.name)
        SearchDocument.objects.filter(kind="person", object_id=person.pk).delete()


RETENTION = [
    Rule(
        key="profile",
        what=_(
            "Your directory profile, skills and photo, your company connections and "
            "membership applications"
        ),
        then=_("deleted when you delete them or your account"),
    ),
]
