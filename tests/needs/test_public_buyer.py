"""A public buyer's need: budgets in the millions, a deadline months ahead, the register's
word that it is a public body, a link to the tender notice, and an image."""

import json
import os
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from klynge.core.errors import Invalid
from klynge.directory.models import Company, CompanyRole
from klynge.directory.sectors import is_public_body, is_public_sector_code
from klynge.needs import services
from klynge.needs.forms import NeedForm
from klynge.needs.models import LONGEST_OPEN, OPEN_FOR, Need
from tests.core.conftest import image_bytes
from tests.needs.conftest import SHOP_NEED, make_person, make_user


def test_the_form_offers_budgets_in_millions_and_a_tender():
    offered = [value for value, _label in NeedForm().fields["budget"].choices]
    assert {"500k-2m", "2m-10m", "over-10m", "tender"} <= set(offered)
    assert "over-200k" not in offered  # kept only for needs posted before the larger ranges


def test_an_older_need_keeps_its_budget_when_edited(poster):
    need = Need(poster=poster, budget=Need.Budget.OVER_200K)
    offered = [value for value, _label in NeedForm(instance=need).fields["budget"].choices]
    assert "over-200k" in offered


def test_a_need_with_a_deadline_months_ahead_stays_open_until_then(make_need, poster):
    deadline = timezone.localdate() + timedelta(days=150)
    need = make_need(poster, deadline=deadline, budget=Need.Budget.TENDER)
    assert timezone.localtime(need.expires_at).date() == deadline
    assert need.get_budget_display() == "To be announced as a tender"


def test_no_need_stays_open_past_180_days(make_need, poster):
    need = make_need(poster, deadline=timezone.localdate() + timedelta(days=300))
    assert abs(need.expires_at - (need.published_at + LONGEST_OPEN)) < timedelta(seconds=1)


def test_without_a_deadline_it_is_60_days_as_before(poster, staff):
    need = services.need_create(poster=poster, publish=True, **SHOP_NEED)
    services.need_approve(need=need, by=staff)
    need.refresh_from_db()
    assert abs(need.expires_at - (need.published_at + OPEN_FOR)) < timedelta(seconds=1)


# A verified public body: the register's sector code, not the poster's own word.

HOL = "964963193"  # Hol kommune's organisation number


def public_body_admin(email="it@hol.kommune.no", *, sector="6500", confirmed=True):
    """A person confirmed as admin of a company whose register sector code is ``sector``."""
    user = make_user(email, name="Hanne Hol")
    person = make_person(user, municipality="hol")
    company = Company.objects.create(
        name="Hol kommune", org_number=HOL, municipality="hol", sector_code=sector,
        source=Company.Source.REGISTER, is_listed=False,
    )  # fmt: skip
    status = CompanyRole.Status.CONFIRMED if confirmed else CompanyRole.Status.PENDING
    CompanyRole.objects.create(company=company, person=person, is_admin=True, status=status)
    return user, company


@pytest.mark.parametrize(
    ("code", "public"),
    [("6100", True), ("6500", True), ("1520", True), ("2100", False), ("1510", False), ("", False)],
)
def test_the_public_administration_sector_codes(code, public):
    assert is_public_sector_code(code) is public
    assert is_public_body(Company(name="X", sector_code=code)) is public


def test_an_admin_of_a_public_body_skips_the_first_need_approval(db):
    user, hol = public_body_admin()
    need = services.need_create(poster=user, publish=True, **SHOP_NEED)
    assert need.status == Need.Status.OPEN
    assert need.public_body == hol
    assert need.is_public_buyer and need.buyer_name == "Hol kommune"


def test_saying_public_sector_is_not_enough_to_skip_approval(poster):
    need = services.need_create(
        poster=poster, publish=True, posted_by=Need.PostedBy.PUBLIC, organisation="Hol kommune",
        **SHOP_NEED,
    )  # fmt: skip
    assert need.status == Need.Status.PENDING
    assert need.public_body is None


@pytest.mark.parametrize(("sector", "confirmed"), [("2100", True), ("6500", False)])
def test_a_private_company_or_an_unconfirmed_role_waits_for_approval(db, sector, confirmed):
    user, _hol = public_body_admin(sector=sector, confirmed=confirmed)
    need = services.need_create(poster=user, publish=True, **SHOP_NEED)
    assert need.status == Need.Status.PENDING
    assert need.public_body is None


@pytest.mark.parametrize(
    ("language", "label"),
    [("nb", "offentlig oppdragsgiver"), ("nn", "offentleg oppdragsgjevar"), ("en", "public buyer")],
)
def test_the_need_and_its_card_say_public_buyer(db, language, label):
    user, _hol = public_body_admin()
    need = services.need_create(poster=user, publish=True, **SHOP_NEED)
    client = Client()
    client.cookies["django_language"] = language
    page = client.get(need.get_absolute_url()).content.decode()
    board = client.get(reverse("needs:list")).content.decode()
    assert label in page and "Hol kommune" in page
    assert label in board


