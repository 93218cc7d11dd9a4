"""Jobs pages: the list and its filters, a posting with JSON-LD and Open Graph,
expiry, the Atom feed, the company page, posting over HTTP, and the digest."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import feedparser
import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from klynge.competence.models import Competence
from klynge.core.digest import sections
from klynge.jobs.digest import digest_sections
from klynge.jobs.models import JobPosting
from tests.jobs.conftest import post

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def reader(language: str = "nn") -> Client:
    return Client(headers={"accept-language": language})


def jsonld(html: str) -> list[dict]:
    return [json.loads(m) for m in re.findall(r'application/ld\+json">(.*?)</script>', html, re.S)]


def expire(job: JobPosting) -> None:
    JobPosting.objects.filter(pk=job.pk).update(deadline=timezone.localdate() - timedelta(days=1))


class TestList:
    def test_filters_by_place_mode_and_competence(self, fjellkode, taxonomy):
        company, admin = fjellkode
        post(admin, company, title="Butikkutviklar")  # gol, on site, nettbutikk
        post(
            admin, company, title="Nettverkstekniker", municipality="hol", work_mode="hybrid",
            description="Wifi og trådlaust nett på hyttene.",
        )  # fmt: skip
        post(
            admin, company, title="Heimekontor", municipality="", work_mode="remote",
            description="Du lagar nettsider heimanfrå.",
        )  # fmt: skip
        everything = reader().get("/jobb/").content.decode()
        assert "3 ledige jobbar" in everything
        titles = lambda url: re.findall(  # noqa: E731
            r'profile-name"><a href="/jobb/\d+/">([^<]+)<', reader().get(url).content.decode()
        )
        assert titles("/jobb/?kommune=hol") == ["Nettverkstekniker"]
        assert titles("/jobb/?arbeidsform=remote") == ["Heimekontor"]
        assert titles("/jobb/?kompetanse=nettbutikk") == ["Butikkutviklar"]
        assert titles("/jobb/?kompetanse=nettverk&arbeidsform=hybrid") == ["Nettverkstekniker"]
        assert titles("/jobb/?kompetanse=finst-ikkje") == [
            "Heimekontor",
            "Nettverkstekniker",
            "Butikkutviklar",
        ]  # fmt: skip  a wrong value filters on nothing

    def test_pages_and_leaves_out_what_is_not_open(self, fjellkode, staff):
        company, admin = fjellkode
        for n in range(22):
            post(admin, company, title=f"Stilling {n:02d}")
        expire(post(admin, company, title="Gammal stilling"))
        withdrawn = post(admin, company, title="Trekt stilling")
        JobPosting.objects.filter(pk=withdrawn.pk).update(status="withdrawn")
        first = reader().get("/jobb/").content.decode()
        assert "Stilling 21" in first and "Stilling 01" not in first and "Side 1 av 2" in first
        second = reader().get("/jobb/?side=2").content.decode()
        assert "Stilling 01" in second and "Stilling 00" in second
        assert "Gammal stilling" not in first + second and "Trekt" not in first + second


class TestPosting:
    def test_the_page_carries_job_posting_json_ld_and_open_graph(self, fjellkode):
        company, admin = fjellkode
        job = post(
            admin, company, employment_type="FULL_TIME",
            description="Vi lagar **nettbutikkar**. <script>alert(1)</script>",
        )  # fmt: skip
        html = reader().get(job.get_absolute_url()).content.decode()
        assert '<meta property="og:title" content="Utviklar med Python – Fjellkode AS">' in html
        assert "<strong>nettbutikkar</strong>" in html and "<script>alert" not in html
        (data,) = jsonld(html)
        assert data["@type"] == "JobPosting" and data["title"] == "Utviklar med Python"
        assert data["datePosted"] == timezone.localdate().isoformat()
        assert data["validThrough"].startswith(job.deadline.isoformat() + "T23:59:59")
        assert data["employmentType"] == "FULL_TIME"
        assert data["hiringOrganization"]["name"] == "Fjellkode AS"
        assert data["jobLocation"]["address"]["addressLocality"] == "Gol"
        assert "jobLocationType" not in data and "<script>" not in data["description"]

    def test_remote_work_is_telecommute_with_a_country(self, fjellkode):
        company, admin = fjellkode
        job = post(admin, company, municipality="", work_mode="remote")
        (data,) = jsonld(reader().get(job.get_absolute_url()).content.decode())
        assert data["jobLocationType"] == "TELECOMMUTE"
        assert data["applicantLocationRequirements"] == {"@type": "Country", "name": "NO"}
        assert "jobLocation" not in data and "employmentType" not in data

    def test_an_expired_posting_says_so_without_json_ld(self, fjellkode):
        company, admin = fjellkode
        job = post(admin, company)
        expire(job)
        html = reader("en").get(job.get_absolute_url()).content.decode()
        assert "this posting has expired" in html and jsonld(html) == []
        assert 'name="robots" content="noindex"' in html and "Apply on the company" not in html

    def test_a_withdrawn_posting_is_gone_for_others(self, fjellkode, client):
        company, admin = fjellkode
        job = post(admin, company)
        client.force_login(admin)
        response = client.post(f"/jobb/{job.pk}/trekk/")
        assert response.status_code == 302
        assert reader().get(job.get_absolute_url()).status_code == 404
        page = client.get(job.get_absolute_url(), headers={"accept-language": "en"})
        assert "The company has withdrawn this posting." in page.content.decode()


class TestFeed:
    def test_the_feed_holds_open_jobs_only(self, fjellkode):
        company, admin = fjellkode
        post(admin, company, title="Første")
        post(admin, company, title="Andre")
        expire(post(admin, company, title="Utgått"))
        root = ET.fromstring(reader().get("/jobb/jobb.atom").content)
        assert root.tag == f"{ATOM}feed"
        titles = [e.find(f"{ATOM}title").text for e in root.findall(f"{ATOM}entry")]
        assert titles == ["Andre – Fjellkode AS", "Første – Fjellkode AS"]
        entry = root.find(f"{ATOM}entry")
        assert re.search(r"^https?://[^/]+/jobb/\d+/$", entry.find(f"{ATOM}link").get("href"))
        assert "nettbutikkar" in entry.find(f"{ATOM}summary").text

    def test_a_feed_reader_reads_the_feed(self, fjellkode):
        company, admin = fjellkode
        job = post(admin, company, title="Første")
        expire(post(admin, company, title="Utgått"))
        feed = feedparser.parse(reader().get("/jobb/jobb.atom").content)
        assert not feed.bozo, feed.get("bozo_exception")
        assert feed.version == "atom10"
        assert [e.title for e in feed.entries] == ["Første – Fjellkode AS"]
        assert feed.entries[0].link.endswith(job.get_absolute_url())
        assert "nettbutikkar" in feed.entries[0].summary


class TestCompanyPage:
    def test_shows_open_jobs_and_the_button_to_those_who_may_post(self, fjellkode, client):
        company, admin = fjellkode
        post(admin, company, title="Open stilling")
        expire(post(admin, company, title="Utgått stilling"))
        html = reader().get(company.get_absolute_url()).content.decode()
        assert "Open stilling" in html and "Utgått stilling" not in html
        assert f"/jobb/ny/?bedrift={company.pk}" not in html
        client.force_login(admin)
        assert (
            f"/jobb/ny/?bedrift={company.pk}"
            in client.get(company.get_absolute_url()).content.decode()
        )


class TestForms:
    def form(self, **changes):
        data = {
            "title": "Konsulent", "description": "Rådgjeving om nettsider.",
            "work_mode": "onsite", "municipality": "gol", "employment_type": "",
            "deadline": (timezone.localdate() + timedelta(days=10)).isoformat(),
            "apply_url": "https://fjellkode.example/jobb", "apply_email": "",
        }  # fmt: skip
        return data | changes

    def test_the_company_admin_posts_and_changes_from_the_forms(self, fjellkode, client):
        company, admin = fjellkode
        client.force_login(admin)
        response = client.post("/jobb/ny/", self.form(company=company.pk))
        job = JobPosting.objects.get()
        assert response["Location"] == job.get_absolute_url() and job.company == company
        client.post(f"/jobb/{job.pk}/endre/", self.form(title="Seniorkonsulent"))
        assert JobPosting.objects.get().title == "Seniorkonsulent"

    def test_competences_are_chosen_from_the_taxonomy(self, fjellkode, client, taxonomy):
        company, admin = fjellkode
        client.force_login(admin)
        page = client.get("/jobb/ny/", headers={"accept-language": "nn"}).content.decode()
        assert (
            '<optgroup label="Drift">' in page
            and 'aria-describedby="id_chosen_competences_helptext"' in page
        )
        network = Competence.objects.get(slug="nettverk")
        client.post("/jobb/ny/", self.form(company=company.pk, chosen_competences=[network.pk]))
        found = sorted(c.slug for c in JobPosting.objects.get().competences.all())
        assert found == ["nettside", "nettverk"]  # one from the text, one chosen

    def test_bad_input_shows_a_translated_error_and_writes_nothing(self, fjellkode, client):
        company, admin = fjellkode
        client.force_login(admin)
        page = client.post(
            "/jobb/ny/",
            self.form(apply_url="http://fjellkode.example", company=company.pk),
            headers={"accept-language": "nn"},
        ).content.decode()
        assert "https://" in page and "Lenkja" in page
        assert not JobPosting.objects.exists()

    def test_nobody_else_reaches_the_form(self, fjellkode, outsider, user_client):
        _other, other_admin = outsider
        assert user_client.get("/jobb/ny/").status_code == 403
        user_client.force_login(other_admin)  # not a member company
        assert user_client.get("/jobb/ny/").status_code == 403

    def test_staff_post_for_a_company_from_its_page(self, outsider, staff_client):
        company, _admin = outsider
        page = staff_client.get(f"/jobb/ny/?bedrift={company.pk}").content.decode()
        assert "Utanfor AS" in page
        staff_client.post(f"/jobb/ny/?bedrift={company.pk}", self.form(company=company.pk))
        assert JobPosting.objects.get().company == company


class TestDigest:
    def test_open_jobs_published_in_the_window(self, fjellkode):
        company, admin = fjellkode
        now = timezone.now()
        new = post(admin, company, title="Ny")
        old = post(admin, company, title="Gammal")
        JobPosting.objects.filter(pk=old.pk).update(published_at=now - timedelta(days=20))
        expire(post(admin, company, title="Utgått"))
        (section,) = digest_sections(
            since=now - timedelta(days=7), until=now + timedelta(minutes=1)
        )
        assert section.key == "jobs" and [i.title for i in section.items] == ["Ny"]
        assert section.items[0].path == new.get_absolute_url()
        assert "Fjellkode AS" in section.items[0].summary
        assert any(
            s.key == "jobs"
            for s in sections(since=now - timedelta(days=7), until=now + timedelta(minutes=1))
        )


class TestLimitsAndDemo:
    def test_posting_is_rate_limited(self, fjellkode, client):
        company, admin = fjellkode
        client.force_login(admin)
        for _n in range(10):
            assert client.post("/jobb/ny/", {"company": company.pk}).status_code == 200
        assert client.post("/jobb/ny/", {"company": company.pk}).status_code == 429
        assert not JobPosting.objects.exists()

    def test_staff_with_no_member_company_are_told_where_to_post(self, staff_client, outsider):
        page = staff_client.get("/jobb/ny/", headers={"accept-language": "en"}).content.decode()
        assert "open its page in the directory" in page

    def test_demo_jobs_once(self, db):
        call_command("load_demo", stdout=io.StringIO())
        call_command("load_demo", stdout=io.StringIO())
        assert JobPosting.objects.open().count() == 4
        remote = JobPosting.objects.get(work_mode="remote")
        assert remote.municipality == "" and remote.company.is_member
