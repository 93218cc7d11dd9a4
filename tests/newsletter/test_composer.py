"""The composer: the next newsletter gathers the digest, staff arrange it, preview,
test and send or schedule it; only staff may, and every send is on record."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from klynge.audit.models import Action, AuditEntry
from klynge.core.errors import Conflict, Invalid, NotAllowed
from klynge.needs.models import Need
from klynge.news import services as news_services
from klynge.newsletter import issues
from klynge.newsletter.models import Issue

pytestmark = pytest.mark.django_db


def keys(issue: Issue) -> list[str]:
    return [item["key"] for section in issue.sections for item in section["items"]]


def test_the_next_newsletter_holds_what_is_new_and_public(staff, post, user):
    public = Need.objects.create(
        poster=user, title="Nettbutikk for osten", status=Need.Status.OPEN,
        published_at=timezone.now(), expires_at=timezone.now() + timedelta(days=30),
    )  # fmt: skip
    members_only = Need.objects.create(
        poster=user, title="Hemmeleg", status=Need.Status.OPEN, audience=Need.Audience.MEMBERS,
        published_at=timezone.now(), expires_at=timezone.now() + timedelta(days=30),
    )  # fmt: skip
    issue = issues.issue_create_next(by=staff)
    assert f"post:{post.pk}" in keys(issue) and f"need:{public.pk}" in keys(issue)
    assert f"need:{members_only.pk}" not in keys(issue)
    news = next(s for s in issue.sections if s["key"] == "news")
    assert news["titles"] == {"nb": "Nytt", "nn": "Nytt", "en": "News"}
    # The next one starts where a sent one ended.
    Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.SENT)
    assert keys(issues.issue_create_next(by=staff)) == []


def test_only_staff_compose(user, member):
    for who in (user, member, AnonymousUser()):
        with pytest.raises(NotAllowed):
            issues.issue_create_next(by=who)
    assert not Issue.objects.exists()


def test_staff_reorder_and_cut_items(staff, post, user):
    other = issues.issue_create_next(by=staff)
    Issue.objects.filter(pk=other.pk).delete()
    second = news_services.post_create(
        by=staff, title="Andre", lead="Meir.", body="Tekst.", language="nb",
        published_at=timezone.now() - timedelta(minutes=5),
    )  # fmt: skip
    issue = issues.issue_create_next(by=staff)
    first_key, second_key = f"post:{post.pk}", f"post:{second.pk}"
    assert keys(issue) == [first_key, second_key]
    issue = issues.issue_move(issue=issue, by=staff, key=second_key, up=True)
    assert keys(Issue.objects.get(pk=issue.pk)) == [second_key, first_key]
    issues.issue_cut(issue=issue, by=staff, key=second_key)
    assert keys(Issue.objects.get(pk=issue.pk)) == [first_key]
    with pytest.raises(Invalid):
        issues.issue_cut(issue=issue, by=staff, key=second_key)


def test_a_subject_with_a_line_break_is_refused_and_nothing_changes(staff):
    issue = issues.issue_create_next(by=staff)
    with pytest.raises(Invalid):
        issues.issue_update(issue=issue, by=staff, subject="Ein\nto", intro="Hei")
    issue.refresh_from_db()
    assert issue.subject == "Nytt fra huben" and issue.intro == ""


def test_the_composer_works_without_javascript(staff_client, staff, post):
    staff_client.post(reverse("newsletter:issue_new"))
    issue = Issue.objects.get()
    url = reverse("newsletter:compose", args=[issue.pk])
    page = staff_client.get(url).content.decode()
    assert "Kodekveld på huben" in page and 'value="up"' in page and 'value="cut"' in page
    staff_client.post(url, {"subject": "Haustnytt", "intro": "Hei alle!"})
    staff_client.post(reverse("newsletter:arrange", args=[issue.pk]),
                      {"key": f"post:{post.pk}", "action": "cut"})  # fmt: skip
    issue.refresh_from_db()
    assert issue.subject == "Haustnytt" and issue.intro == "Hei alle!" and keys(issue) == []


def test_the_preview_shows_the_html_and_the_plain_text_part(staff_client, staff, post):
    issue = issues.issue_create_next(by=staff)
    issues.issue_update(issue=issue, by=staff, subject="Haustnytt", intro="Hei & velkomen")
    page = staff_client.get(reverse("newsletter:preview", args=[issue.pk]) + "?sprak=nn")
    html = page.content.decode()
    assert page.status_code == 200
    assert (
        f'href="http://testserver{post.get_absolute_url()}"' in html
        or post.get_absolute_url() in html
    )
    assert '<pre class="newsletter-text">' in html and "NYTT" in html
    assert "Hei &amp; velkomen" in html


def test_sending_and_scheduling_are_audited_and_a_sent_issue_is_locked(staff, post):
    issue = issues.issue_create_next(by=staff)
    when = timezone.now() + timedelta(days=1)
    issues.issue_schedule(issue=issue, by=staff, when=when)
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SCHEDULED and issue.scheduled_at == when
    task = DBTaskResult.objects.get(task_path__endswith="issue_start_task")
    assert task.run_after == when
    issues.issue_send(issue=issue, by=staff)
    actions = list(AuditEntry.objects.order_by("at").values_list("action", flat=True))
    assert actions == [Action.NEWSLETTER_SCHEDULE, Action.NEWSLETTER_SEND]
    with pytest.raises(Conflict):
        issues.issue_update(issue=issue, by=staff, subject="For seint", intro="")
    with pytest.raises(Conflict):
        issues.issue_send(issue=issue, by=staff)


def test_a_time_in_the_past_is_refused(staff, post):
    issue = issues.issue_create_next(by=staff)
    with pytest.raises(Invalid):
        issues.issue_schedule(issue=issue, by=staff, when=timezone.now() - timedelta(minutes=1))
    assert Issue.objects.get().status == Issue.Status.DRAFT
    assert not AuditEntry.objects.exists()


def test_the_archive_lists_sent_issues_only(client, staff, post):
    draft = issues.issue_create_next(by=staff)
    sent = Issue.objects.create(subject="Sommarnytt", since=draft.since, until=draft.until,
                                sections=draft.sections, status=Issue.Status.SENT,
                                sent_at=timezone.now())  # fmt: skip
    page = client.get(reverse("newsletter:archive")).content.decode()
    assert "Sommarnytt" in page and draft.subject not in page
    one = client.get(sent.get_absolute_url()).content.decode()
    assert "Kodekveld på huben" in one
    assert client.get(reverse("newsletter:archive_issue", args=[draft.pk])).status_code == 404
