"""News: who writes, what readers see in their language, drafts and schedules,
the pages, the feeds and the front page."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import feedparser
import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from klynge.core.errors import Invalid, NotAllowed
from klynge.news import privacy, services
from klynge.news.models import Post
from klynge.news.rules import AUTHORS_GROUP

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def write(by, title="Ope hus", language="nn", days_ago=1, **fields):
    fields.setdefault("lead", "Kom innom.")
    fields.setdefault("body", "Kaffi og **prat**.")
    published = fields.pop("published_at", timezone.now() - timedelta(days=days_ago))
    return services.post_create(
        by=by, title=title, language=language, published_at=published, **fields
    )


def reader(language: str) -> Client:
    return Client(headers={"accept-language": language})


class TestWriting:
    def test_a_plain_user_may_not_write(self, user):
        with pytest.raises(NotAllowed):
            write(user)
        assert not Post.objects.exists()

    def test_staff_make_a_member_an_author(self, member, staff):
        Group.objects.get(name=AUTHORS_GROUP).user_set.add(member)
        post = write(member, tags=["Huben", "huben", " tryggleik "])
        assert post.author == member
        assert sorted(t.slug for t in post.tags.all()) == ["huben", "tryggleik"]

    def test_an_author_changes_only_her_own_posts(self, member, staff):
        Group.objects.get(name=AUTHORS_GROUP).user_set.add(member)
        own = write(member)
        staffs = write(staff, title="Frå staben")
        services.post_update(post=own, by=member, title="Ope hus kvar onsdag")
        with pytest.raises(NotAllowed):
            services.post_update(post=staffs, by=member, title="Endra")
        services.post_update(post=own, by=staff, lead="Staben kan endre alt.")
        assert Post.objects.get(pk=staffs.pk).title == "Frå staben"
        own.refresh_from_db()
        assert (own.title, own.lead) == ("Ope hus kvar onsdag", "Staben kan endre alt.")

    def test_bad_input_changes_nothing(self, staff):
        with pytest.raises(Invalid):
            write(staff, title="To\nlinjer")
        first = write(staff, language="nn")
        with pytest.raises(Invalid):
            write(staff, language="nn", translation_of=first)  # same language
        write(staff, title="Open house", language="en", translation_of=first)
        with pytest.raises(Invalid):
            write(staff, title="Open again", language="en", translation_of=first)
        assert Post.objects.count() == 2

    def test_slugs_are_unique(self, staff):
        assert write(staff).slug == "ope-hus"
        assert write(staff).slug == "ope-hus-2"


class TestReading:
    def test_readers_see_their_own_language_where_there_is_one(self, staff):
        nn = write(staff, title="Ope hus", language="nn")
        write(staff, title="Open house", language="en", translation_of=nn)
        write(staff, title="Berre på bokmål", language="nb")
        english = [p.title for p in Post.objects.published().for_language("en")]
        assert sorted(english) == ["Berre på bokmål", "Open house"]
        nynorsk = [p.title for p in Post.objects.published().for_language("nn")]
        assert sorted(nynorsk) == ["Berre på bokmål", "Ope hus"]

    def test_drafts_and_scheduled_posts_stay_hidden(self, staff, client):
        draft = write(staff, title="Utkast", published_at=None)
        later = write(staff, title="Seinare", published_at=timezone.now() + timedelta(hours=2))
        listing = reader("nn").get("/nytt/").content.decode()
        assert "Utkast" not in listing and "Seinare" not in listing
        assert reader("nn").get(draft.get_absolute_url()).status_code == 404
        assert reader("nn").get(later.get_absolute_url()).status_code == 404
        client.force_login(staff)
        page = client.get(later.get_absolute_url(), headers={"accept-language": "nn"})
        assert page.status_code == 200 and "Planlagt" in page.content.decode()
        assert "Utkast" in client.get("/nytt/").content.decode()  # in the drafts list

    def test_the_post_page_shares_well_and_is_safe(self, staff):
        post = write(staff, body="Hei <script>alert(1)</script> **du**", tags=["huben"])
        html = reader("nn").get(post.get_absolute_url()).content.decode()
        assert '<meta property="og:title" content="Ope hus">' in html
        assert "<strong>du</strong>" in html and "<script>alert" not in html
        data = json.loads(re.search(r'application/ld\+json">(.*?)</script>', html, re.S)[1])
        assert data["@type"] == "NewsArticle" and data["headline"] == "Ope hus"
        assert data["author"] == {"@type": "Person", "name": staff.name}

    def test_list_filters_by_tag_and_pages(self, staff):
        for n in range(12):
            write(staff, title=f"Sak {n}", days_ago=n + 1, tags=["huben"] if n < 3 else [])
        first = reader("nn").get("/nytt/").content.decode()
        assert "Sak 0" in first and "Sak 10" not in first and "Side 1 av 2" in first
        assert "Sak 10" in reader("nn").get("/nytt/?side=2").content.decode()
        tagged = reader("nn").get("/nytt/?tag=huben").content.decode()
        assert re.findall(r"Sak \d+", tagged) == ["Sak 0", "Sak 1", "Sak 2"]

    def test_feeds(self, staff):
        write(staff, title="Med tema", tags=["huben"])
        write(staff, title="Utan tema", days_ago=2)
        write(staff, title="Utkast", published_at=None)
        root = ET.fromstring(reader("nn").get("/nytt/nytt.atom").content)
        titles = [e.find(f"{ATOM}title").text for e in root.findall(f"{ATOM}entry")]
        assert titles == ["Med tema", "Utan tema"]
        root = ET.fromstring(reader("nn").get("/nytt/tema/huben.atom").content)
        assert [e.find(f"{ATOM}title").text for e in root.findall(f"{ATOM}entry")] == ["Med tema"]

    def test_feeds_read_by_a_feed_reader(self, staff):
        post = write(staff, title="Med tema", tags=["huben"])
        write(staff, title="Utan tema", days_ago=2)
        feed = feedparser.parse(reader("nn").get("/nytt/nytt.atom").content)
        assert not feed.bozo, feed.get("bozo_exception")
        assert feed.version == "atom10"
        assert [e.title for e in feed.entries] == ["Med tema", "Utan tema"]
        assert feed.entries[0].link.endswith(post.get_absolute_url())
        assert feed.entries[0].published_parsed is not None
        tagged = feedparser.parse(reader("nn").get("/nytt/tema/huben.atom").content)
        assert not tagged.bozo and [e.title for e in tagged.entries] == ["Med tema"]

    def test_front_page_shows_the_three_newest(self, staff):
        for n in range(4):
            write(staff, title=f"Nytt {n}", days_ago=n + 1)
        html = reader("nn").get("/").content.decode()
        assert re.findall(r"Nytt \d", html) == ["Nytt 0", "Nytt 1", "Nytt 2"]


class TestForms:
    def test_staff_publish_from_the_form(self, staff_client):
        response = staff_client.post(
            "/nytt/skriv/",
            {
                "title": "Frukostmøte om KI",
                "lead": "Kom og høyr.",
                "body": "Torsdag kl. 8.",
                "language": "nn",
                "tag_names": "frukostmøte, KI",
                "when": "now",
            },
        )
        post = Post.objects.get()
        assert response.status_code == 302 and response["Location"] == post.get_absolute_url()
        assert post.is_published and post.author.is_staff
        assert sorted(t.name for t in post.tags.all()) == ["KI", "frukostmøte"]

    def test_a_time_in_the_past_is_refused_and_nothing_is_saved(self, staff_client):
        past = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
        response = staff_client.post(
            "/nytt/skriv/",
            {"title": "X", "lead": "Y", "body": "Z", "language": "nb", "when": "later",
             "publish_at": past},
            headers={"accept-language": "nb"},
        )  # fmt: skip
        assert response.status_code == 200
        assert "Velg et tidspunkt fram i tid" in response.content.decode()
        assert not Post.objects.exists()


def test_privacy_export_and_forget(staff):
    post = write(staff)
    assert privacy.export(staff)["news_posts"][0]["title"] == "Ope hus"
    privacy.forget(staff)
    post.refresh_from_db()
    assert post.author is None and Post.objects.published().count() == 1


def test_demo_news_once(db):
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    assert Post.objects.count() == 4
    english = Post.objects.get(slug="open-house-at-the-hub")
    assert english.translation_of.slug == "opent-hus-pa-huben"
