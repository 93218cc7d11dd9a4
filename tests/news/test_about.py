"""A post about an event, a need or a company: set by pasting the page's address,
shown on that page, and linked from the post only for those who may see the target."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from klynge.core.errors import Invalid
from klynge.directory.models import Company
from klynge.needs.models import Need
from klynge.news import services
from klynge.news.about import target_for_url
from klynge.news.models import Post
from klynge.news.rules import AUTHORS_GROUP

pytestmark = pytest.mark.django_db


def reader(language: str = "nn") -> Client:
    return Client(headers={"accept-language": language})


def form(**changes) -> dict:
    data = {"title": "Sak om noko", "lead": "Kort.", "body": "Lang.", "language": "nn",
            "when": "now", "about_url": ""}  # fmt: skip
    return data | changes


def open_need(poster, **fields) -> Need:
    now = timezone.now()
    fields.setdefault("title", "Nettbutikk for osten")
    fields.setdefault("status", Need.Status.OPEN)
    return Need.objects.create(
        poster=poster, published_at=now, expires_at=now + timedelta(days=30), **fields
    )


class TestPasting:
    def test_an_event_address_links_the_post_and_the_event_page_shows_it(
        self, staff_client, make_event
    ):
        event = make_event(title="Kodekveld")
        response = staff_client.post(
            "/nytt/skriv/", form(about_url=f"http://testserver/arrangement/{event.slug}/")
        )
        post = Post.objects.get()
        assert response.status_code == 302 and post.about == event
        page = reader().get(event.get_absolute_url()).content.decode()
        assert "I nyheitene" in page and post.get_absolute_url() in page
        detail = reader().get(post.get_absolute_url()).content.decode()
        assert f'<a href="{event.get_absolute_url()}">Kodekveld</a>' in detail

    def test_a_need_and_a_company_by_their_paths(self, staff, user):
        need = open_need(user)
        company = Company.objects.create(name="Fjellkode AS", municipality="gol")
        assert target_for_url(f"/behov/{need.pk}/", viewer=staff) == need
        assert target_for_url(f"/katalog/bedrifter/{company.pk}/", viewer=staff) == company
        services.post_create(
            by=staff, title="Om firmaet", lead="L", body="B", language="nn",
            published_at=timezone.now(), about=company,
        )  # fmt: skip
        assert "Om firmaet" in reader().get(company.get_absolute_url()).content.decode()
        assert "Om firmaet" not in reader().get(need.get_absolute_url()).content.decode()

    @pytest.mark.parametrize(
        "url",
        [
            "/nytt/",  # our page, but not one of the three kinds
            "/katalog/folk/1/",
            "https://evil.example/arrangement/kodekveld/",  # another site
            "javascript:alert(1)",
            "/arrangement/finst-ikkje/",  # no such event
            "/behov/999999/",
            "ikkje ei adresse",
        ],
    )
    def test_anything_else_is_refused_with_a_translated_error(self, staff_client, url):
        response = staff_client.post(
            "/nytt/skriv/", form(about_url=url), headers={"accept-language": "nn"}
        )
        page = response.content.decode()
        assert response.status_code == 200
        assert "Lim inn adressa" in page or "Vi fann ingenting på den adressa" in page
        assert not Post.objects.exists()

    def test_an_author_may_not_link_a_need_she_may_not_see(self, member, user):
        Group.objects.get(name=AUTHORS_GROUP).user_set.add(member)
        hidden = open_need(user, status=Need.Status.DRAFT)
        with pytest.raises(Invalid):
            target_for_url(f"/behov/{hidden.pk}/", viewer=member)

    def test_clearing_the_address_unlinks_the_post(self, staff_client, make_event):
        event = make_event()
        staff_client.post("/nytt/skriv/", form(about_url=event.get_absolute_url()))
        post = Post.objects.get()
        staff_client.post(f"/nytt/{post.slug}/endre/", form(about_url=""))
        post.refresh_from_db()
        assert post.about is None and post.about_type_id is None


class TestHiddenTargets:
    def test_a_members_only_need_is_linked_only_for_those_who_may_see_it(self, staff, member, user):
        need = open_need(user, title="Hemmeleg behov", audience=Need.Audience.MEMBERS)
        post = services.post_create(
            by=staff, title="Om behovet", lead="L", body="B", language="nn",
            published_at=timezone.now(), about=need,
        )  # fmt: skip
        visitor = reader().get(post.get_absolute_url()).content.decode()
        assert "Hemmeleg behov" not in visitor and need.get_absolute_url() not in visitor
        insider = Client(headers={"accept-language": "nn"})
        insider.force_login(member)
        assert "Hemmeleg behov" in insider.get(post.get_absolute_url()).content.decode()

    def test_a_draft_event_is_not_linked_for_visitors(self, staff, make_event):
        event = make_event(title="Løyndeg utkast", status="draft")
        post = services.post_create(
            by=staff, title="Snart", lead="L", body="B", language="nn",
            published_at=timezone.now(), about=event,
        )  # fmt: skip
        assert "Løyndeg utkast" not in reader().get(post.get_absolute_url()).content.decode()

    def test_a_post_cannot_be_about_anything_else(self, staff, user):
        with pytest.raises(ValueError):
            services.post_create(by=staff, title="X", lead="L", body="B", language="nn", about=user)
