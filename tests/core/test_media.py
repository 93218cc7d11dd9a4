"""Serving uploads: public media in development, person photos only to whom they may see."""

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from klynge.directory.models import Company, Person, Visibility
from klynge.directory.visibility import person_view, viewer_for
from tests.core.conftest import image_bytes


@pytest.fixture
def logo(media, db):
    company = Company.objects.create(name="Fjellkode AS")
    company.logo.save("abc.png", ContentFile(image_bytes("PNG")))
    return company.logo


class TestPublicMedia:
    def test_a_logo_is_served_in_development(self, client, logo, settings):
        settings.SERVE_MEDIA = True
        response = client.get(logo.url)
        assert logo.url.startswith("/media/companies/")
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == image_bytes("PNG")
        assert response["Content-Type"] == "image/png"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response["Content-Security-Policy"]
        assert "public" in response["Cache-Control"]

    def test_django_serves_no_media_when_told_not_to(self, client, logo, settings):
        settings.SERVE_MEDIA = False
        assert client.get(logo.url).status_code == 404

    def test_no_path_leaves_the_media_folder(self, client, media, settings):
        settings.SERVE_MEDIA = True
        (media[0].parent / "secret.txt").write_text("nei")
        assert client.get("/media/../secret.txt").status_code in (400, 404)
        assert client.get("/media/%2e%2e/secret.txt").status_code in (400, 404)

    def test_a_missing_file_is_404(self, client, media, settings):
        settings.SERVE_MEDIA = True
        assert client.get("/media/companies/nothing.png").status_code == 404

    def test_a_person_photo_is_not_under_media(self, client, media, settings, make_owner):
        settings.SERVE_MEDIA = True
        person = make_owner(Visibility.PUBLIC)
        assert not (media[0] / person.photo.name).exists()
        assert client.get(f"/media/{person.photo.name}").status_code == 404


@pytest.fixture
def make_owner(media, db):
    from klynge.accounts.services import user_create

    def make(visibility, *, listed=True) -> Person:
        user = user_create(email="owner@example.org", password=None, name="Olga Owner")
        person = Person.objects.create(
            user=user, name="Olga Owner", photo_visibility=visibility, is_listed=listed
        )
        person.photo.save("olga.jpg", ContentFile(image_bytes()))
        return person

    return make


def photo_status(person, client) -> int:
    return client.get(person.get_photo_url()).status_code


# Who gets the photo, for each choice of its owner: visitor, user, member, owner, staff.
MATRIX = {
    Visibility.PUBLIC: (200, 200, 200, 200, 200),
    Visibility.MEMBERS: (404, 404, 200, 200, 200),
    # "Only me" is the owner's alone; staff see it in neither the page nor the photo.
    Visibility.PRIVATE: (404, 404, 404, 200, 404),
}


class TestPersonPhoto:
    @pytest.mark.parametrize("visibility", list(MATRIX))
    def test_each_viewer_sees_what_the_owner_chose(
        self, visibility, make_owner, user, member, staff
    ):
        person = make_owner(visibility)
        clients = []
        for who in (None, user, member, person.user, staff):
            client = Client()
            if who is not None:
                client.force_login(who)
            clients.append(client)
        assert tuple(photo_status(person, c) for c in clients) == MATRIX[visibility]

    def test_the_page_shows_the_photo_url_only_to_whom_may_see_it(self, make_owner, member):
        person = make_owner(Visibility.MEMBERS)
        assert person_view(person, viewer_for(None)).photo_url is None
        shown = person_view(person, viewer_for(member)).photo_url
        assert shown == person.get_photo_url()
        page = Client()
        page.force_login(member)
        html = page.get(person.get_absolute_url()).content.decode()
        assert f'src="{shown}"' in html and 'alt="Photo of Olga Owner"' in html.replace(
            "Bilde av", "Photo of"
        )

    def test_a_public_photo_may_be_cached_by_anyone(self, client, make_owner):
        response = client.get(make_owner(Visibility.PUBLIC).get_photo_url())
        assert "public" in response["Cache-Control"] and "private" not in response["Cache-Control"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response["Content-Security-Policy"]
        assert response["Content-Type"] == "image/jpeg"
        assert b"".join(response.streaming_content) == image_bytes()

    def test_a_members_photo_is_cached_privately(self, member_client, make_owner):
        response = member_client.get(make_owner(Visibility.MEMBERS).get_photo_url())
        assert response.status_code == 200
        assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]

    def test_an_unlisted_profile_hides_its_photo(self, client, make_owner):
        assert photo_status(make_owner(Visibility.PUBLIC, listed=False), client) == 404

    def test_an_old_or_guessed_name_is_404(self, client, make_owner):
        person = make_owner(Visibility.PUBLIC)
        url = reverse("directory:person_photo", args=[person.pk, "other.jpg"])
        assert url != person.get_photo_url()
        assert client.get(url).status_code == 404

    def test_a_person_without_photo_is_404(self, client, db):
        person = Person.objects.create(name="Ingen Bilde")
        url = reverse("directory:person_photo", args=[person.pk, "x.jpg"])
        assert client.get(url).status_code == 404

    def test_the_edit_form_links_the_current_photo_through_the_view(self, client, make_owner):
        person = make_owner(Visibility.PRIVATE)
        client.force_login(person.user)
        html = client.get(reverse("directory:profile_edit")).content.decode()
        assert f'href="{person.get_photo_url()}"' in html
        assert "/media/people/" not in html
