"""The insights app's part of a person's data export and account deletion.

Anonymous answers hold nothing of a person, so they are neither exported nor
deleted; answers to a named survey are exported and deleted with the account.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from klynge.insights.models import SurveyInvitation, SurveyResponse

DELETION_NOTE = _(
    "Your survey invitations and your answers to surveys that were not anonymous are "
    "deleted. Anonymous answers were never linked to you and stay in the results."
)


def export(user) -> dict:
    invitations = SurveyInvitation.objects.filter(user=user).select_related("survey")
    responses = SurveyResponse.objects.filter(respondent=user).prefetch_related("answers__question")
    return {
        "survey_invitations": [
            {"survey": i.survey.title, "answered": i.answered, "sent_at": i.sent_at}
            for i in invitations
        ],
        "survey_answers": [
            {
                "survey": r.survey.title,
                "answered_on": r.answered_on,
                "answers": [
                    {
                        "question": a.question.text,
                        "choices": [a.question.choice_labels()[i] for i in a.choices],
                        "scale": a.scale,
                        "text": a.text,
                    }
                    for a in r.answers.all()
                ],
            }  # fmt: skip
            for r in responses
        ],
    }


@transaction.atomic
def forget(user) -> None:
    SurveyResponse.objects.filter(respondent=user).delete()
    SurveyInvitation.objects.filter(user=user).delete()
