"""The needs board's part of a person's data export and account deletion."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klynge.core.retention import Rule
from klynge.core.uploads import delete_on_commit
from klynge.needs.models import Answer, Attachment, Message, Need

DELETION_NOTE = _(
    "Your open needs and drafts are deleted, with the answers to them and their files. "
    "Needs that were filled or closed are kept without your name, text, image and files, "
    "as anonymous numbers for the hub's statistics. Your answers to others' needs are deleted."
)


def export(user) -> dict:
    needs = Need.objects.filter(poster=user).prefetch_related("answers__messages", "attachments")
    answers = Answer.objects.filter(author=user).select_related("need")
    return {
        "needs": [
            {
                "title": need.title,
                "description": need.description,
                "status": need.status,
                "municipality": need.municipality,
                "budget": need.budget,
                "deadline": need.deadline,
                "created_at": need.created_at,
                "outcome": need.outcome,
                "tender_url": need.tender_url,
                "attachments": [a.name for a in need.attachments.all()],
                "conversations": [
                    [
                        {"from_me": m.from_poster, "body": m.body, "at": m.created_at}
                        for m in answer.messages.all()
                    ]
                    for answer in need.answers.all()
                ],
            }
            for need in needs
        ],
        "answers": [
            {
                "need": answer.need.title,
                "created_at": answer.created_at,
                "withdrawn_at": answer.withdrawn_at,
                "messages": list(
                    Message.objects.filter(answer=answer, author=user).values("body", "created_at")
                ),
            }
            for answer in answers
        ],
        "alerts": list(user.need_notices.values("need__title", "channel", "sent_at")),
    }


@transaction.atomic
def forget(user) -> None:
    posted = Need.objects.filter(poster=user)
    posted.exclude(status__in=[Need.Status.FILLED, Need.Status.CLOSED]).delete()
    for need in posted:
        need.answers.all().delete()
    _drop_files(posted)
    posted.update(
        poster=None, title="–", description="", organisation="", tender_url="",
        updated_at=timezone.now(),
    )  # fmt: skip
    Answer.objects.filter(author=user).delete()


@transaction.atomic
def _forget_settled(cutoff) -> int:
    """Long-settled needs keep only what the hub's statistics count, as after
    deleting an account: no poster, no text, no conversations."""
    old = Need.objects.filter(
        status__in=[Need.Status.FILLED, Need.Status.CLOSED], settled_at__lt=cutoff
    )
    Answer.objects.filter(need__in=old).delete()
    _drop_files(old)
    return old.exclude(
        poster=None, title="–", description="", organisation="", tender_url="", image=""
    ).update(
        poster=None, title="–", description="", organisation="", tender_url="",
        updated_at=timezone.now(),
    )  # fmt: skip


def _drop_files(needs) -> None:
    """A need made anonymous keeps no image and no attachments; the files go on commit."""
    Attachment.objects.filter(need__in=needs).delete()  # their files go by the signal
    storage = Need._meta.get_field("image").storage
    for name in needs.exclude(image="").values_list("image", flat=True):
        delete_on_commit(storage, name)
    needs.exclude(image="").update(image="", image_alt="")


RETENTION = [
    Rule(
        key="closed_needs",
        what=_(
            "Needs that were filled or closed, with the conversations about them, counted "
            "from when they were closed"
        ),
        then=_("made anonymous: only the numbers for the hub's statistics are kept"),
        purge=_forget_settled,
    ),
]
