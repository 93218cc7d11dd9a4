"""The newsletter in a real browser: axe on every newsletter page in three languages,
the whole story (a post written, the next newsletter composed with it, previewed and
sent; a visitor subscribes and confirms through the mailed link), and the composer
by keyboard alone."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from klynge.news import services as news_services
from klynge.newsletter import issues
from klynge.newsletter.models import Issue, Subscription
from tests.browser.conftest import assert_accessible, set_language, sign_in
from tests.conftest import run_tasks


@pytest.fixture
def post(staff):
    return news_services.post_create(
        by=staff, title="Kodekveld på huben", lead="Kom og kod saman med oss.",
        body="Pizza frå **18**.", language="nn", tags=["huben"],
        published_at=timezone.now() - timedelta(hours=1),
    )  # fmt: skip


@pytest.mark.browser
@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_every_newsletter_page_is_accessible(page, live_server, staff, user, post, language):
    set_language(page, live_server, language)
    draft = issues.issue_create_next(by=staff)
    sent = Issue.objects.create(subject="Sommarnytt", since=draft.since, until=draft.until,
                                sections=draft.sections, status=Issue.Status.SENT,
                                sent_at=timezone.now())  # fmt: skip
    subscription = Subscription.objects.create(email="lesar@example.org", source="double_opt_in")
    public = ["/nyhetsbrev/", "/nyhetsbrev/sendt/", "/nyhetsbrev/arkiv/",
              sent.get_absolute_url(), f"/nyhetsbrev/bekreft/{subscription.token}/",
              f"/nyhetsbrev/avmeld/{subscription.token}/"]  # fmt: skip
    for url in public:
        page.goto(url)
        assert page.locator("h1").count() >= 1
        assert_accessible(page)
    page.goto(sent.get_absolute_url())
    assert "Kodekveld på huben" in page.locator("main").inner_text()
    sign_in(page, live_server, user)
    page.goto("/konto/mine-data/")
    assert page.locator("#newsletter-heading").is_visible()
    assert_accessible(page)
    sign_in(page, live_server, staff)
    for url in ["/nyhetsbrev/utgaver/", f"/nyhetsbrev/utgaver/{draft.pk}/",
                f"/nyhetsbrev/utgaver/{draft.pk}/forhandsvis/"]:  # fmt: skip
        page.goto(url)
        assert_accessible(page)
    assert "Kodekveld på huben" in page.locator("main").inner_text()


@pytest.mark.browser
def test_staff_write_compose_preview_and_send_and_a_visitor_subscribes(
    page, live_server, staff, browser
):
    set_language(page, live_server, "nn")
    sign_in(page, live_server, staff)
    page.goto("/nytt/skriv/")
    page.locator("#id_title").fill("Ti nye bedrifter")
    page.locator("#id_lead").fill("Katalogen veks.")
    page.locator("#id_body").fill("Sjå **katalogen**.")
    page.get_by_label("Publiser no").check()
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_url("**/nytt/ti-nye-bedrifter/")
    # A visitor subscribes in another browser and confirms by the link in the mail.
    visitor = browser.new_context(base_url=live_server.url)
    visitor.add_cookies([{"name": "django_language", "value": "nn", "url": live_server.url}])
    them = visitor.new_page()
    them.goto("/nyhetsbrev/")
    them.get_by_label("E-postadressa di").fill("ny@example.org")
    them.get_by_role("button", name="Abonner").click()
    them.wait_for_url("**/nyhetsbrev/sendt/")
    mail = [m for m in run_tasks() if m.to == ["ny@example.org"]]
    link = re.search(r"https?://[^/\s]+(/nyhetsbrev/bekreft/\S+/)", mail[0].body).group(1)
    them.goto(link)
    them.get_by_role("button", name="Ja, send meg nyheitsbrevet").click()
    assert "Du abonnerer no" in them.locator("h1").inner_text()
    visitor.close()
    assert Subscription.objects.get(email="ny@example.org").status == "confirmed"
    # Staff compose the next newsletter: the post is in it.
    page.goto("/nyhetsbrev/utgaver/")
    page.get_by_role("button", name="Neste nyheitsbrev").click()
    page.wait_for_url(re.compile(r"/nyhetsbrev/utgaver/\d+/$"))
    assert "Ti nye bedrifter" in page.locator("main").inner_text()
    page.locator("#id_subject").fill("Haustnytt")
    page.get_by_role("button", name="Lagre teksten").click()
    page.get_by_role("link", name="Førehandsvis e-posten").click()
    assert "Ti nye bedrifter" in page.locator(".newsletter-preview").inner_text()
    assert "Ti nye bedrifter" in page.locator(".newsletter-text").inner_text()
    page.get_by_role("link", name="Tilbake til nyheitsbrevet").click()
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.get_by_role("button", name="Send no").click()
    assert "Nyheitsbrevet vert sendt no." in page.locator("main").inner_text()
    sent = [m for m in run_tasks() if m.to == ["ny@example.org"]]
    assert len(sent) == 1 and sent[0].subject == "Haustnytt"
    assert "Ti nye bedrifter" in sent[0].body
    assert sent[0].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


@pytest.mark.browser
def test_the_composer_by_keyboard_alone(page, live_server, staff, post):
    second = news_services.post_create(
        by=staff, title="Andre sak", lead="Meir.", body="Tekst.", language="nb",
        published_at=timezone.now() - timedelta(minutes=5),
    )  # fmt: skip
    issue = issues.issue_create_next(by=staff)
    set_language(page, live_server, "en")
    sign_in(page, live_server, staff)
    page.goto(f"/nyhetsbrev/utgaver/{issue.pk}/")
    button = page.get_by_role("button", name="Move up: Andre sak")
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    items = page.locator("main ol li").all_inner_texts()
    assert items[0].startswith("Andre sak") and items[1].startswith("Kodekveld")
    page.get_by_role("button", name="Take out: Kodekveld på huben").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Kodekveld" not in page.locator("main").inner_text()
    issue.refresh_from_db()
    assert [i["key"] for s in issue.sections for i in s["items"]] == [f"post:{second.pk}"]
