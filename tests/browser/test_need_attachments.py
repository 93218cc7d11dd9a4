"""A need's attachments, image and tender link in a real browser, with axe on each page."""

from __future__ import annotations

import pytest
from django.test import Client

from klynge.needs import services
from klynge.needs.models import Need
from tests.browser.conftest import assert_accessible, set_language, sign_in
from tests.core.conftest import image_bytes, media  # noqa: F401 (a fixture)
from tests.needs.conftest import SHOP_NEED, make_user

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
TENDER = {"nb": "Se kunngjøringen", "nn": "Sjå kunngjeringa", "en": "See the tender notice"}


@pytest.mark.browser
@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_poster_attaches_a_file_and_the_need_page_shows_it(
    page,
    live_server,
    transactional_db,
    media,  # noqa: F811
    tmp_path,
    language,
):
    poster = make_user("kari@example.org", name="Kari Kommune")
    need = services.need_create(
        poster=poster, publish=False, tender_url="https://doffin.no/notices/2026-1", **SHOP_NEED
    )
    pdf = tmp_path / "Kravspesifikasjon.pdf"
    pdf.write_bytes(PDF)
    photo = tmp_path / "disk.png"
    photo.write_bytes(image_bytes("PNG", size=(300, 200)))
    set_language(page, live_server, language)
    sign_in(page, live_server, poster)

    page.goto(f"/behov/{need.pk}/endre/")
    page.locator("#need-form input[type=file][name=image]").set_input_files(str(photo))
    page.locator("#need-form input[name=image_alt]").fill("Ostedisken")
    page.locator("#need-form .form-actions button[type=submit]").click()
    page.wait_for_url(f"**/behov/{need.pk}/")

    page.goto(f"/behov/{need.pk}/endre/")
    page.locator("#attachments input[type=file][name=file]").set_input_files(str(pdf))
    page.locator("#attachments button.button-secondary").click()
    page.wait_for_url(f"**/behov/{need.pk}/endre/*")
    listed = page.locator("#attachments .attachment-list a")
    assert listed.inner_text() == "Kravspesifikasjon.pdf"
    assert_accessible(page)  # the form with an attachment listed

    page.goto(f"/behov/{need.pk}/")
    assert page.locator(".attachment-list a").inner_text() == "Kravspesifikasjon.pdf"
    assert page.get_by_role("link", name=TENDER[language]).is_visible()
    image = page.locator("img.event-image")
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    assert image.get_attribute("alt") == "Ostedisken"
    assert_accessible(page)  # the need page showing them

    # The file itself is what was uploaded, and a visitor does not get a draft's file.
    href = page.locator(".attachment-list a").get_attribute("href")
    signed_in = Client()
    signed_in.force_login(poster)
    assert b"".join(signed_in.get(href).streaming_content) == PDF
    assert Client().get(href).status_code == 404
    assert Need.objects.get(pk=need.pk).attachments.count() == 1
