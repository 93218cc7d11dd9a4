"""The privacy page: what the site stores and for how long, from the retention settings."""

import pytest

from klynge.core import retention


def test_it_is_linked_from_every_page(client, db):
    assert 'href="/personvern/"' in client.get("/").content.decode()


def test_it_lists_every_rule_with_its_days(client, db):
    html = client.get("/personvern/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for rule in retention.rules():
        assert str(rule.what) in html
    assert "180 days" in html  # guests' names and emails
    assert "As long as you keep it" in html  # the account itself


def test_it_follows_the_settings(client, db, settings):
    settings.KLYNGE_RETENTION = {**settings.KLYNGE_RETENTION, "closed_needs": 400}
    html = client.get("/personvern/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "400 days" in html and "730 days" not in html


@pytest.mark.parametrize(
    "language,heading", [("nb", "Personvern"), ("nn", "Personvern"), ("en", "Privacy")]
)
def test_it_speaks_each_language(client, db, language, heading):
    html = client.get("/personvern/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f"<h1>{heading}</h1>" in html
