"""News in a real browser: axe on every news page in three languages, and a
post written and published from the form with the keyboard."""

from __future__ import annotations

import pytest
from django.utils import timezone

from klynge.news import services
from klynge.news.models import Post
from tests.browser.conftest import assert_accessible, set_language, sign_in


@pytest.fixture
def post(staff):
    return services.post_create(
        by=staff,
        title="Ope hus på huben",
        lead="Kom og jobb frå huben kvar onsdag.",
        body="Kaffien er på frå **08**.",
        language="nn",
        tags=["huben"],
        published_at=timezone.now(),
    )


@pytest.mark.browser
@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_every_news_page_is_accessible(page, live_server, post, staff, language):
    set_language(page, live_server, language)
    for url in ["/nytt/", post.get_absolute_url(), "/"]:
        page.goto(url)
        assert post.title in page.locator("main").inner_text()
        assert_accessible(page)
    sign_in(page, live_server, staff)
    page.goto("/nytt/skriv/")
    assert_accessible(page)
    page.goto(f"/nytt/{post.slug}/endre/")
    assert_accessible(page)


@pytest.mark.browser
def test_staff_write_and_publish_a_post_with_the_keyboard(page, live_server, staff):
    sign_in(page, live_server, staff)
    set_language(page, live_server, "nn")
    page.goto("/nytt/skriv/")
    page.locator("#id_title").focus()
    page.keyboard.type("Ti nye bedrifter")
    page.keyboard.press("Tab")
    page.keyboard.type("Katalogen veks.")
    page.keyboard.press("Tab")
    page.keyboard.type("Sjå **katalogen**.")
    page.get_by_label("Publiser no").check()
    page.get_by_role("button", name="Lagre").press("Enter")
    page.wait_for_url("**/nytt/ti-nye-bedrifter/")
    assert page.locator("main strong").inner_text() == "katalogen"
    post = Post.objects.get()
    assert post.is_published and post.author == staff
    page.goto("/nytt/")
    assert "Ti nye bedrifter" in page.locator("main").inner_text()
