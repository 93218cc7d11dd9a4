"""The survey builder: staff make a survey and its questions on pages, in three
languages; questions lock once the survey is sent; bad input changes nothing; and
"everyone who agreed" means the consent on the profile, nothing else."""

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
from klynge.core.errors import Conflict, DomainError, Invalid
from klynge.directory import privacy
from klynge.directory.models import Person
from klynge.events.models import Event, Registration
from klynge.insights import services, survey_services
from klynge.insights.models import Question, Survey, SurveyInvitation, SurveyResponse
from tests.conftest import PASSWORD
from tests.insights.test_surveys import make_user

SOON = timedelta(days=10)


def survey_data(**changes) -> dict:
    data = {
        "title_nb": "Hva trenger du?", "title_nn": "Kva treng du?", "title_en": "What do you need?",
        "intro_nb": "Tre korte spørsmål.", "intro_nn": "Tre korte spørsmål.",
        "intro_en": "Three short questions.",
        "closes_on": (timezone.localdate() + SOON).isoformat(), "anonymous": "on",
    }  # fmt: skip
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def question_data(kind="single", **changes) -> dict:
    data = {
        "kind": kind, "text_nb": "Hvor bor du?", "text_nn": "Kvar bur du?",
        "text_en": "Where do you live?", "choices_nb": "Gol\nÅl\nHol",
        "choices_nn": "Gol\nÅl\nHol", "choices_en": "Gol\nÅl\nHol",
    }  # fmt: skip
    data.update(changes)
    return data


@pytest.fixture
def blank(db, staff) -> Survey:
    return survey_services.survey_create(
        by=staff, titles={"nb": "Tom", "nn": "Tom", "en": "Empty"}, intros={},
        closes_on=timezone.localdate() + SOON,
    )  # fmt: skip


def add(survey, kind="text", text="Noko anna?", choices=None) -> Question:
    return survey_services.question_add(
        survey=survey, kind=kind, texts={"nb": text, "nn": text, "en": text},
        choices={lang: choices or [] for lang in ("nb", "nn", "en")},
    )  # fmt: skip


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


# Creating and editing


def test_staff_make_a_blank_survey_and_its_questions_on_pages(staff_client):
    response = staff_client.post(reverse("insights:survey_new"), survey_data())
    survey = Survey.objects.get()
    assert response["Location"] == reverse("insights:survey_edit", args=[survey.pk])
    assert (survey.title_nb, survey.title_nn, survey.title_en) == (
        "Hva trenger du?", "Kva treng du?", "What do you need?",
    )  # fmt: skip
    assert survey.anonymous and survey.questions.count() == 0
    assert survey.created_by.is_staff

    url = reverse("insights:question_new", args=[survey.pk])
    assert staff_client.post(url, question_data("single")).status_code == 302
    staff_client.post(url, question_data("multiple", text_en="Which services?"))
    staff_client.post(url, question_data("scale", choices_nb="", choices_nn="", choices_en=""))
    # Lines a scale or free text does not use are dropped, not stored.
    staff_client.post(url, question_data("text", text_en="Anything else?"))
    single, multiple, scale, text = survey.questions.all()
    assert [q.kind for q in survey.questions.all()] == ["single", "multiple", "scale", "text"]
    assert [q.position for q in survey.questions.all()] == [0, 1, 2, 3]
    assert single.choices == [
        {"nb": "Gol", "nn": "Gol", "en": "Gol"}, {"nb": "Ål", "nn": "Ål", "en": "Ål"},
        {"nb": "Hol", "nn": "Hol", "en": "Hol"},
    ]  # fmt: skip
    assert scale.choices == [] and text.choices == []
    html = page(staff_client, reverse("insights:survey_edit", args=[survey.pk]))
    assert "Kvar bur du?" not in html and "Hvor bor du?" in html  # the reader's language: nb


