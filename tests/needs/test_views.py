"""The needs board's pages under /behov/: posting, the list, a need, threads, alerts, feeds."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from klynge.directory.models import Company
from klynge.directory.roles import person_of
from klynge.needs import jobs, services
from klynge.needs.models import AlertSettings, Answer, Invitation, Message, Need, Notice
from tests.needs.conftest import SHOP_NEED, make_user

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
FORM = {
    **SHOP_NEED,
    "deadline": "",
    "budget": "unknown",
    "posted_by": "business",
    "organisation": "Ostebua",
    "audience": "public",
    "website": "",
}
WIFI = {
    "title": "Trådløst nett i kommunehuset",
    "description": "wifi i alle rom",
    "municipality": "gol",
    "posted_by": "public",
}


def browse(user=None, language="en") -> Client:
    client = Client()
    client.cookies["django_language"] = language
    if user is not None:
        client.force_login(user)
    return client


def html(client, url, **kwargs) -> str:
    response = client.get(url, **kwargs)
    assert response.status_code == 200
    return response.content.decode()


def feed_titles(response) -> list[str]:
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    return [entry.find(f"{ATOM}title").text for entry in root.iter(f"{ATOM}entry")]


def fjellkode() -> Company:
    return Company.objects.get(name="Fjellkode AS")


class TestPosting:
    url = "/behov/nytt/"

    def test_posting_creates_a_pending_need_with_its_competences(self, poster, taxonomy):
        response = browse(poster).post(self.url, {**FORM, "publish": "1"})
        need = Need.objects.get()
        assert response.status_code == 302 and response["Location"] == f"/behov/{need.pk}/"
        assert need.status == "pending" and need.poster == poster
        assert need.organisation == "Ostebua" and need.municipality == "aal"
        assert {"nettbutikk", "betaling-pa-nett"} <= {c.slug for c in need.competences.all()}
        page = html(browse(poster), response["Location"])
        assert "The hub looks at a first need before it is published" in page

    def test_save_as_draft(self, poster, taxonomy):
        browse(poster).post(self.url, {**FORM, "draft": "1"})
        assert Need.objects.get().status == "draft"

    def test_a_filled_honeypot_writes_nothing(self, poster, taxonomy):
        response = browse(poster).post(self.url, {**FORM, "website": "https://spam.example"})
        assert response.status_code == 200
        assert 'id="need-form"' in response.content.decode()  # the form again, not a need
        assert not Need.objects.exists()

    def test_the_eleventh_post_in_an_hour_is_refused(self, poster, taxonomy):
        client = browse(poster)
        for n in range(10):
            assert client.post(self.url, {**FORM, "title": f"Nettbutikk nr {n}"}).status_code == 302
        response = client.post(self.url, {**FORM, "title": "Nettbutikk nr 11"})
        assert response.status_code == 429
        assert "Too many attempts" in response.content.decode()
        assert Need.objects.count() == 10

    def test_preview_shows_who_can_help_and_writes_nothing(self, poster, provider, company_admin):
        page = browse(poster).post(self.url, {**FORM, "preview": "1"}).content.decode()
        assert "Per Provider" in page and "Fjellkode AS" in page
        assert 'value="Kundane skal kunne kjøpe ost på nett"' in page  # the form keeps its text
        assert not Need.objects.exists()

    def test_previews_do_not_use_up_the_posting_limit(self, poster, taxonomy):
        client = browse(poster)
        for _ in range(12):
            assert client.post(self.url, {**FORM, "preview": "1"}).status_code == 200
        assert client.post(self.url, FORM).status_code == 302
        assert Need.objects.count() == 1

    def test_live_matches_are_a_fragment(self, client, provider):
        response = client.get("/behov/treff/", {"title": "nettbutikk med vipps"})
        page = response.content.decode()
        assert "Per Provider" in page and "/katalog/folk/" in page
        assert "<html" not in page
        assert "Start writing" in html(browse(), "/behov/treff/", data={"title": ""})

    def test_an_unverified_user_is_sent_to_confirm_the_email(self, taxonomy):
        response = browse(make_user("new@example.org", verified=False)).post(self.url, FORM)
        assert response.status_code == 302 and response["Location"] == reverse("account_email")
        assert not Need.objects.exists()


class TestList:
    @pytest.fixture
    def needs(self, make_need, poster, taxonomy):
        shop = make_need(poster)
        wifi = make_need(poster, **WIFI)
        make_need(poster, publish=False, title="Eit hemmeleg utkast")
        services.need_fill(need=make_need(poster, title="Ferdig nettside"), by=poster)
        return shop, wifi

    def test_it_shows_open_needs_only(self, needs):
        page = html(browse(), "/behov/")
        assert SHOP_NEED["title"] in page and WIFI["title"] in page
        assert "Eit hemmeleg utkast" not in page and "Ferdig nettside" not in page
        assert "2 open needs" in page

    @pytest.mark.parametrize(
        "query, shown",
        [
            ({"kommune": "gol"}, "wifi"),
            ({"kategori": "web"}, "shop"),
            ({"kategori": "drift"}, "wifi"),
            ({"fra": "public"}, "wifi"),
            ({"fra": "business"}, "shop"),
        ],
    )
    def test_it_filters(self, needs, query, shown):
        page = html(browse(), "/behov/", data=query)
        shop, wifi = needs
        assert (shop.title in page, wifi.title in page) == (shown == "shop", shown == "wifi")

    def test_htmx_gets_only_the_results(self, needs):
        response = browse().get("/behov/", {"kommune": "gol"}, HTTP_HX_REQUEST="true")
        page = response.content.decode()
        assert WIFI["title"] in page and SHOP_NEED["title"] not in page
        assert "<html" not in page and "HX-Request" in response["Vary"]


class TestNeedPage:
    def test_the_poster_sees_answers_matches_with_reasons_and_invite_buttons(
        self, need, poster, provider
    ):
        services.answer_create(need=need, by=provider, message="Eg lagar nettbutikkar i Ål.")
        page = html(browse(poster), need.get_absolute_url())
        assert "Eg lagar nettbutikkar i Ål." in page
        assert "Open the conversation (1 message)" in page
        assert "Who can help" in page and "Why: Online store" in page
        assert "Invite Fjellkode AS to answer" in page
        assert 'value="fill"' in page  # someone answered: who got it?
        assert 'name="action" value="extend"' not in page  # weeks left: nothing to extend

    def test_the_controls_fit_the_needs_state(self, need, poster):
        page = html(browse(poster), need.get_absolute_url())
        assert 'value="fill"' not in page  # nobody has answered, so nobody can have got it
        assert "Solved it another way, or no longer needed?" in page
        assert 'name="action" value="extend"' not in page
        Need.objects.filter(pk=need.pk).update(expires_at=timezone.now() + timedelta(days=3))
        page = html(browse(poster), need.get_absolute_url())
        assert 'name="action" value="extend"' in page  # about to close: keep it open?

    def test_a_provider_gets_the_answer_form(self, need, provider):
        page = html(browse(provider), need.get_absolute_url())
        assert f'action="/behov/{need.pk}/svar/"' in page and 'name="message"' in page
        assert "Invite" not in page and "Who can help" not in page

    def test_a_visitor_gets_a_sign_in_link(self, need):
        page = html(browse(), need.get_absolute_url())
        assert f"/konto/login/?next=/behov/{need.pk}/" in page and "Sign in to answer" in page
        assert 'name="message"' not in page and "Who can help" not in page

    def test_staff_see_who_was_told(self, tasks, make_need, poster, provider, company_admin, staff):
        need = make_need(poster)
        tasks.run()
        assert Notice.objects.filter(need=need).count() == 2
        page = html(browse(staff), need.get_absolute_url())
        assert "Who was told about the need" in page
        assert "provider@example.org" in page and "admin@fjellkode.example" in page
        assert "Email at once" in page
        assert "Who was told" not in html(browse(poster), need.get_absolute_url())

    def test_markdown_is_sanitised_in_descriptions_and_messages(self, make_need, poster, provider):
        need = make_need(poster, description="<script>alert('x')</script> Det er **viktig**.")
        page = html(browse(), need.get_absolute_url())
        assert "<script>alert" not in page and "<strong>viktig</strong>" in page
        answer = services.answer_create(need=need, by=provider, message="<script>alert(2)</script>")
        services.message_post(answer=answer, by=poster, body="Takk, _fint_ <img src=x onerror=1>")
        thread = html(browse(poster), answer.get_absolute_url())
        assert "<script>alert" not in thread and "onerror" not in thread
        assert "<em>fint</em>" in thread


class TestInvite:
    def test_the_poster_invites_a_match(self, need, poster):
        client = browse(poster)
        response = client.post(
            f"/behov/{need.pk}/inviter/", {"kind": "company", "id": fjellkode().pk}
        )
        assert response["Location"] == f"/behov/{need.pk}/#matches"
        assert Invitation.objects.get().company == fjellkode()
        page = html(client, need.get_absolute_url())
        assert "Fjellkode AS is invited to answer." in page
        assert "Invite Fjellkode AS to answer" not in page and "Invited" in page

    @pytest.mark.parametrize("who", ["provider", "stranger"])
    def test_others_cannot_invite(self, need, request, who):
        client = browse(request.getfixturevalue(who))
        client.post(f"/behov/{need.pk}/inviter/", {"kind": "company", "id": fjellkode().pk})
        assert not Invitation.objects.exists()


def test_the_poster_edits_and_others_may_not(need, poster, stranger):
    edit = f"/behov/{need.pk}/endre/"
    response = browse(poster).post(edit, {**FORM, "title": "Ostebutikk på nett"}, follow=True)
    # The poster's account is new (this is its first need), so new text is looked at again.
    assert "The hub looks at them before they are shown." in response.content.decode()
    browse(stranger).post(edit, {**FORM, "title": "Kapra"})
    need.refresh_from_db()
    assert need.title == "Ostebutikk på nett" and need.status == "pending"


def test_staff_approve_a_first_need_and_others_cannot(poster, staff, user, taxonomy):
    need = services.need_create(poster=poster, **SHOP_NEED)
    assert SHOP_NEED["title"] in html(browse(staff), "/behov/godkjenning/")
    browse(user).post(f"/behov/godkjenning/{need.pk}/", {"approve": "1"})
    assert Need.objects.get(pk=need.pk).status == "pending"
    browse(staff).post(f"/behov/godkjenning/{need.pk}/", {"approve": "1"})
    assert Need.objects.get(pk=need.pk).status == "open"


class TestActions:
    def act(self, user, need, **data):
        return browse(user).post(f"/behov/{need.pk}/handling/", data, follow=True)

    def test_submit_a_draft(self, make_need, poster):
        make_need(poster)
        draft = make_need(poster, publish=False, title="Nettside for laget")
        page = self.act(poster, draft, action="submit").content.decode()
        draft.refresh_from_db()
        assert draft.status == "open" and "Your need is published." in page

    def test_a_draft_promises_no_answers_until_it_is_published(self, make_need, poster):
        make_need(poster)
        draft = make_need(poster, publish=False, title="Nettside for laget")
        page = html(browse(poster), f"/behov/{draft.pk}/")
        assert "Only you can see it." in page and "Publish the need" in page
        assert 'id="answers-heading"' not in page and "Providers who match are told" not in page
        self.act(poster, draft, action="submit")
        page = html(browse(poster), f"/behov/{draft.pk}/")
        assert 'id="answers-heading"' in page and "No answers yet." in page

    def test_extend(self, need, poster):
        Need.objects.filter(pk=need.pk).update(expires_at=timezone.now() + timedelta(days=2))
        self.act(poster, need, action="extend")
        need.refresh_from_db()
        assert need.expires_at > timezone.now() + timedelta(days=59)

    def test_fill_naming_an_answer(self, need, poster, provider):
        answer = services.answer_create(need=need, by=provider, message="Eg kan")
        page = self.act(poster, need, action="fill", answer=answer.pk).content.decode()
        need.refresh_from_db()
        assert need.status == "filled" and need.filled_by_person == answer.person
        assert "Filled by Per Provider" in page

    def test_close_with_a_reason(self, need, poster):
        self.act(poster, need, action="close", reason="elsewhere")
        need.refresh_from_db()
        assert need.status == "closed" and need.close_reason == "elsewhere"

    def test_an_unknown_action_changes_nothing(self, need, poster):
        page = self.act(poster, need, action="explode").content.decode()
        assert "Unknown action." in page
        need.refresh_from_db()
        assert need.status == "open" and need.settled_at is None

    def test_a_stranger_cannot_close(self, need, stranger):
        self.act(stranger, need, action="close", reason="elsewhere")
        need.refresh_from_db()
        assert need.status == "open"


class TestThread:
    @pytest.fixture
    def answer(self, need, provider):
        return services.answer_create(need=need, by=provider, message="Eg kan lage butikken.")

    def test_both_sides_write_and_read(self, answer, poster, provider):
        response = browse(poster).post(answer.get_absolute_url(), {"body": "Kva kostar det?"})
        assert response.status_code == 302
        assert Message.objects.filter(answer=answer, from_poster=True).get().author == poster
        for user in (poster, provider):
            page = html(browse(user), answer.get_absolute_url())
            assert "Eg kan lage butikken." in page and "Kva kostar det?" in page

    def test_a_stranger_neither_reads_nor_writes(self, answer, stranger):
        client = browse(stranger)
        assert client.get(answer.get_absolute_url()).status_code == 403
        assert client.post(answer.get_absolute_url(), {"body": "Hei"}).status_code == 403
        assert Message.objects.count() == 1

    def test_withdrawing_closes_the_conversation(self, answer, provider, poster):
        client = browse(provider)
        client.post(reverse("needs:withdraw", args=[answer.pk]))
        answer.refresh_from_db()
        assert answer.withdrawn_at is not None
        for user in (provider, poster):
            page = html(browse(user), answer.get_absolute_url())
            assert "This conversation is closed." in page and 'name="body"' not in page
        client.post(answer.get_absolute_url(), {"body": "Likevel"})
        assert Message.objects.count() == 1


def test_my_needs_lists_what_i_posted_and_answered(need, poster, provider, make_need):
    make_need(poster, publish=False, title="Mitt utkast")
    answer = services.answer_create(need=need, by=provider, message="Eg kan")
    mine = html(browse(poster), "/behov/mine/")
    assert SHOP_NEED["title"] in mine and "Mitt utkast" in mine
    # One who has posted before can post the next from here.
    assert f'href="{reverse("needs:create")}">Describe a new need</a>' in mine
    answered = html(browse(provider), "/behov/mine/")
    assert answer.get_absolute_url() in answered and "Mitt utkast" not in answered


def test_my_needs_count_the_answers_and_say_when_each_was_posted(need, poster, provider):
    services.answer_create(need=need, by=provider, message="Eg kan")
    Need.objects.filter(pk=need.pk).update(
        published_at=timezone.now().replace(year=2026, month=11, day=29, hour=12)
    )
    card = html(browse(poster, "nb"), "/behov/mine/")
    assert "1 svar" in card and "Lagt ut 29. november 2026" in card
    answer = need.answers.get()
    Answer.objects.filter(pk=answer.pk).update(withdrawn_at=timezone.now())
    assert "1 svar" not in html(browse(poster, "nb"), "/behov/mine/")  # a withdrawn one


def test_a_customer_is_not_asked_about_answering(poster, provider):
    # The poster has an account and no profile: nothing to answer with.
    assert person_of(poster) is None
    mine = html(browse(poster), "/behov/mine/")
    assert "Needs I have answered" not in mine and "You have not answered any needs." not in mine
    # A provider who has answered nothing yet is shown where to start.
    theirs = html(browse(provider), "/behov/mine/")
    assert "You have not answered any needs." in theirs and "See the open needs" in theirs


class TestAlertsAndFeeds:
    def test_the_frequency_is_saved(self, provider):
        browse(provider).post("/behov/varsel/", {"frequency": "digest"})
        assert AlertSettings.objects.get(user=provider).frequency == "digest"

    def test_a_new_link_retires_the_old_feed(self, provider):
        client = browse(provider)
        assert "/behov/feed/" in html(client, "/behov/varsel/")
        old = AlertSettings.objects.get(user=provider).feed_token
        assert client.get(f"/behov/feed/{old}/").status_code == 200
        client.post("/behov/varsel/", {"new_link": "1"})
        new = AlertSettings.objects.get(user=provider).feed_token
        assert new != old
        assert client.get(f"/behov/feed/{old}/").status_code == 404
        assert Client().get(f"/behov/feed/{new}/").status_code == 200

    def test_the_public_feed_lists_public_open_needs(self, make_need, poster, taxonomy):
        make_need(poster)
        make_need(poster, title="Berre for medlemar", audience="members")
        make_need(poster, publish=False, title="Utkast")
        services.need_close(need=make_need(poster, title="Lukka"), by=poster)
        assert feed_titles(Client().get("/behov/feed/")) == [SHOP_NEED["title"]]

    def test_the_personal_feed_has_notified_and_invited_needs(
        self, make_need, poster, provider, company_admin
    ):
        told = make_need(poster)
        invited = make_need(poster, **WIFI)
        make_need(poster, title="Ingen har høyrt om denne")
        Notice.objects.create(need=told, recipient=provider, score=0.9, channel="feed")
        services.invite(need=invited, by=poster, company=fjellkode())
        feeds = {}
        for user in (provider, company_admin):
            token = AlertSettings.objects.get_or_create(user=user)[0].feed_token
            feeds[user.email] = feed_titles(Client().get(f"/behov/feed/{token}/"))
        assert feeds == {
            "provider@example.org": [told.title],
            "admin@fjellkode.example": [invited.title],
        }


class TestOutcome:
    def test_get_shows_the_choice_and_post_saves_it(self, need, poster):
        services.need_fill(need=need, by=poster)
        url = reverse("needs:outcome", args=[jobs.outcome_token(need)])
        page = html(browse(), url, data={"svar": "helped"})
        assert 'value="helped" checked' in page
        need.refresh_from_db()
        assert need.outcome == ""
        assert browse().post(url, {"svar": "helped"}).status_code == 302
        need.refresh_from_db()
        assert need.outcome == "helped" and need.outcome_at is not None

    def test_a_forged_token_or_an_open_need_is_404(self, need):
        assert Client().get("/behov/oppfolging/forged/").status_code == 404
        assert Client().post("/behov/oppfolging/forged/", {"svar": "helped"}).status_code == 404
        url = reverse("needs:outcome", args=[jobs.outcome_token(need)])
        assert Client().post(url, {"svar": "helped"}).status_code == 404
        need.refresh_from_db()
        assert need.outcome == ""


@pytest.mark.parametrize(
    "language, texts",
    [
        ("nn", ["Skildre eit behov", "Kven kan hjelpe", "Alle kommunar"]),
        ("nb", ["Beskriv et behov", "Hvem kan hjelpe", "Alle kommuner"]),
    ],
)
def test_pages_speak_the_chosen_language(need, poster, language, texts):
    client = browse(poster, language)
    form, page, board = (
        html(client, url) for url in ("/behov/nytt/", need.get_absolute_url(), "/behov/")
    )
    assert f'<html lang="{language}">' in form
    assert texts[0] in form and texts[1] in page and texts[2] in board
    assert "Describe a need" not in form and "Who can help" not in page


def test_the_form_refuses_a_title_with_a_line_break(poster, taxonomy):
    response = browse(poster, "nn").post(
        TestPosting.url, {**FORM, "title": "Nettbutikk\nBcc: victim@example.org", "publish": "1"}
    )
    assert response.status_code == 200
    assert "Skriv tittelen på éi linje." in response.content.decode()
    assert not Need.objects.exists()
