"""Demo needs for `manage.py load_demo`, one in each state, in bokmål, nynorsk and
English. Written straight to the tables (no emails); safe to run again: needs are
found by their external id."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from klynge.accounts.models import User
from klynge.accounts.services import user_create
from klynge.directory.models import Company, CompanyRole, Person
from klynge.needs.models import Answer, Message, Need
from klynge.needs.services import _set_competences

POSTERS = [
    ("liv@example.org", "Liv Nordby", "nb"),
    ("it@hol.example.org", "Hol kommune, IT", "nn"),
    ("ny@example.org", "Nils Ny", "nb"),
]
S = Need.Status
# key, poster, status, days since posted, fields, answers [(person key, company key, [msgs])]
NEEDS = [
    ("n-01", "ola@example.org", S.DIALOGUE, 6, {
        "title": "Gjestane skal kunne booke rom og betale på nett",
        "description": "Vi har 14 rom og tek i dag imot bestillingar på telefon og e-post. "
        "Gjestane spør om dei kan booke og betale på nettsida vår. Vi treng ei løysing som "
        "er enkel for oss å bruke, og som fungerer på mobil.",
        "municipality": "hemsedal", "budget": Need.Budget.UP_TO_200K,
        "posted_by": Need.PostedBy.BUSINESS, "organisation": "Bakken Fjellstue",
    }, [("p-01", "c-02", [
        (False, "Hei! Vi har laga booking med betaling for fleire overnattingsstader i dalen. "
         "Vi kan kome innom fjellstua og sjå på kva de treng. Passar det neste veke?"),
        (True, "Det høyrest bra ut. Tysdag etter klokka 12 passar fint."),
    ])]),
    ("n-02", "ola@example.org", S.FILLED, 75, {
        "title": "Ny nettside for fjellstua",
        "description": "Den gamle nettsida er frå 2012 og ser ikkje bra ut på mobil.",
        "municipality": "hemsedal", "budget": Need.Budget.UP_TO_50K,
        "posted_by": Need.PostedBy.BUSINESS, "organisation": "Bakken Fjellstue",
    }, [("p-01", "c-02", [(False, "Vi kan lage ei ny WordPress-side med bilete og kart.")])]),
    ("n-03", "ola@example.org", S.DRAFT, 0, {
        "title": "Trådlaust nett for gjestene på alle rom",
        "municipality": "hemsedal", "posted_by": Need.PostedBy.BUSINESS,
    }, []),
    ("n-04", "it@hol.example.org", S.OPEN, 3, {
        "title": "Kurs i informasjonstryggleik for dei tilsette",
        "description": "Hol kommune ønskjer eit kurs på to timar om phishing, passord og trygg "
        "bruk av e-post for om lag 40 tilsette. Gjerne i Geilo kulturhus.",
        "municipality": "hol", "budget": Need.Budget.UP_TO_50K,
        "posted_by": Need.PostedBy.PUBLIC, "organisation": "Hol kommune",
        "deadline_days": 45, "tender_url": "https://doffin.no/",
    }, []),
    ("n-05", "liv@example.org", S.OPEN, 1, {
        "title": "Nettbutikk for gardsutsalget",
        "description": "Vi sel ost, spekemat og flatbrød fra gården og vil selge på nett, med "
        "Vipps og henting i gårdsbutikken eller sending med posten.",
        "municipality": "aal", "budget": Need.Budget.UP_TO_50K,
        "posted_by": Need.PostedBy.BUSINESS, "organisation": "Nordby Gard",
    }, []),
    ("n-06", "liv@example.org", S.OPEN, 9, {
        "title": "Help moving our email and files to Microsoft 365",
        "description": "We are six people and use an old mail server and a USB disk for "
        "backups. We would like someone to move us to Microsoft 365 and show us how to use it.",
        "municipality": "aal", "budget": Need.Budget.UNKNOWN,
        "posted_by": Need.PostedBy.BUSINESS, "organisation": "Nordby Gard",
        "audience": Need.Audience.MEMBERS,
    }, []),
    ("n-07", "ny@example.org", S.PENDING, 0, {
        "title": "Regnskapssystem som snakker med kassa i butikken",
        "description": "Butikken vår trenger et regnskapssystem som henter salget fra kassa.",
        "municipality": "nesbyen", "budget": Need.Budget.UNDER_10K,
        "posted_by": Need.PostedBy.BUSINESS,
    }, []),
    ("n-08", "it@hol.example.org", S.CLOSED, 70, {
        "title": "Kartløysing for turstiar i kommunen",
        "description": "Vi ønskte eit kart over turstiar på nettsida til kommunen.",
        "municipality": "hol", "posted_by": Need.PostedBy.PUBLIC, "organisation": "Hol kommune",
    }, []),
]  # fmt: skip


def _poster_users() -> dict[str, User]:
    for email, name, language in POSTERS:
        if not User.objects.filter(email=email).exists():
            user_create(email=email, password=None, name=name, email_verified=True,
                        language=language)  # fmt: skip
    emails = {n[1] for n in NEEDS}
    return {u.email: u for u in User.objects.filter(email__in=emails)}


HOL = "964963193"


def _public_body(user: User) -> Company:
    """Hol kommune as the register knows it (sector code 6500), with its IT contact as a
    confirmed admin: the demo's public buyer. Hidden from the directory of providers."""
    company, _new = Company.objects.get_or_create(
        org_number=HOL,
        defaults={"name": "Hol kommune", "municipality": "hol", "sector_code": "6500",
                  "nace": "84.110", "source": Company.Source.REGISTER, "is_listed": False},
    )  # fmt: skip
    person, _new = Person.objects.get_or_create(
        user=user, defaults={"name": user.name, "municipality": "hol", "is_listed": False}
    )
    CompanyRole.objects.get_or_create(
        company=company, person=person,
        defaults={"is_admin": True, "status": CompanyRole.Status.CONFIRMED},
    )  # fmt: skip
    return company


