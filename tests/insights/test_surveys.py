"""Surveys: the template, one email per invitation, one anonymous answer per link,
one reminder, a closing date, and results under the same privacy rule."""

from __future__ import annotations

import email
import re
from datetime import timedelta
from email import policy

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from klynge.accounts.services import user_create
from klynge.core.errors import DomainError
from klynge.directory.models import MemberStatus, Person
from klynge.insights import services
from klynge.insights.figures.surveys import results
from klynge.insights.models import QuestionAnswer, SurveyInvitation, SurveyResponse
from tests.conftest import PASSWORD


def make_user(
    key: str, *, member: bool, language: str = "en", contact: str = "members",
    consent: bool = False, verified: bool = True,
):  # fmt: skip
    user = user_create(
        email=f"{key}@example.org", password=PASSWORD, name=key.title(), email_verified=verified,
        language=language,
    )  # fmt: skip
    Person.objects.create(
        user=user, name=key, municipality="gol", contact_visibility=contact,
        survey_consent=consent,
        member_status=MemberStatus.APPROVED if member else MemberStatus.NONE,
        member_since=timezone.now() if member else None,
    )  # fmt: skip
    return user


@pytest.fixture
def survey(db, staff):
    return services.survey_from_template(
        by=staff, closes_on=timezone.localdate() + timedelta(days=14)
    )


def link_of(message) -> str:
    return re.search(r"http\S+/undersoking/(\S+)/", message.body).group(1)


def test_the_template_asks_what_the_pre_project_needs(survey):
    questions = list(survey.questions.all())
    assert [q.kind for q in questions] == ["single", "multiple", "scale", "text", "text"]
    assert questions[0].text_nn == "Ville du betalt for medlemskap i huben?"
    assert all(q.text_nb and q.text_nn and q.text_en for q in questions)
    assert survey.anonymous


def test_it_refuses_a_closing_date_in_the_past(db, staff):
    with pytest.raises(DomainError):
        services.survey_from_template(by=staff, closes_on=timezone.localdate() - timedelta(days=1))


def test_it_emails_each_invitation_once(tasks, staff):
    survey = services.survey_from_template(
        by=staff, closes_on=timezone.localdate() + timedelta(days=7)
    )
    una = make_user("una", member=True, language="nn")
    make_user("ola", member=True)
    make_user("stranger", member=False, consent=True)
    assert services.survey_invite(survey=survey, audience="members") == 2
    sent = tasks.run()
    assert sorted(m.to[0] for m in sent) == ["ola@example.org", "una@example.org"]
    nynorsk = next(m for m in sent if m.to == [una.email])
    assert "Kva treng du av IT-huben?" in nynorsk.subject
    # Sending again, and a task that runs again, send nothing more.
    assert services.survey_invite(survey=survey, audience="members") == 0
    assert services.invitations_send(survey=survey) == 0
    assert tasks.run() == []
    # A wider audience adds only the new people.
    assert services.survey_invite(survey=survey, audience="contactable") == 1
    assert [m.to for m in tasks.run()] == [["stranger@example.org"]]


def test_an_answer_is_stored_once_and_cannot_be_joined_to_the_person(survey):
    user = make_user("una", member=True)
    services.survey_invite(survey=survey, audience="members")
    invitation = SurveyInvitation.objects.get(user=user)
    page = reverse("insights:answer", args=[invitation.token])
    client = Client()
    assert client.get(page).status_code == 200
    q = {q.kind + str(i): q.pk for i, q in enumerate(survey.questions.all())}
    data = {f"q{q['single0']}": "1", f"q{q['multiple1']}": ["0", "3"], f"q{q['scale2']}": "4",
            f"q{q['text3']}": "Skytjenester"}  # fmt: skip
    response = client.post(page, data)
    assert "Takk for svarene dine!" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.answered
    stored = SurveyResponse.objects.get()
    assert stored.respondent is None
    # No key from the answer to the invitation or the person, and only the day kept.
    fields = {f.name for f in SurveyResponse._meta.get_fields()}
    assert fields == {"id", "survey", "respondent", "answered_on", "answers"}
    assert sorted(
        (a.question_id, a.choices, a.scale, a.text) for a in QuestionAnswer.objects.all()
    ) == sorted([(q["single0"], [1], None, ""), (q["multiple1"], [0, 3], None, ""),
                 (q["scale2"], [], 4, ""), (q["text3"], [], None, "Skytjenester")])  # fmt: skip
    # A second answer through the same link is refused; nothing changes.
    client.post(page, data)
    with pytest.raises(DomainError):
        services.response_submit(token=invitation.token, answers={})
    assert SurveyResponse.objects.count() == 1


def test_it_refuses_a_wrong_answer_and_stores_nothing(survey):
    make_user("una", member=True)
    services.survey_invite(survey=survey, audience="members")
    invitation = SurveyInvitation.objects.get()
    single = survey.questions.get(kind="single")
    with pytest.raises(DomainError):
        services.response_submit(token=invitation.token, answers={single.pk: 9})
    invitation.refresh_from_db()
    assert not invitation.answered and SurveyResponse.objects.count() == 0
    with pytest.raises(DomainError):
        services.response_submit(token="not-a-token", answers={})


