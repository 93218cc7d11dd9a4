"""Every write the needs board does. Views, the API, commands and tasks call these.

Each state change is a conditional UPDATE on the need's current status, so
two requests (or a request and the expiry job) can never both move a need:
the loser gets a Conflict and nothing changes.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.accounts.models import User
from klynge.audit.models import Action
from klynge.audit.services import audit_record
from klynge.competence.models import Competence
from klynge.competence.vocabulary import analyze_text
from klynge.core.errors import Conflict, Invalid, NotAllowed
from klynge.core.uploads import delete_on_commit
from klynge.directory.models import Company, Person
from klynge.directory.roles import companies_administered, is_staff, person_of, provider_users
from klynge.directory.sectors import is_public_body
from klynge.lib.text import is_one_line
from klynge.needs import emails, rules
from klynge.needs.models import OPEN_FOR, Answer, Invitation, Message, Need
from klynge.needs.tasks import notify_providers

Status = Need.Status
EDITABLE_FIELDS = {
    "title", "description", "deadline", "budget", "municipality", "posted_by",
    "organisation", "audience", "image", "image_alt", "tender_url",
}  # fmt: skip
EDITABLE_STATUSES = (Status.DRAFT, Status.PENDING, Status.OPEN, Status.DIALOGUE)


def _check_fields(fields: dict) -> None:
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if not is_one_line(fields.get("title")):
        raise Invalid(_("Write the title on one line."))
    deadline = fields.get("deadline")
    if deadline and deadline < timezone.localdate():
        raise Invalid(_("The date has passed. Choose a later date or none."))
    if fields.get("tender_url") and not is_https_url(fields["tender_url"]):
        raise Invalid(
            _("The link to the tender notice must be a full address starting with https://.")
        )
    if fields.get("image") and not (fields.get("image_alt") or "").strip():
        raise Invalid(_("Describe the image for those who cannot see it."))


_url = URLValidator(schemes=["https"])


def is_https_url(value: str) -> bool:
    if len(value) > 500 or not is_one_line(value):
        return False
    try:
        _url(value)
    except ValidationError:
        return False
    return True


def public_body_for(poster: User, organisation: str = ""):
    """The verified public body ``poster`` posts for: a company they are a confirmed
    admin of whose register sector code is public administration. With several,
    the one named as the organisation, else the first by name. The poster's own
    "public sector" choice counts for nothing here."""
    bodies = [c for c in companies_administered(poster) if is_public_body(c)]
    named = [c for c in bodies if c.name.casefold() == organisation.strip().casefold()]
    return (named or sorted(bodies, key=lambda c: c.name))[0] if bodies else None


def _move(need: Need, *, from_: tuple[str, ...], **changes) -> None:
    """Change a need only if it is still in one of ``from_``; refuse otherwise."""
    changes.setdefault("updated_at", timezone.now())
    moved = Need.objects.filter(pk=need.pk, status__in=from_).update(**changes)
    if not moved:
        raise Conflict(_("The need has changed in the meantime. Reload the page and try again."))
    for field, value in changes.items():
        setattr(need, field, value)


def _set_competences(need: Need) -> None:
    """The need's competences (alerts, the insights' demand): those its words name,
    and those the poster chose."""
    slugs = set(analyze_text(f"{need.title}\n{need.description}").concepts)
    slugs |= set(need.chosen.values_list("slug", flat=True))
    need.competences.set(Competence.objects.filter(slug__in=slugs))


def _staff_users() -> list[User]:
    return list(User.objects.filter(is_staff=True, is_active=True))


# Posting and the lifecycle


def need_create(
    *, poster: User, publish: bool = True, external_id=None, chosen=(), **fields
) -> Need:
    """A new need: a draft, or submitted (open at once, or waiting for staff if it is
    the poster's first). ``chosen``: slugs of the competences the poster ticked."""
    if not rules.can_post(poster):
        raise NotAllowed(_("Confirm your email address before you post a need."))
    _check_fields(fields)
    with transaction.atomic():
        body = public_body_for(poster, fields.get("organisation", ""))
        need = Need.objects.create(
            poster=poster, external_id=external_id, public_body=body, **fields
        )
        need.chosen.set(Competence.objects.filter(slug__in=set(chosen)))
        _set_competences(need)
        if publish:
            need_submit(need=need, by=poster)
    return need


def needs_approval(poster: User, *, besides: Need | None = None) -> bool:
    """A first need from a new account waits for staff; later ones publish at once,
    and so do those of an admin of a verified public body.
    With ``besides``, that need does not count: is the account new apart from it?"""
    if is_staff(poster) or public_body_for(poster) is not None:
        return False
    published = Need.objects.filter(poster=poster, published_at__isnull=False)
    if besides is not None:
        published = published.exclude(pk=besides.pk)
    return not published.exists()


def need_submit(*, need: Need, by: User) -> Need:
    """Draft → open, or → waiting for approval for a poster's first need."""
    if not rules.is_poster(by, need):
        raise NotAllowed(_("Only the person who posted the need can publish it."))
    with transaction.atomic():
        if needs_approval(by):
            _move(need, from_=(Status.DRAFT,), status=Status.PENDING)
            emails.send("staff_pending", _staff_users(), {"need": need})
        else:
            _publish(need, from_=(Status.DRAFT,))
    return need


def _publish(need: Need, *, from_: tuple[str, ...]) -> None:
    now = timezone.now()
    _move(need, from_=from_, status=Status.OPEN, published_at=now, expires_at=need.expiry_for(now))
    need_id = need.pk
    transaction.on_commit(lambda: notify_providers.enqueue(need_id))


def need_approve(*, need: Need, by: User) -> Need:
    if not rules.can_approve(by):
        raise NotAllowed(_("Only staff can approve needs."))
    with transaction.atomic():
        _publish(need, from_=(Status.PENDING,))
        audit_record(actor=by, action=Action.NEED_APPROVE, target=need)
        emails.send("approved", [need.poster], {"need": need})
    return need


def need_decline(*, need: Need, by: User, reason: str = "") -> Need:
    if not rules.can_approve(by):
        raise NotAllowed(_("Only staff can decline needs."))
    with transaction.atomic():
        _move(
            need, from_=(Status.PENDING,), status=Status.CLOSED,
            close_reason=Need.CloseReason.DECLINED, settled_at=timezone.now(),
        )  # fmt: skip
        audit_record(actor=by, action=Action.NEED_DECLINE, target=need, summary=reason)
        emails.send("declined", [need.poster], {"need": need, "reason": reason})
    return need


def need_update(*, need: Need, by: User, **fields) -> Need:
    """Change what a need says. Only the given fields are written, and only while the
    need is not settled, so an edit never undoes a fill or an answer made meanwhile."""
    if not rules.can_edit(by, need):
        raise NotAllowed(_("You may not change this need."))
    _check_fields(fields)
    changes = dict(fields)
    if rules.is_poster(by, need):
        changes["public_body"] = public_body_for(by, fields.get("organisation", need.organisation))
    old_image = Need.objects.filter(pk=need.pk).values_list("image", flat=True).first() or ""
    if changes.get("image"):
        changes["image"] = _store_image(need, changes["image"])
    if "deadline" in fields and fields["deadline"] != need.deadline and need.published_at:
        # A new deadline is a new expiry, with a new reminder before it.
        probe = Need(deadline=fields["deadline"])
        changes.update(expires_at=probe.expiry_for(timezone.now()), expiry_reminded_at=None)
    # Approval of a new account's first need must not let a later edit publish
    # other words unseen: new text from a still-new account goes back to review.
    text_changed = any(
        name in fields and fields[name] != getattr(need, name) for name in ("title", "description")
    )
    review = (
        text_changed and need.status == Status.OPEN and not is_staff(by)
        and needs_approval(need.poster, besides=need)
    )  # fmt: skip
    with transaction.atomic():
        if review:
            _move(need, from_=(Status.OPEN,), status=Status.PENDING, **changes)
            emails.send("staff_pending", _staff_users(), {"need": need})
        else:
            _move(need, from_=EDITABLE_STATUSES, **changes)
        _set_competences(need)
        if "image" in changes and changes["image"] != old_image:
            delete_on_commit(Need._meta.get_field("image").storage, old_image)
        if by.pk != need.poster_id:
            audit_record(actor=by, action=Action.NEED_EDIT, target=need, summary=", ".join(fields))
        if need.status in Need.ACCEPTING:
            # New wording may match new providers; those already told are not told again.
            need_id = need.pk
            transaction.on_commit(lambda: notify_providers.enqueue(need_id))
    return need


def _store_image(need: Need, content) -> str:
    """Write a new image and give its name; an update() does not save files itself.
    If the transaction then rolls back, prune_media removes the orphan."""
    field = Need._meta.get_field("image")
    return field.storage.save(field.generate_filename(need, content.name), content)


def need_extend(*, need: Need, by: User) -> Need:
    """Keep an open need open for another 60 days (and remind again before then)."""
    _check_poster(need, by)
    _move(
        need, from_=Need.ACCEPTING, expires_at=timezone.now() + OPEN_FOR,
        expiry_reminded_at=None, deadline=None,
    )  # fmt: skip
    return need


def _check_poster(need: Need, by: User) -> None:
    """The poster and staff may move an open need on; a settled one stays settled."""
    if not rules.can_manage(by, need):
        raise NotAllowed(_("Only the person who posted the need can do this."))
    if not need.is_accepting:
        raise Conflict(_("The need is no longer open."))


def _settle(need: Need, by: User, **changes) -> None:
    _check_poster(need, by)
    with transaction.atomic():
        _move(need, from_=Need.ACCEPTING, settled_at=timezone.now(), **changes)
        for answer in need.answers.active().select_related("person__user", "company"):
            emails.send("settled", _answer_side_users(answer), {"need": need, "answer": answer})


def need_fill(*, need: Need, by: User, answer: Answer | None = None) -> Need:
    """Filled, optionally naming the answer that got it."""
    if answer is not None and (answer.need_id != need.pk or answer.is_withdrawn):
        raise Invalid(_("Choose one of the answers to this need."))
    _settle(
        need, by, status=Status.FILLED,
        filled_by_person=answer.person if answer and not answer.company_id else None,
        filled_by_company=answer.company if answer else None,
    )  # fmt: skip
    return need


def need_close(*, need: Need, by: User, reason: str = Need.CloseReason.NOT_NEEDED) -> Need:
    if reason not in (Need.CloseReason.SOLVED_ELSEWHERE, Need.CloseReason.NOT_NEEDED):
        raise Invalid(_("Choose why the need is closed."))
    _settle(need, by, status=Status.CLOSED, close_reason=reason)
    return need


def outcome_record(*, need: Need, outcome: str) -> Need:
    """The poster's answer to 'did the help work?'; the latest answer counts."""
    if outcome not in Need.Outcome.values:
        raise Invalid(_("Choose yes or no."))
    _move(need, from_=(Status.FILLED,), outcome=outcome, outcome_at=timezone.now())
    return need


# Answers and threads


def _answer_side_users(answer: Answer) -> list[User]:
    users = provider_users(person=answer.person)
    if answer.company_id:
        users += [u for u in provider_users(company=answer.company) if u not in users]
    return users


def answer_create(*, need: Need, by: User, message: str, company: Company | None = None) -> Answer:
    refusal = rules.answer_refusal(by, need)
    if refusal:
        raise NotAllowed(REFUSALS[refusal]())
    if company is not None and company not in rules.answerable_as(by):
        raise NotAllowed(_("You can answer only for a company you are an admin of."))
    if not message.strip():
        raise Invalid(_("Write a message to the person who posted the need."))
    person = person_of(by)
    with transaction.atomic():
        try:
            with transaction.atomic():
                answer = Answer.objects.create(
                    need=need, author=by, person=person, company=company,
                    last_message_at=timezone.now(),
                )  # fmt: skip
        except IntegrityError:
            raise Conflict(
                _("You have already answered this need. Write in your thread.")
            ) from None
        Message.objects.create(answer=answer, author=by, body=message)
        Need.objects.filter(pk=need.pk, status=Status.OPEN).update(
            status=Status.DIALOGUE, updated_at=timezone.now()
        )
        emails.send(
            "answer_new", [need.poster], {"need": need, "answer": answer, "message": message}
        )
    return answer


def message_post(*, answer: Answer, by: User, body: str) -> Message:
    if not rules.can_write_in_thread(by, answer):
        raise NotAllowed(_("You cannot write in this thread."))
    if not body.strip():
        raise Invalid(_("The message is empty."))
    from_poster = rules.is_poster(by, answer.need)
    with transaction.atomic():
        message = Message.objects.create(
            answer=answer, author=by, body=body, from_poster=from_poster
        )
        Answer.objects.filter(pk=answer.pk).update(last_message_at=message.created_at)
        others = _answer_side_users(answer) if from_poster else [answer.need.poster]
        others = [u for u in others if u is not None and u.pk != by.pk]
        emails.send(
            "message_new", others,
            {"need": answer.need, "answer": answer, "message": body, "from_poster": from_poster},
        )  # fmt: skip
    return message


def answer_withdraw(*, answer: Answer, by: User) -> Answer:
    if not rules.is_answer_side(by, answer):
        raise NotAllowed(_("Only the provider can withdraw an answer."))
    with transaction.atomic():
        now = timezone.now()
        if not Answer.objects.filter(pk=answer.pk, withdrawn_at__isnull=True).update(
            withdrawn_at=now
        ):
            raise Conflict(_("The answer is already withdrawn."))
        answer.withdrawn_at = now
        emails.send(
            "answer_withdrawn", [answer.need.poster], {"need": answer.need, "answer": answer}
        )
    return answer


def invite(*, need: Need, by: User, person: Person | None = None,
           company: Company | None = None) -> Invitation:  # fmt: skip
    """The poster asks a provider to answer; each provider once per need."""
    if not rules.can_see_matches(by, need) or not need.is_accepting:
        raise NotAllowed(_("You can invite providers only to your own open need."))
    if (person is None) == (company is None):
        raise ValueError("invite exactly one person or one company")
    answered = (
        need.answers.filter(company=company)
        if company
        else need.answers.filter(person=person, company__isnull=True)
    )
    if answered.exists():
        raise Conflict(_("They have already answered."))
    users = provider_users(person=person, company=company)
    if not users:
        raise Conflict(_("This provider cannot be reached through the platform yet."))
    with transaction.atomic():
        try:
            with transaction.atomic():
                invitation = Invitation.objects.create(need=need, person=person, company=company)
        except IntegrityError:
            raise Conflict(_("You have already invited them.")) from None
        emails.send("invited", users, {"need": need, "provider": company or person})
    return invitation


REFUSALS = {
    "verify": lambda: _("Confirm your email address before you answer."),
    "own": lambda: _("You cannot answer your own need."),
    "closed": lambda: _("This need no longer takes answers."),
    "members": lambda: _("Only members of the hub can answer this need."),
    "profile": lambda: _(
        "Create your profile in the directory first, so the poster knows who you are."
    ),
}
