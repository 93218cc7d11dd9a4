"""A company open to team up says so, and for what, among its reasons in a proposed team."""

from __future__ import annotations

from django.test import Client

from klynge.directory.models import Company


def test_a_proposed_company_open_to_team_up_says_so(need, providers):
    Company.objects.filter(pk=providers["archive"].pk).update(
        open_to_team=True, open_to_team_for="kommunale arkivprosjekt"
    )
    client = Client()
    client.cookies["django_language"] = "en"
    html = client.get(need.get_absolute_url()).content.decode()
    assert "open to team up: kommunale arkivprosjekt" in html
    assert html.count("open to team up") == html.count("Arkivhuset AS</strong>")
