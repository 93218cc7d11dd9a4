"""Jobs in a real browser: a company's admin posts a job with the keyboard, finds it
in the list with the filters and on the company page; axe on every jobs page in
three languages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from klynge.jobs.models import JobPosting
from tests.browser.conftest import assert_accessible, set_language, sign_in
from tests.jobs.conftest import make_company, post


@pytest.fixture
def fjellkode(transactional_db):
    return make_company("Fjellkode AS", member=True, admin_email="ada@fjellkode.example")


@pytest.mark.browser
def test_a_company_admin_posts_a_job_with_the_keyboard(page, live_server, fjellkode):
    company, admin = fjellkode
    post(admin, company, title="Driftstekniker", municipality="hol", work_mode="hybrid")
    sign_in(page, live_server, admin)
    set_language(page, live_server, "nn")
    page.goto(company.get_absolute_url())
    page.get_by_role("link", name="Lys ut ein jobb").press("Enter")
    page.wait_for_url(f"**/jobb/ny/?bedrift={company.pk}")
    page.locator("#id_title").focus()
    page.keyboard.type("Utviklar til nettbutikkar")
    page.keyboard.press("Tab")
    page.keyboard.type("Du lagar **nettbutikkar** for bedrifter i dalen.")
    page.get_by_label("Fjernarbeid").check()
    deadline = timezone.localdate() + timedelta(days=20)
    page.locator("#id_deadline").fill(deadline.isoformat())
    page.locator("#id_apply_email").focus()
    page.keyboard.type("jobb@fjellkode.example")
    page.get_by_role("button", name="Lys ut jobben").press("Enter")
    job = JobPosting.objects.get(title="Utviklar til nettbutikkar")
    page.wait_for_url(f"**{job.get_absolute_url()}")
    assert page.locator("main strong").inner_text() == "nettbutikkar"
    assert (job.company, job.work_mode, job.deadline) == (company, "remote", deadline)

    page.goto("/jobb/")
    results = page.locator("#results")
    assert "Utviklar til nettbutikkar" in results.inner_text()
    assert "Driftstekniker" in results.inner_text()
    page.get_by_label("Arbeidsform").select_option("remote")  # htmx redraws the results
    page.wait_for_url("**/jobb/?*arbeidsform=remote*")
    page.wait_for_function(
        "!document.querySelector('#results').innerText.includes('Driftstekniker')"
    )
    assert "Utviklar til nettbutikkar" in results.inner_text()
    assert_accessible(page)

    page.goto(company.get_absolute_url())
    jobs = page.locator("#jobs")
    assert "Utviklar til nettbutikkar" in jobs.inner_text()
    jobs.get_by_role("link", name="Utviklar til nettbutikkar").press("Enter")
    page.wait_for_url(f"**{job.get_absolute_url()}")


@pytest.mark.browser
@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_every_jobs_page_is_accessible(page, live_server, fjellkode, language):
    company, admin = fjellkode
    job = post(admin, company, employment_type="FULL_TIME")
    expired = post(admin, company, title="Gammal stilling")
    JobPosting.objects.filter(pk=expired.pk).update(
        deadline=timezone.localdate() - timedelta(days=1)
    )
    set_language(page, live_server, language)
    for url in ["/jobb/", job.get_absolute_url(), expired.get_absolute_url()]:
        page.goto(url)
        assert_accessible(page)
    sign_in(page, live_server, admin)
    for url in [
        company.get_absolute_url(),
        job.get_absolute_url(),
        "/jobb/ny/",
        f"/jobb/{job.pk}/endre/",
    ]:
        page.goto(url)
        assert_accessible(page)
    page.goto("/jobb/ny/")
    page.locator("form.stack-form button[type=submit]").press("Enter")  # empty
    page.locator(".field-error").first.wait_for()
    assert_accessible(page)  # the errors are shown accessibly