def test_it_closes_after_the_last_day(survey):
    make_user("una", member=True)
    services.survey_invite(survey=survey, audience="members")
    survey.closes_on = timezone.localdate() - timedelta(days=1)
    survey.save()
    invitation = SurveyInvitation.objects.get()
    with pytest.raises(DomainError, match="closed"):
        services.response_submit(token=invitation.token, answers={})
    with pytest.raises(DomainError):
        services.survey_invite(survey=survey, audience="members")
    html = Client().get(reverse("insights:answer", args=[invitation.token])).content.decode()
    assert "<form" not in html.split("<main")[1]


def test_it_reminds_once_those_who_have_not_answered(tasks, staff):
    survey = services.survey_from_template(
        by=staff, closes_on=timezone.localdate() + timedelta(days=7)
    )
    make_user("una", member=True)
    make_user("ola", member=True)
    services.survey_invite(survey=survey, audience="members")
    sent = tasks.run()
    una_link = next(link_of(m) for m in sent if m.to == ["una@example.org"])
    services.response_submit(token=una_link, answers={})
    assert services.survey_remind(survey=survey) == 1
    assert [m.to for m in tasks.run()] == [["ola@example.org"]]
    with pytest.raises(DomainError, match="already"):
        services.survey_remind(survey=survey)
    assert tasks.run() == []


def test_the_invitation_travels_over_smtp(tasks, smtp_server, staff):
    survey = services.survey_from_template(
        by=staff, closes_on=timezone.localdate() + timedelta(days=7)
    )
    make_user("una", member=True, language="nb")
    services.survey_invite(survey=survey, audience="members")
    tasks.run()
    [envelope] = smtp_server.envelopes
    message = email.message_from_bytes(envelope.content, policy=policy.default)
    assert envelope.rcpt_tos == ["una@example.org"]
    assert "Hva trenger du av IT-huben?" in message["Subject"]
    token = SurveyInvitation.objects.get().token
    assert f"/undersoking/{token}/" in message.get_body(("plain",)).get_content()


def _answer_all(survey, n: int) -> None:
    single = survey.questions.get(kind="single")
    scale = survey.questions.get(kind="scale")
    text = survey.questions.get(kind="text", position=3)
    for i in range(n):
        make_user(f"person{i}", member=True)
    services.survey_invite(survey=survey, audience="members")
    for i, invitation in enumerate(SurveyInvitation.objects.order_by("id")):
        answers = {single.pk: 0 if i < 3 else 3, scale.pk: 5 - i % 2, text.pk: f"Svar {i}"}
        services.response_submit(token=invitation.token, answers=answers)


def test_results_count_every_choice_under_the_rule(survey):
    _answer_all(survey, 4)
    found = results(survey)
    assert (found.invited.text, found.answered.text, found.rate.text) == ("4", "4", "100 %")
    single, multiple, scale, text, other = found.questions
    rows = {row.label: [c.text for c in row.cells] for row in single.table.rows}
    assert rows["Yes, under 1,000 kr a year"] == ["3", "75 %"]
    assert rows["No"] == ["under 3", "under 3"]
    assert rows["Yes, more than 5,000 kr a year"] == ["0", "0 %"]
    assert [c.text for c in scale.table.rows[4].cells] == ["under 3", "under 3"]  # two fives
    assert scale.mean.text == "4.5"
    assert sorted(text.texts) == ["Svar 0", "Svar 1", "Svar 2", "Svar 3"]


def test_results_hide_free_text_until_three_have_answered(survey):
    _answer_all(survey, 2)
    found = results(survey)
    assert found.answered.text == "under 3"
    assert found.questions[3].texts == [] and found.questions[2].mean.suppressed


def test_survey_pages_are_for_staff(survey, user, staff):
    outsider, insider = Client(), Client()
    outsider.force_login(user)
    insider.force_login(staff)
    pages = [("insights:surveys", "get", []), ("insights:survey", "get", [survey.pk]),
             ("insights:survey_invite", "post", [survey.pk]),
             ("insights:survey_remind", "post", [survey.pk])]  # fmt: skip
    for name, method, args in pages:
        assert getattr(outsider, method)(reverse(name, args=args)).status_code == 403
        visitor = getattr(Client(), method)(reverse(name, args=args))
        assert visitor["Location"].startswith("/konto/login/")  # sign in first
    html = insider.get(reverse("insights:survey", args=[survey.pk])).content.decode()
    assert "Ville du betalt for medlemskap i huben?" in html


def test_a_named_answer_is_exported_and_forgotten_with_the_account(survey):
    from klynge.insights import privacy

    survey.anonymous = False
    survey.save()
    user = make_user("una", member=True)
    services.survey_invite(survey=survey, audience="members")
    single = survey.questions.get(kind="single")
    services.response_submit(token=SurveyInvitation.objects.get().token, answers={single.pk: 3})
    assert SurveyResponse.objects.get().respondent == user
    data = privacy.export(user)
    assert data["survey_answers"][0]["answers"] == [
        {"question": "Would you pay for membership of the hub?", "choices": ["No"], "scale": None,
         "text": ""}
    ]  # fmt: skip
    privacy.forget(user)
    assert not SurveyResponse.objects.exists() and not SurveyInvitation.objects.exists()
