"""The teams' part of a person's data export and account deletion."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from klynge.directory.roles import person_of
from klynge.teams import services
from klynge.teams.models import Member, TeamMessage

DELETION_NOTE = _(
    "You leave every team you are in; a team whose last member you were is withdrawn. "
    "Your messages in team conversations are deleted."
)


def export(user) -> dict:
    person = person_of(user)
    members = (
        Member.objects.filter(person=person).select_related("team__need")
        if person is not None else Member.objects.none()
    )  # fmt: skip
    return {
        "team_memberships": [
            {
                "need": member.team.need.title,
                "part": member.part,
                "status": member.status,
                "team_status": member.team.status,
                "created_at": member.created_at,
            }
            for member in members
        ],
        "team_messages": list(
            TeamMessage.objects.filter(author=user).values(
                "team__need__title", "body", "created_at"
            )
        ),
    }


@transaction.atomic
def forget(user) -> None:
    """Runs before the user row (and with it the profile) is deleted: the person leaves
    their teams through the service, so the last one out withdraws the team."""
    person = person_of(user)
    if person is not None:
        for member in Member.objects.filter(person=person, status=Member.Status.ACCEPTED):
            services.leave_for_deletion(member)
        Member.objects.filter(person=person, status=Member.Status.INVITED).update(
            status=Member.Status.DECLINED
        )
    TeamMessage.objects.filter(author=user).delete()
