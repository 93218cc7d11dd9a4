"""Photos and logos through a real browser: uploaded, re-encoded, served and shown."""

import pytest
from django.core.files.base import ContentFile

from klynge.directory.models import Company, Person
from tests.browser.conftest import assert_accessible, set_language, sign_in
from tests.core.conftest import image_bytes, media  # noqa: F401 (a fixture)
from tests.core.test_uploads import jpeg_with_gps


def loaded(image) -> bool:
    return image.evaluate("img => img.complete && img.naturalWidth > 0")


@pytest.mark.browser
@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_a_member_uploads_a_photo_and_sees_it(
    page,
    live_server,
    member,
    media,  # noqa: F811
    tmp_path,
    language,  # noqa: F811
):
    photo = tmp_path / "meg.jpg"
    photo.write_bytes(jpeg_with_gps())
    set_language(page, live_server, language)
    sign_in(page, live_server, member)
    page.goto("/katalog/profil/")
    page.locator("input[type=file][name=photo]").set_input_files(str(photo))
    page.locator(".form-actions button[type=submit]").click()
    page.wait_for_url(f"**/katalog/folk/{member.person.pk}/")
    image = page.locator("img.photo")
    image.wait_for()
    assert loaded(image)
    assert image.get_attribute("alt").endswith("Mari Member")
    assert "/bilde/" in image.get_attribute("src") and "/meg/" not in image.get_attribute("src")
    assert_accessible(page)
    page.goto("/katalog/profil/")
    assert_accessible(page)  # with the current photo linked beside the file input
    assert Person.objects.get(pk=member.person.pk).photo.name.startswith("people/")


@pytest.mark.browser
def test_a_logo_is_served_and_shown(page, live_server, db, media):  # noqa: F811
    company = Company.objects.create(name="Fjellkode AS", municipality="gol")
    company.logo.save("logo.png", ContentFile(image_bytes("PNG", size=(120, 120))))
    page.goto(f"/katalog/bedrifter/{company.pk}/")
    image = page.locator("img.photo")
    assert loaded(image)
    assert "Fjellkode AS" in image.get_attribute("alt")
    assert_accessible(page)
