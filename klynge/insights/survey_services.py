"""The survey builder's writes: a survey's texts, and its questions until it is sent.

Once the first invitation exists a survey's questions are locked, so that every
answer matches the question it was given for; only the closing date may still
change. Each write locks the survey's row, as ``services.survey_invite`` does,
so an edit and a first sending cannot cross.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.accounts.models import User
from klynge.core.errors import Conflict, Invalid
from klynge.insights.models import Question, Survey

LANGUAGES = ("nb", "nn", "en")
MAX_TITLE = 200
MAX_INTRO = 2_000
MAX_QUESTION = 300
MAX_CHOICE = 200
MAX_CHOICES = 12
MAX_QUESTIONS = 30
CHOICE_KINDS = {Question.Kind.SINGLE, Question.Kind.MULTIPLE}


def _texts(texts: dict[str, str], *, limit: int, required: bool) -> dict[str, str]:
    """The same text in each language, stripped; refused when one is missing or too long."""
    cleaned = {lang: (texts.get(lang) or "").strip() for lang in LANGUAGES}
    if required and not all(cleaned.values()):
        raise Invalid(_("Fill in the text in bokmål, nynorsk and English."))
    if any(len(text) > limit for text in cleaned.values()):
        raise Invalid(
            _("A text is too long: keep it under %(limit)s characters.") % {"limit": limit}
        )
    return cleaned


def _closing_date(closes_on: date) -> date:
    if closes_on < timezone.localdate():
        raise Invalid(_("The closing date has passed. Choose a later date."))
    return closes_on


def _locked(survey: Survey) -> Survey:
    """The survey's row, locked for this transaction."""
    return Survey.objects.select_for_update().get(pk=survey.pk)


def survey_create(
    *, by: User, titles: dict[str, str], intros: dict[str, str], closes_on: date,
    anonymous: bool = True,
) -> Survey:  # fmt: skip
    """A new survey with no questions yet."""
    titles = _texts(titles, limit=MAX_TITLE, required=True)
    intros = _texts(intros, limit=MAX_INTRO, required=False)
    with transaction.atomic():
        return Survey.objects.create(
            **{f"title_{lang}": text for lang, text in titles.items()},
            **{f"intro_{lang}": text for lang, text in intros.items()},
            closes_on=_closing_date(closes_on), anonymous=anonymous, created_by=by,
        )  # fmt: skip


def survey_update(
    *, survey: Survey, titles: dict[str, str], intros: dict[str, str], closes_on: date,
    anonymous: bool,
) -> Survey:  # fmt: skip
    """Change a survey's texts, closing date and anonymity; once sent, only the closing date."""
    titles = _texts(titles, limit=MAX_TITLE, required=True)
    intros = _texts(intros, limit=MAX_INTRO, required=False)
    closes_on = _closing_date(closes_on)
    with transaction.atomic():
        survey = _locked(survey)
        fields = {
            **{f"title_{lang}": text for lang, text in titles.items()},
            **{f"intro_{lang}": text for lang, text in intros.items()},
            "anonymous": anonymous,
        }
        if survey.is_sent and any(getattr(survey, k) != v for k, v in fields.items()):
            raise Conflict(_("The survey has been sent: only the closing date can be changed now."))
        for name, value in {**fields, "closes_on": closes_on}.items():
            setattr(survey, name, value)
        survey.save()
    return survey


def _question_fields(kind: str, texts: dict[str, str], choices: dict[str, list[str]]) -> dict:
    if kind not in Question.Kind.values:
        raise Invalid(_("Choose what kind of question it is."))
    texts = _texts(texts, limit=MAX_QUESTION, required=True)
    stored: list[dict[str, str]] = []
    if kind in CHOICE_KINDS:
        lines = {
            lang: [c.strip() for c in choices.get(lang, []) if c.strip()] for lang in LANGUAGES
        }
        counts = {len(lines[lang]) for lang in LANGUAGES}
        if len(counts) != 1:
            raise Invalid(
                _(
                    "Give the choices in the same order and with the same number of lines in "
                    "bokmål, nynorsk and English (now %(nb)s, %(nn)s and %(en)s)."
                )
                % {lang: len(lines[lang]) for lang in LANGUAGES}
            )
        count = counts.pop()
        if not 2 <= count <= MAX_CHOICES:
            raise Invalid(
                _("Give between 2 and %(most)s choices, one a line.") % {"most": MAX_CHOICES}
            )
        if any(len(c) > MAX_CHOICE for lang in LANGUAGES for c in lines[lang]):
            raise Invalid(
                _("A choice is too long: keep each under %(limit)s characters.")
                % {"limit": MAX_CHOICE}
            )
        stored = [{lang: lines[lang][i] for lang in LANGUAGES} for i in range(count)]
    return {"kind": kind, "choices": stored, **{f"text_{k}": v for k, v in texts.items()}}


def _unlocked(survey: Survey) -> Survey:
    survey = _locked(survey)
    if survey.is_sent:
        raise Conflict(
            _("The survey has been sent, so its questions cannot change: answers must match them.")
        )
    return survey


def question_add(
    *, survey: Survey, kind: str, texts: dict[str, str], choices: dict[str, list[str]]
) -> Question:
    """A new question last in ``survey``. ``choices``: the lines of each language."""
    fields = _question_fields(kind, texts, choices)
    with transaction.atomic():
        survey = _unlocked(survey)
        if survey.questions.count() >= MAX_QUESTIONS:
            raise Conflict(
                _("A survey can have at most %(most)s questions.") % {"most": MAX_QUESTIONS}
            )
        last = survey.questions.aggregate(last=Max("position"))["last"]
        return Question.objects.create(
            survey=survey, position=0 if last is None else last + 1, **fields
        )


def question_update(
    *, question: Question, kind: str, texts: dict[str, str], choices: dict[str, list[str]]
) -> Question:
    fields = _question_fields(kind, texts, choices)
    with transaction.atomic():
        _unlocked(question.survey)
        for name, value in fields.items():
            setattr(question, name, value)
        question.save()
    return question


def question_delete(*, question: Question) -> None:
    with transaction.atomic():
        _unlocked(question.survey)
        question.delete()


def question_move(*, question: Question, up: bool) -> None:
    """Swap ``question`` with the one before it (``up``) or after it; at an end, nothing."""
    with transaction.atomic():
        survey = _unlocked(question.survey)
        order = list(survey.questions.order_by("position", "id"))
        index = next(i for i, q in enumerate(order) if q.pk == question.pk)
        other = index - 1 if up else index + 1
        if not 0 <= other < len(order):
            return
        order[index], order[other] = order[other], order[index]
        for position, item in enumerate(order):
            if item.position != position:
                Question.objects.filter(pk=item.pk).update(position=position)
