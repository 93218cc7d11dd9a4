"""Every write the insights app does. The figures themselves are only read."""

from __future__ import annotations

from datetime import date

from allauth.account.models import EmailAddress
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.accounts.models import User
from klynge.core.errors import Conflict, Invalid
from klynge.directory.models import MemberStatus
from klynge.events.models import Registration
from klynge.insights import emails, survey_template
from klynge.insights.figures import Period
from klynge.insights.models import (
    Question,
    QuestionAnswer,
    ReportText,
    Survey,
    SurveyInvitation,
    SurveyResponse,
)

MAX_REPORT_TEXT = 20_000
MAX_ANSWER_TEXT = 5_000


def report_text_save(*, period: Period, language: str, body: str, by: User) -> ReportText:
    """The staff's text for the report of ``period`` in ``language`` (one of each)."""
    if language not in dict(ReportText._meta.get_field("language").choices):
        raise Invalid(_("Choose bokmål or nynorsk."))
    body = body.strip()
    if len(body) > MAX_REPORT_TEXT:
        raise Invalid(_("The text is too long: keep it under 20,000 characters."))
    with transaction.atomic():
        text, __ = ReportText.objects.update_or_create(
            start=period.start, end=period.end, language=language,
            defaults={"body": body, "updated_by": by},
        )  # fmt: skip
    return text


# Surveys


def survey_from_template(*, by: User, closes_on: date) -> Survey:
    """A new survey with the pre-project's questions, ready to edit or send."""
    if closes_on < timezone.localdate():
        raise Invalid(_("The closing date has passed. Choose a later date."))
    with transaction.atomic():
        survey = Survey.objects.create(
            **{f"title_{lang}": text for lang, text in survey_template.TITLE.items()},
            **{f"intro_{lang}": text for lang, text in survey_template.INTRO.items()},
            closes_on=closes_on, created_by=by,
        )  # fmt: skip
        for position, (kind, text, choices) in enumerate(survey_template.QUESTIONS):
            Question.objects.create(
                survey=survey, position=position, kind=kind, choices=choices,
                **{f"text_{lang}": value for lang, value in text.items()},
            )  # fmt: skip
    return survey


def audience_users(audience: str):
    """Who a survey goes to: active accounts with an email, by the audience chosen.

    "Contactable" are people with a confirmed email address who ticked "the hub
    may contact me with questions and surveys" on their profile, and nobody else.
    """
    users = User.objects.filter(is_active=True).exclude(email="")
    if audience == Survey.Audience.MEMBERS:
        return users.filter(person__member_status=MemberStatus.APPROVED)
    if audience == Survey.Audience.PARTICIPANTS:
        return users.filter(event_registrations__status=Registration.Status.CONFIRMED).distinct()
    if audience == Survey.Audience.CONTACTABLE:
        confirmed = EmailAddress.objects.filter(
            user=OuterRef("pk"), email__iexact=OuterRef("email"), verified=True
        )
        return users.filter(Exists(confirmed), person__survey_consent=True)
    raise Invalid(_("Choose who the survey goes to."))


def survey_invite(*, survey: Survey, audience: str) -> int:
    """Invite everyone in ``audience`` not yet invited, and email each invitation once."""
    if not survey.is_open:
        raise Conflict(_("The survey is closed."))
    users = list(audience_users(audience).values_list("pk", flat=True))
    with transaction.atomic():
        # Locked as the builder locks it: no question changes while the first goes out.
        Survey.objects.select_for_update().filter(pk=survey.pk).first()
        if not survey.questions.exists():
            raise Invalid(_("The survey has no questions yet."))
        SurveyInvitation.objects.bulk_create(
            [SurveyInvitation(survey=survey, user_id=pk) for pk in users], ignore_conflicts=True
        )
        return invitations_send(survey=survey)


def _claim(invitation: SurveyInvitation, field: str, **condition) -> bool:
    """Stamp ``field`` if no run did before: the one that does sends the email."""
    return bool(
        SurveyInvitation.objects.filter(
            pk=invitation.pk, **{f"{field}__isnull": True}, **condition
        ).update(**{field: timezone.now()})
    )


def invitations_send(*, survey: Survey) -> int:
    """Email every invitation of ``survey`` not emailed yet; safe to run again."""
    sent = 0
    with transaction.atomic():
        pending = survey.invitations.filter(sent_at__isnull=True).select_related("user", "survey")
        for invitation in pending:
            if _claim(invitation, "sent_at"):
                emails.send("invitation", invitation)
                sent += 1
    return sent


def survey_remind(*, survey: Survey) -> int:
    """The one reminder, to those invited who have not answered. A second call sends nothing."""
    if not survey.is_open:
        raise Conflict(_("The survey is closed."))
    with transaction.atomic():
        claimed = Survey.objects.filter(pk=survey.pk, reminded_at__isnull=True).update(
            reminded_at=timezone.now()
        )
        if not claimed:
            raise Conflict(_("The reminder has already been sent."))
        sent = 0
        waiting = survey.invitations.filter(answered=False, sent_at__isnull=False)
        for invitation in waiting.select_related("user", "survey"):
            if _claim(invitation, "reminded_at", answered=False):
                emails.send("reminder", invitation)
                sent += 1
    return sent


def _clean_answer(question: Question, value) -> dict:
    kind, n = question.kind, len(question.choices)
    if value in (None, "", []):
        return {}
    if kind == Question.Kind.SINGLE and isinstance(value, int) and 0 <= value < n:
        return {"choices": [value]}
    if kind == Question.Kind.MULTIPLE and isinstance(value, list | tuple):
        picked = sorted({v for v in value if isinstance(v, int) and 0 <= v < n})
        if len(picked) == len(value):
            return {"choices": picked}
    if kind == Question.Kind.SCALE and isinstance(value, int) and 1 <= value <= 5:
        return {"scale": value}
    if kind == Question.Kind.TEXT and isinstance(value, str) and len(value) <= MAX_ANSWER_TEXT:
        return {"text": value.strip()}
    raise Invalid(_("An answer is not one of the choices. Reload the page and try again."))


def response_submit(*, token: str, answers: dict[int, object]) -> SurveyResponse:
    """Store one person's answers through their invitation: once, and while the survey is open.

    The invitation is locked and flagged as answered in the same transaction;
    the response keeps no link to it (nor to the person, when anonymous).
    """
    with transaction.atomic():
        invitation = (
            SurveyInvitation.objects.select_for_update()
            .select_related("survey")
            .filter(token=token)
            .first()
        )
        if invitation is None:
            raise Invalid(_("This link is not valid."))
        survey = invitation.survey
        if invitation.answered:
            raise Conflict(_("You have already answered. Thank you!"))
        if not survey.is_open:
            raise Conflict(_("The survey is closed."))
        cleaned = {q: _clean_answer(q, answers.get(q.pk)) for q in survey.questions.all()}
        response = SurveyResponse.objects.create(
            survey=survey, respondent=None if survey.anonymous else invitation.user
        )
        QuestionAnswer.objects.bulk_create(
            [QuestionAnswer(response=response, question=q, **a) for q, a in cleaned.items() if a]
        )
        SurveyInvitation.objects.filter(pk=invitation.pk).update(answered=True)
    return response
