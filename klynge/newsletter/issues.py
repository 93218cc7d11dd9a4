"""The composer's writes: open the next newsletter, arrange it, test it, send or schedule.

Every function is one transaction and checks ``rules.can_compose`` first.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from klynge.audit.models import Action
from klynge.audit.services import audit_record
from klynge.core import digest
from klynge.core.errors import Conflict, Invalid, NotAllowed
from klynge.core.mail import email_queue
from klynge.lib.text import is_one_line
from klynge.newsletter import rules
from klynge.newsletter.content import issue_message
from klynge.newsletter.models import Issue
from klynge.newsletter.sending import issue_start_task

FIRST_WINDOW = timedelta(days=30)  # what the very first issue looks back on
LANGUAGES = ("nb", "nn", "en")


def _check(by) -> None:
    if not rules.can_compose(by):
        raise NotAllowed(_("Only the hub's staff can write the newsletter."))


def _locked(issue: Issue) -> Issue:
    issue = Issue.objects.select_for_update().get(pk=issue.pk)
    if not issue.is_editable:
        raise Conflict(_("This newsletter is already being sent."))
    return issue


def issue_create_next(*, by) -> Issue:
    """A draft with everything new since the last issue, laid out in the digest's order."""
    _check(by)
    until = timezone.now()
    last = Issue.objects.exclude(status=Issue.Status.DRAFT).order_by("-until").first()
    since = last.until if last else until - FIRST_WINDOW
    titles: dict[str, dict[str, str]] = {}
    gathered = None
    for language in LANGUAGES:
        with translation.override(language):
            found = digest.sections(since=since, until=until)
        for section in found:
            titles.setdefault(section.key, {})[language] = section.title
        if gathered is None:
            gathered = found
    sections = [
        {
            "key": section.key,
            "titles": titles[section.key],
            "items": [
                {
                    "key": item.key,
                    "title": item.title,
                    "path": item.path,
                    "summary": item.summary,
                }  # fmt: skip
                for item in section.items
            ],
        }
        for section in gathered or []
    ]
    with translation.override("nb"):
        subject = _("News from the hub")
    return Issue.objects.create(
        subject=subject, sections=sections, since=since, until=until, created_by=by
    )


def issue_update(*, issue: Issue, by, subject: str, intro: str) -> Issue:
    _check(by)
    subject, intro = subject.strip(), intro.strip()
    if not subject:
        raise Invalid(_("Write a subject."))
    if not is_one_line(subject) or len(subject) > 200:
        raise Invalid(_("Write the subject on one line, at most 200 characters."))
    with transaction.atomic():
        issue = _locked(issue)
        issue.subject, issue.intro = subject, intro
        issue.save(update_fields=["subject", "intro"])
    return issue


def _find(sections: list[dict], key: str) -> tuple[list, int]:
    """The list that holds ``key`` (the sections, or a section's items) and its index."""
    for index, section in enumerate(sections):
        if section["key"] == key:
            return sections, index
        for item_index, item in enumerate(section["items"]):
            if item["key"] == key:
                return section["items"], item_index
    raise Invalid(_("That part is no longer in the newsletter."))


def issue_move(*, issue: Issue, by, key: str, up: bool) -> Issue:
    """Move a section, or an item within its section, one place up or down."""
    _check(by)
    with transaction.atomic():
        issue = _locked(issue)
        sections = issue.sections
        where, index = _find(sections, key)
        other = index - 1 if up else index + 1
        if 0 <= other < len(where):
            where[index], where[other] = where[other], where[index]
            issue.save(update_fields=["sections"])
    return issue


def issue_cut(*, issue: Issue, by, key: str) -> Issue:
    """Take a section or an item out of the newsletter."""
    _check(by)
    with transaction.atomic():
        issue = _locked(issue)
        where, index = _find(issue.sections, key)
        del where[index]
        issue.sections = [s for s in issue.sections if s["items"]]
        issue.save(update_fields=["sections"])
    return issue


def issue_send_test(*, issue: Issue, by) -> None:
    """The issue, as subscribers get it, to the staff member's own address."""
    _check(by)
    language = (by.language or "nb")[:2]
    with transaction.atomic():
        email_queue(issue_message(issue, language=language, to=by.email, token=None))


def issue_send(*, issue: Issue, by) -> Issue:
    """Send now: the worker creates the deliveries and sends them in batches."""
    return _plan(issue=issue, by=by, when=None)


def issue_schedule(*, issue: Issue, by, when) -> Issue:
    if when is None or when <= timezone.now():
        raise Invalid(_("Choose a time in the future."))
    return _plan(issue=issue, by=by, when=when)


def issue_unschedule(*, issue: Issue, by) -> Issue:
    _check(by)
    with transaction.atomic():
        issue = _locked(issue)
        issue.status, issue.scheduled_at = Issue.Status.DRAFT, None
        issue.save(update_fields=["status", "scheduled_at"])
    return issue


def _plan(*, issue: Issue, by, when) -> Issue:
    _check(by)
    with transaction.atomic():
        issue = _locked(issue)
        if not issue.sections and not issue.intro:
            raise Invalid(_("The newsletter is empty: write an introduction or keep some news."))
        if when is None:
            issue.status, issue.scheduled_at = Issue.Status.SENDING, None
            issue.started_at = timezone.now()
            issue.save(update_fields=["status", "scheduled_at", "started_at"])
            audit_record(actor=by, action=Action.NEWSLETTER_SEND, target=issue,
                         summary=issue.subject)  # fmt: skip
            issue_start_task.enqueue(issue.pk)
        else:
            issue.status, issue.scheduled_at = Issue.Status.SCHEDULED, when
            issue.save(update_fields=["status", "scheduled_at"])
            audit_record(actor=by, action=Action.NEWSLETTER_SCHEDULE, target=issue,
                         summary=f"{issue.subject} ({when.isoformat()})")  # fmt: skip
            issue_start_task.using(run_after=when).enqueue(issue.pk)
    return issue