def test_a_need_without_a_verified_body_says_nothing_of_the_kind(make_need, poster):
    need = make_need(poster, posted_by=Need.PostedBy.PUBLIC)
    client = Client()
    client.cookies["django_language"] = "en"
    assert "public buyer" not in client.get(need.get_absolute_url()).content.decode()


# The tender notice


def test_a_tender_link_is_shown_on_the_need(make_need, poster):
    url = "https://doffin.no/notices/2026-101010"
    need = make_need(poster, tender_url=url)
    for language, text in [("nn", "Sjå kunngjeringa"), ("en", "See the tender notice")]:
        client = Client()
        client.cookies["django_language"] = language
        page = client.get(need.get_absolute_url()).content.decode()
        assert f'<a href="{url}" rel="noopener noreferrer external">{text}</a>' in page


@pytest.mark.parametrize(
    "url", ["http://doffin.no/notices/1", "javascript:alert(1)", "doffin.no", "https://"]
)
def test_only_a_full_https_link_is_taken(poster, url):
    with pytest.raises(Invalid, match="starting with https://"):
        services.need_create(poster=poster, publish=False, tender_url=url, **SHOP_NEED)
    assert not Need.objects.exists()
    form = NeedForm(data={**SHOP_NEED, "budget": "unknown", "posted_by": "public",
                          "audience": "public", "tender_url": url})  # fmt: skip
    if url == "doffin.no":  # the form, like every URL field here, assumes https://
        assert form.is_valid() and form.cleaned_data["tender_url"] == "https://doffin.no"
        return
    assert not form.is_valid()
    assert "tender_url" in form.errors


def test_the_form_says_so_in_nynorsk(client, poster):
    client.force_login(poster)
    client.cookies["django_language"] = "nn"
    data = {**SHOP_NEED, "budget": "unknown", "posted_by": "public", "audience": "public",
            "tender_url": "http://doffin.no/1", "draft": "1"}  # fmt: skip
    response = client.post(reverse("needs:create"), data)
    assert "Lenka til kunngjeringa må vere ei heil adresse som byrjar med https://." in (
        response.content.decode()
    )
    assert not Need.objects.exists()


# An image on a need, as on events


def test_an_image_with_a_description_is_shown_on_the_need_and_its_card(media, client, poster):
    client.force_login(poster)
    client.cookies["django_language"] = "en"
    image = SimpleUploadedFile("foto.png", image_bytes("PNG"))
    data = {**SHOP_NEED, "budget": "unknown", "posted_by": "business", "audience": "public",
            "image": image, "image_alt": "Ostedisken i butikken"}  # fmt: skip
    response = client.post(reverse("needs:create"), data)
    need = Need.objects.get()
    assert response.status_code == 302
    assert need.image.name.startswith("needs/") and "foto" not in need.image.name
    page = client.get(need.get_absolute_url()).content.decode()
    assert f'src="{need.image.url}" alt="Ostedisken i butikken"' in page


def test_an_image_needs_a_description(media, client, poster):
    client.force_login(poster)
    client.cookies["django_language"] = "en"
    image = SimpleUploadedFile("foto.png", image_bytes("PNG"))
    data = {**SHOP_NEED, "budget": "unknown", "posted_by": "business", "audience": "public",
            "image": image, "draft": "1"}  # fmt: skip
    response = client.post(reverse("needs:create"), data)
    assert "Describe the image for those who cannot see it." in response.content.decode()
    assert not Need.objects.exists()


def test_a_new_image_replaces_the_old_file_on_commit(
    media, make_need, poster, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile

    need = make_need(poster, image=ContentFile(image_bytes("PNG"), name="a.png"), image_alt="A")
    old = need.image.path
    with django_capture_on_commit_callbacks(execute=True):
        services.need_update(
            need=need, by=poster, image=ContentFile(image_bytes("PNG"), name="b.png"),
            image_alt="B",
        )  # fmt: skip
    need.refresh_from_db()
    assert need.image.name.endswith("b.png")
    assert not os.path.exists(old) and os.path.exists(need.image.path)


# The API


def test_the_api_takes_and_gives_the_tender_link_and_says_public_buyer(db):
    user, _hol = public_body_admin()
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "en"
    url = "https://doffin.no/notices/2026-1"
    body = {"title": "Nytt sak-arkiv", "tender_url": url}
    response = client.post("/api/v1/needs", json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["tender_url"], data["public_buyer"], data["status"]) == (url, True, "open")
    wrong = client.patch(
        f"/api/v1/needs/{data['id']}", json.dumps({"tender_url": "http://x.no"}),
        content_type="application/json",
    )  # fmt: skip
    assert wrong.status_code == 400
    assert "https://" in wrong.json()["detail"]
    removed = client.patch(
        f"/api/v1/needs/{data['id']}", json.dumps({"tender_url": ""}),
        content_type="application/json",
    )  # fmt: skip
    assert removed.json()["tender_url"] == ""
    assert Client().get(f"/api/v1/needs/{data['id']}").json()["public_buyer"] is True