def load(stdout) -> None:
    now = timezone.now()
    created = 0
    with transaction.atomic():
        users = _poster_users()
        hol = _public_body(users["it@hol.example.org"]) if "it@hol.example.org" in users else None
        for key, poster, status, days, fields, answers in NEEDS:
            if Need.objects.filter(external_id=f"demo-{key}").exists() or poster not in users:
                continue
            fields = dict(fields)
            deadline_days = fields.pop("deadline_days", None)
            posted = now - timedelta(days=days)
            need = Need(external_id=f"demo-{key}", poster=users[poster], status=status, **fields)
            if hol is not None and fields.get("organisation") == hol.name:
                need.public_body = hol
            if deadline_days:
                need.deadline = (posted + timedelta(days=deadline_days)).date()
            if status not in (S.DRAFT, S.PENDING):
                need.published_at = posted
                need.expires_at = need.expiry_for(posted)
            if status in (S.FILLED, S.CLOSED):
                need.settled_at = posted + timedelta(days=20)
                need.expiry_reminded_at = need.settled_at
            if status == S.CLOSED:
                need.close_reason = Need.CloseReason.EXPIRED
            need.save()
            _set_competences(need)
            created += 1
            for person_key, company_key, messages in answers:
                person = Person.objects.filter(external_id=f"demo-{person_key}").first()
                company = Company.objects.filter(external_id=f"demo-{company_key}").first()
                if person is None:
                    continue
                answer = Answer.objects.create(
                    need=need, author=person.user, person=person, company=company,
                    last_message_at=posted,
                )  # fmt: skip
                for from_poster, body in messages:
                    author = users[poster] if from_poster else person.user
                    Message.objects.create(
                        answer=answer, author=author, from_poster=from_poster, body=body
                    )
                if status == S.FILLED:
                    need.filled_by_company = company
                    need.filled_by_person = None if company else person
                    need.outcome = Need.Outcome.HELPED
                    need.follow_up_sent_at = need.outcome_at = need.settled_at + timedelta(days=14)
                    need.save()
    stdout.write(f"Needs demo: {created} needs created.\n")