def test_staff_edit_a_question_and_a_survey(staff_client, blank):
    question = add(blank, "single", "Før", ["a", "b"])
    url = reverse("insights:question_edit", args=[question.pk])
    assert "Før" in page(staff_client, url)
    data = question_data("multiple", text_nn="Etter", choices_nn="Gol\nÅl\nHol")
    assert staff_client.post(url, data).status_code == 302
    question.refresh_from_db()
    assert (question.kind, question.text_nn, len(question.choices)) == ("multiple", "Etter", 3)

    edit = reverse("insights:survey_edit", args=[blank.pk])
    later = timezone.localdate() + timedelta(days=30)
    staff_client.post(edit, survey_data(title_nn="Ny tittel", anonymous=None,
                                        closes_on=later.isoformat()))  # fmt: skip
    blank.refresh_from_db()
    assert (blank.title_nn, blank.anonymous, blank.closes_on) == ("Ny tittel", False, later)


def test_questions_are_reordered_and_deleted(staff_client, blank):
    one, two, three = (add(blank, text=t) for t in ("En", "To", "Tre"))
    move = reverse("insights:question_move", args=[three.pk])
    response = staff_client.post(move, {"retning": "opp"})
    assert response["Location"].endswith(f"#question-{three.pk}")
    assert [q.text_nb for q in blank.questions.all()] == ["En", "Tre", "To"]
    staff_client.post(reverse("insights:question_move", args=[one.pk]), {"retning": "opp"})
    assert [q.text_nb for q in blank.questions.all()] == ["En", "Tre", "To"]  # already first
    staff_client.post(reverse("insights:question_move", args=[one.pk]), {"retning": "ned"})
    assert [q.text_nb for q in blank.questions.all()] == ["Tre", "En", "To"]
    staff_client.post(reverse("insights:question_move", args=[one.pk]), {"retning": "sidelengs"})
    assert [q.text_nb for q in blank.questions.all()] == ["Tre", "En", "To"]
    staff_client.post(reverse("insights:question_delete", args=[two.pk]))
    assert [q.text_nb for q in blank.questions.all()] == ["Tre", "En"]


def test_the_preview_shows_the_answer_form_and_stores_nothing(staff_client, blank):
    add(blank, "single", "Kor ofte?", ["Ofte", "Sjeldan"])
    html = page(staff_client, reverse("insights:survey_preview", args=[blank.pk]))
    assert "Kor ofte?" in html and "Sjeldan" in html
    main = html.split("<main")[1].split("</main>")[0]
    assert "<form" not in main
    assert 'type="radio"' in main and "disabled" in main
    assert "Send my answers" not in main and "Send svarene mine" not in main
    assert SurveyResponse.objects.count() == 0


def test_the_template_opens_in_the_builder(staff_client):
    closes = (timezone.localdate() + SOON).isoformat()
    response = staff_client.post(reverse("insights:surveys"), {"closes_on": closes})
    survey = Survey.objects.get()
    assert response["Location"] == reverse("insights:survey_edit", args=[survey.pk])
    html = page(staff_client, response["Location"])
    assert "Hvilke tjenester betyr mest for deg?" in html
    assert html.count('name="retning"') == 2 * 5 - 2  # up and down, none at the ends


# Locked once sent


def test_questions_lock_once_sent_but_the_closing_date_may_move(staff_client, blank):
    question = add(blank, "single", "Ja eller nei?", ["Ja", "Nei"])
    make_user("una", member=True)
    assert services.survey_invite(survey=blank, audience="members") == 1
    edit = reverse("insights:survey_edit", args=[blank.pk])
    html = page(staff_client, edit)
    assert "Undersøkelsen er sendt" in html
    assert reverse("insights:question_new", args=[blank.pk]) not in html
    assert reverse("insights:question_edit", args=[question.pk]) not in html

    before = Question.objects.values().get()
    for url, data in [
        (reverse("insights:question_new", args=[blank.pk]), question_data()),
        (reverse("insights:question_edit", args=[question.pk]), question_data()),
        (reverse("insights:question_delete", args=[question.pk]), {}),
        (reverse("insights:question_move", args=[question.pk]), {"retning": "ned"}),
    ]:
        staff_client.post(url, data)
    assert list(Question.objects.values()) == [before]
    with pytest.raises(Conflict):
        add(blank)

    # The texts are shown but not read; the closing date changes.
    later = timezone.localdate() + timedelta(days=40)
    response = staff_client.post(edit, survey_data(title_nb="Endret", closes_on=later.isoformat()))
    assert response.status_code == 302
    blank.refresh_from_db()
    assert (blank.title_nb, blank.closes_on) == ("Tom", later)
    with pytest.raises(Conflict, match="svarfristen"):
        survey_services.survey_update(
            survey=blank, titles={"nb": "Endret", "nn": "Tom", "en": "Empty"}, intros={},
            closes_on=later, anonymous=True,
        )  # fmt: skip


