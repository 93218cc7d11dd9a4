import pytest
from django.utils import timezone

from klynge.directory.models import Company, CompanyRole, MemberStatus, Person, PersonSkill
from tests.browser.conftest import assert_accessible, set_language, sign_in


@pytest.fixture
def directory(db, member):
    company = Company.objects.create(
        name="Fjellkode AS",
        municipality="aal",
        website="https://fjellkode.no",
        description="Vi lagar **nettbutikkar**.",
        services=["Nettbutikk"],
        member_status=MemberStatus.APPROVED,
        member_since=timezone.now(),
    )
    CompanyRole.objects.create(
        company=company, person=member.person, is_admin=True, status=CompanyRole.Status.CONFIRMED
    )
    PersonSkill.objects.create(person=member.person, name="WordPress", level=4)
    unclaimed = Company.objects.create(
        name="Ustedalen Data AS",
        is_claimed=False,
        source=Company.Source.REGISTER,
        municipality="hol",
    )
    return {"company": company, "unclaimed": unclaimed}


def pages(directory, member):
    company, unclaimed = directory["company"], directory["unclaimed"]
    person = member.person.pk
    return [
        "/katalog/",
        "/katalog/?kommune=gol&medlem=on",
        f"/katalog/folk/{person}/",
        "/katalog/bedrifter/",
        f"/katalog/bedrifter/{company.pk}/",
        f"/katalog/bedrifter/{unclaimed.pk}/",
    ], [
        "/katalog/profil/",
        f"/katalog/folk/{person}/kontakt/",
        "/katalog/bedrifter/ny/",
        f"/katalog/bedrifter/{company.pk}/rediger/",
        f"/katalog/bedrifter/{unclaimed.pk}/krev/",
        "/katalog/medlemskap/",
        "/katalog/stab/",
        "/konto/mine-data/",
    ]


@pytest.mark.browser
@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_every_directory_page_has_no_wcag_violations(
    page, live_server, directory, member, staff, language
):
    public, signed_in = pages(directory, member)
    set_language(page, live_server, language)
    for path in public:
        page.goto(path)
        assert_accessible(page)
    sign_in(page, live_server, staff)
    for path in signed_in:
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)


@pytest.mark.browser
def test_live_filtering_updates_the_list_and_the_address(page, live_server, directory, member):
    Person.objects.create(name="Hilde Hol", municipality="hol")
    page.goto("/katalog/")
    page.get_by_label("Kommune").select_option("hol")
    page.wait_for_url("**kommune=hol**")
    results = page.locator("#results")
    results.get_by_text("Hilde Hol").wait_for()
    assert results.get_by_text("Mari Member").count() == 0
    page.get_by_label("Ferdighet eller navn").fill("")  # typing is debounced; nothing breaks
    page.go_back()
    page.wait_for_url("**/katalog/")


@pytest.mark.browser
def test_apply_for_membership_and_staff_approve(page, live_server, user, staff):
    from tests.conftest import run_tasks

    set_language(page, live_server, "nn")
    sign_in(page, live_server, user)
    page.goto("/katalog/medlemskap/")
    page.get_by_label("Kvifor vil du bli med?").fill("Eg vil møte andre IT-folk i dalen")
    page.get_by_label("Kva kan du tilby nettverket?").fill("Drift og nettverk")
    page.get_by_role("button", name="Send søknad").click()
    page.get_by_text("Takk for søknaden").wait_for()

    page.context.clear_cookies()
    set_language(page, live_server, "nn")
    sign_in(page, live_server, staff)
    page.goto("/katalog/stab/")
    card = page.locator(".queue li").filter(has_text="Eg vil møte andre IT-folk i dalen")
    card.get_by_role("button", name="Godkjenn").click()
    page.get_by_text("Ingen søknader ventar").wait_for()
    user.person.refresh_from_db()
    assert user.person.is_member
    assert [m.to for m in run_tasks()] == [[user.email]]


@pytest.mark.browser
def test_edit_profile_visibility_with_the_keyboard(page, live_server, user):
    set_language(page, live_server, "en")
    sign_in(page, live_server, user)
    page.goto("/katalog/profil/")
    page.get_by_label("Name").fill("Una User")
    page.get_by_label("Contact email").fill("una@example.org")
    page.get_by_role("group", name="Who sees my contact details").get_by_label("Only me").check()
    consent = page.get_by_label("The hub may contact me with questions and surveys")
    assert not consent.is_checked()  # off until the person says yes
    consent.focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Save profile").press("Enter")
    page.get_by_text("Your profile has been saved.").wait_for()
    person = Person.objects.get(user=user)
    assert person.contact_visibility == "private"
    assert person.survey_consent
    page.context.clear_cookies()
    page.goto(f"/katalog/folk/{person.pk}/")
    assert page.get_by_text("una@example.org").count() == 0


@pytest.mark.browser
def test_claim_a_company_and_staff_approve(page, live_server, directory, user, staff):
    unclaimed = directory["unclaimed"]
    sign_in(page, live_server, user)
    page.goto(f"/katalog/bedrifter/{unclaimed.pk}/")
    page.get_by_role("link", name="Er dette din bedrift? Gjør krav på den.").click()
    page.get_by_label("Hva er din tilknytning til bedriften?").fill("Jeg er daglig leder")
    page.get_by_role("button", name="Gjør krav på bedriften").click()
    page.get_by_text("Huben sjekker kravet ditt snart").wait_for()

    page.context.clear_cookies()
    sign_in(page, live_server, staff)
    page.goto("/katalog/stab/")
    page.locator(".queue li").filter(has_text="Ustedalen Data AS").get_by_role(
        "button", name="Godkjenn"
    ).click()
    page.get_by_text("Ingen krav venter").wait_for()
    unclaimed.refresh_from_db()
    assert unclaimed.is_claimed
