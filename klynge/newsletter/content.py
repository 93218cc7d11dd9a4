"""What an issue says: its sections in one language, and the email built from them.

The email is rendered once per language with a placeholder where each recipient's
unsubscribe token goes (``MessageTemplate``), so sending 20,000 messages renders
three templates, not 20,000.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from klynge.core.links import site_url
from klynge.core.mail import render_email
from klynge.newsletter.models import Issue

PLACEHOLDER = "UNSUBSCRIBETOKENPLACEHOLDER"


def sections_in(issue: Issue, language: str) -> list[dict]:
    return [
        {
            "key": section["key"],
            "title": section["titles"].get(language) or next(iter(section["titles"].values()), ""),
            "items": [{**item, "url": site_url(item["path"])} for item in section["items"]],
        }
        for section in issue.sections
    ]


@dataclass(frozen=True)
class MessageTemplate:
    subject: str
    text: str
    html: str | None
    from_email: str

    def message(self, *, to: str, token: str | None) -> EmailMultiAlternatives:
        value = token or ""
        text, html = self.text, self.html
        headers = {}
        if token:
            text, html = text.replace(PLACEHOLDER, value), html and html.replace(PLACEHOLDER, value)
            headers = {
                "List-Unsubscribe": f"<{unsubscribe_url(token)}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            }
        message = EmailMultiAlternatives(
            subject=self.subject, body=text, from_email=self.from_email, to=[to], headers=headers
        )
        if html:
            message.attach_alternative(html, "text/html")
        return message


def unsubscribe_url(token: str) -> str:
    return site_url(reverse("newsletter:unsubscribe", args=[token]))


def message_template(issue: Issue, *, language: str, test: bool = False) -> MessageTemplate:
    context = {
        "issue": issue,
        "sections": sections_in(issue, language),
        "unsubscribe_url": "" if test else unsubscribe_url(PLACEHOLDER),
        "archive_url": site_url(reverse("newsletter:archive")),
        "test": test,
    }
    rendered = render_email("newsletter/email/issue", context, to=["x@example.org"],
                            language=language, prefix_subject=False)  # fmt: skip
    html = next((c for c, mimetype in rendered.alternatives if mimetype == "text/html"), None)
    return MessageTemplate(rendered.subject, rendered.body, html, rendered.from_email)


def issue_message(issue: Issue, *, language: str, to: str, token: str | None):
    """One message of ``issue``; without a token, a test (no unsubscribe link)."""
    return message_template(issue, language=language, test=token is None).message(
        to=to, token=token
    )