# Bad input: a translated error, nothing changed


def test_choices_must_have_as_many_lines_in_each_language(staff_client, blank):
    url = reverse("insights:question_new", args=[blank.pk])
    response = staff_client.post(url, question_data(choices_nn="Gol\nÅl"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "samme antall linjer" in html and "3, 2 og 3" in html
    assert not blank.questions.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"text_nn": "   "}, "Feltet er påkrevet"),
        ({"kind": "ranking"}, "Velg et gyldig valg"),
        ({"choices_nb": "Gol", "choices_nn": "Gol", "choices_en": "Gol"}, "mellom 2 og 12"),
        ({"text_en": "x" * 301}, "300 eller færre tegn"),
    ],
)
def test_bad_questions_are_refused_with_a_clear_error(staff_client, blank, changes, message):
    response = staff_client.post(
        reverse("insights:question_new", args=[blank.pk]), question_data(**changes)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Question.objects.exists()


def test_the_services_refuse_bad_questions_themselves(blank):
    for kind, texts, choices in [
        ("ranking", {"nb": "a", "nn": "a", "en": "a"}, {}),
        ("text", {"nb": "a", "nn": "", "en": "a"}, {}),
        ("single", {"nb": "a", "nn": "a", "en": "a"}, {"nb": ["x", "y"], "nn": ["x"], "en": []}),
    ]:
        with pytest.raises(Invalid):
            survey_services.question_add(survey=blank, kind=kind, texts=texts, choices=choices)
    assert not Question.objects.exists()


def test_a_bad_survey_is_refused_in_nynorsk_and_nothing_is_made(staff_client):
    staff_client.cookies["django_language"] = "nn"
    past = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = staff_client.post(reverse("insights:survey_new"), survey_data(closes_on=past))
    assert "Vel ein seinare dato" in response.content.decode()
    response = staff_client.post(reverse("insights:survey_new"), survey_data(title_en=""))
    assert "Feltet er påkravd" in response.content.decode()
    assert not Survey.objects.exists()


# Who may


def test_the_builder_is_for_staff(blank, user, staff):
    question = add(blank)
    outsider = Client()
    outsider.force_login(user)
    urls = [
        ("get", reverse("insights:survey_new")),
        ("post", reverse("insights:survey_new")),
        ("get", reverse("insights:survey_edit", args=[blank.pk])),
        ("post", reverse("insights:survey_edit", args=[blank.pk])),
        ("get", reverse("insights:survey_preview", args=[blank.pk])),
        ("get", reverse("insights:question_new", args=[blank.pk])),
        ("post", reverse("insights:question_new", args=[blank.pk])),
        ("get", reverse("insights:question_edit", args=[question.pk])),
        ("post", reverse("insights:question_edit", args=[question.pk])),
        ("post", reverse("insights:question_delete", args=[question.pk])),
        ("post", reverse("insights:question_move", args=[question.pk])),
    ]
    for method, url in urls:
        response = getattr(outsider, method)(url, question_data())
        assert response.status_code == 403, url
        assert getattr(Client(), method)(url)["Location"].startswith("/konto/login/")
    assert Question.objects.values_list("text_nb", flat=True).get() == "Noko anna?"
    assert Survey.objects.count() == 1


# The audience "everyone who agreed"


def test_contactable_means_consent_and_a_confirmed_email_and_nothing_else(blank, staff):
    add(blank)
    agreed = make_user("agreed", member=False, consent=True, contact="private")
    make_user("shows_contact", member=True, consent=False, contact="public")
    make_user("unconfirmed", member=False, consent=True, verified=False)
    gone = make_user("gone", member=False, consent=True)
    gone.is_active = False
    gone.save()
    unlisted = make_user("unlisted", member=False, consent=True)
    Person.objects.filter(user=unlisted).update(is_listed=False)
    user_create(email="noprofile@example.org", password=PASSWORD, email_verified=True)
    found = set(services.audience_users("contactable").values_list("email", flat=True))
    # An unlisted profile still said yes; showing one's contact details or being a
    # member is no yes, nor is an unconfirmed address or a closed account.
    assert found == {agreed.email, unlisted.email}
    assert services.survey_invite(survey=blank, audience="contactable") == 2
    invited = set(SurveyInvitation.objects.values_list("user__email", flat=True))
    assert invited == {"agreed@example.org", "unlisted@example.org"}


def test_the_consent_is_on_the_profile_form_and_in_the_download(user_client, user):
    html = page(user_client, reverse("directory:profile_edit"))
    assert "Huben kan kontakte meg med spørsmål og undersøkelser" in html
    assert "frivillig" in html
    data = {"name": "Una", "municipality": "gol", "skills": "", "bio_visibility": "public",
            "skills_visibility": "public", "employer_visibility": "public",
            "contact_visibility": "members", "photo_visibility": "public", "is_listed": "on",
            "survey_consent": "on"}  # fmt: skip
    response = user_client.post(reverse("directory:profile_edit"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Person.objects.get(user=user).survey_consent
    assert privacy.export(user)["profile"]["survey_consent"] is True
    data.pop("survey_consent")
    user_client.post(reverse("directory:profile_edit"), data)
    assert not Person.objects.get(user=user).survey_consent


def test_members_and_participants_are_unchanged(blank, staff):
    member = make_user("member", member=True)
    make_user("other", member=False, consent=True)
    start = timezone.now() + timedelta(days=3)
    event = Event.objects.create(
        title="Frukost", slug="frukost", starts_at=start, ends_at=start + timedelta(hours=1),
        status=Event.Status.PUBLISHED, published_at=timezone.now(),
    )  # fmt: skip
    guest = make_user("guest", member=False)
    Registration.objects.create(
        event=event, user=guest, name="Guest", email=guest.email,
        status=Registration.Status.CONFIRMED, confirmed_at=timezone.now(),
    )  # fmt: skip
    assert list(services.audience_users("members")) == [member]
    assert list(services.audience_users("participants")) == [guest]


# The whole way: built on pages, sent to those who agreed, answered, over SMTP


def test_a_built_survey_goes_to_those_who_agreed_over_smtp(tasks, smtp_server, staff):
    client = Client()
    client.force_login(staff)
    client.post(reverse("insights:survey_new"), survey_data())
    survey = Survey.objects.get()
    client.post(reverse("insights:question_new", args=[survey.pk]), question_data("single"))
    make_user("kari", member=False, consent=True, language="nn")
    make_user("ola", member=True, consent=False)
    response = client.post(
        reverse("insights:survey_invite", args=[survey.pk]), {"audience": "contactable"}
    )
    assert response.status_code == 302
    tasks.run()
    [envelope] = smtp_server.envelopes
    assert envelope.rcpt_tos == ["kari@example.org"]
    message = email.message_from_bytes(envelope.content, policy=policy.default)
    assert "Kva treng du?" in message["Subject"]
    body = message.get_body(("plain",)).get_content()
    token = re.search(r"/undersoking/([^/\s]+)/", body).group(1)
    assert SurveyInvitation.objects.get().token == token
    question = survey.questions.get()
    answer = Client().post(reverse("insights:answer", args=[token]), {f"q{question.pk}": "2"})
    assert "Takk for svarene dine!" in answer.content.decode()
    assert SurveyResponse.objects.get().answers.get().choices == [2]
    # Now locked: the question cannot change any more.
    client.post(reverse("insights:question_edit", args=[question.pk]), question_data("text"))
    question.refresh_from_db()
    assert question.kind == "single"


def test_the_services_refuse_a_closing_date_in_the_past(staff):
    with pytest.raises(DomainError):
        survey_services.survey_create(
            by=staff, titles={"nb": "a", "nn": "a", "en": "a"}, intros={},
            closes_on=timezone.localdate() - timedelta(days=1),
        )  # fmt: skip
