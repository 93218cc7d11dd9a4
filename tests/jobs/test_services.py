"""Jobs: who may post, change, withdraw and take down; bad input; competences; expiry."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from klynge.audit.models import Action, AuditEntry
from klynge.competence.models import Competence
from klynge.core.errors import Conflict, Invalid, NotAllowed
from klynge.directory.models import CompanyRole, Person
from klynge.jobs import privacy, rules, services
from klynge.jobs.models import JobPosting
from tests.jobs.conftest import post

pytestmark = pytest.mark.django_db


class TestWhoMayPost:
    def test_a_member_companys_admin_posts(self, fjellkode):
        company, admin = fjellkode
        job = post(admin, company)
        assert (job.company, job.posted_by, job.status) == (company, admin, "open")
        assert not AuditEntry.objects.exists()  # acting for her own company

    def test_others_are_refused_and_nothing_is_written(self, fjellkode, outsider, user, member):
        company, _admin = fjellkode
        other, other_admin = outsider
        for who, where in [(user, company), (member, company), (other_admin, other)]:
            with pytest.raises(NotAllowed):
                post(who, where)
        assert not JobPosting.objects.exists()

    def test_an_unconfirmed_or_plain_employee_may_not(self, fjellkode, user):
        company, _admin = fjellkode
        person = Person.objects.create(user=user, name="Tilsett", municipality="gol")
        role = CompanyRole.objects.create(company=company, person=person, is_admin=True)
        with pytest.raises(NotAllowed):  # still waiting for confirmation
            post(user, company)
        role.status, role.is_admin = CompanyRole.Status.CONFIRMED, False
        role.save()
        with pytest.raises(NotAllowed):  # confirmed, but not an admin
            post(user, company)
        assert rules.companies_for(user) == []

    def test_staff_post_for_any_company_on_the_record(self, outsider, staff):
        company, _admin = outsider
        job = post(staff, company)
        entry = AuditEntry.objects.get()
        assert (entry.action, entry.target_id, entry.actor) == (Action.JOB_POST, str(job.pk), staff)
        assert "Utanfor AS" in entry.summary


class TestChanging:
    def test_the_company_changes_and_withdraws_its_posting(self, fjellkode, outsider):
        company, admin = fjellkode
        _other, other_admin = outsider
        job = post(admin, company)
        with pytest.raises(NotAllowed):
            services.job_update(job=job, by=other_admin, title="Kapra")
        services.job_update(job=job, by=admin, title="Seniorutviklar")
        assert JobPosting.objects.get().title == "Seniorutviklar"
        with pytest.raises(NotAllowed):
            services.job_withdraw(job=job, by=other_admin)
        services.job_withdraw(job=job, by=admin)
        assert JobPosting.objects.get().status == "withdrawn"
        with pytest.raises(NotAllowed):  # no longer open: nothing to change
            services.job_update(job=JobPosting.objects.get(), by=admin, title="Att")
        assert not JobPosting.objects.open().exists()

    def test_staff_take_down_once_and_on_the_record(self, fjellkode, staff):
        company, admin = fjellkode
        job = post(admin, company)
        with pytest.raises(NotAllowed):
            services.job_take_down(job=job, by=admin, reason="Nei")
        stale = JobPosting.objects.get()
        services.job_take_down(job=job, by=staff, reason="Ikkje ein IT-jobb")
        with pytest.raises(Conflict):  # a second staff member on an old page
            services.job_take_down(job=stale, by=staff, reason="Igjen")
        entry = AuditEntry.objects.get()
        assert (entry.action, entry.summary) == (Action.JOB_REMOVE, "Ikkje ein IT-jobb")
        assert JobPosting.objects.get().status == "removed"

    def test_staff_edits_of_a_companys_posting_are_audited(self, fjellkode, staff):
        company, admin = fjellkode
        job = post(admin, company)
        services.job_update(job=job, by=staff, title="Retta tittel")
        assert AuditEntry.objects.get().action == Action.JOB_EDIT


class TestBadInput:
    @pytest.mark.parametrize(
        "fields, message",
        [
            ({"title": "To\nlinjer"}, "one line"),
            ({"description": "  "}, "Describe"),
            ({"deadline": timezone.localdate() - timedelta(days=1)}, "passed"),
            ({"apply_url": "http://fjellkode.example/jobb"}, "https://"),
            ({"apply_url": "", "apply_email": ""}, "link to apply or an email"),
            ({"apply_url": "", "apply_email": "ikkje-ei-adresse"}, "valid email"),
            ({"municipality": "", "work_mode": "hybrid"}, "where the job is"),
            ({"municipality": "oslo"}, "municipality"),
            ({"work_mode": "moon"}, "where the work is done"),
        ],
    )
    def test_is_refused_with_a_clear_message_and_nothing_written(self, fjellkode, fields, message):
        company, admin = fjellkode
        with pytest.raises(Invalid) as refused:
            post(admin, company, **fields)
        assert message in refused.value.message
        assert not JobPosting.objects.exists()

    def test_remote_needs_no_place_and_email_alone_will_do(self, fjellkode):
        company, admin = fjellkode
        job = post(
            admin, company, municipality="", work_mode="remote", apply_url="",
            apply_email="jobb@fjellkode.example",
        )  # fmt: skip
        assert (job.municipality, job.apply_email) == ("", "jobb@fjellkode.example")


class TestCompetencesAndExpiry:
    def test_competences_come_from_the_text_and_the_choice(self, fjellkode, taxonomy):
        company, admin = fjellkode
        chosen = Competence.objects.get(slug="nettverk")
        job = post(admin, company, competences=[chosen])
        assert sorted(c.slug for c in job.competences.all()) == [
            "betaling-pa-nett", "nettbutikk", "nettverk",
        ]  # fmt: skip

    def test_a_posting_expires_after_its_deadline_day(self, fjellkode):
        company, admin = fjellkode
        job = post(admin, company, deadline=timezone.localdate())
        assert list(JobPosting.objects.open()) == [job] and job.is_open
        tomorrow = timezone.localdate() + timedelta(days=1)
        assert not JobPosting.objects.open(today=tomorrow).exists()
        JobPosting.objects.filter(pk=job.pk).update(
            deadline=timezone.localdate() - timedelta(days=1)
        )
        job.refresh_from_db()
        assert job.is_expired and not job.is_open and not JobPosting.objects.open().exists()


def test_personal_data(fjellkode):
    company, admin = fjellkode
    post(admin, company)
    assert privacy.export(admin)["job_postings"][0]["company"] == "Fjellkode AS"
    privacy.forget(admin)
    assert JobPosting.objects.get().posted_by is None
