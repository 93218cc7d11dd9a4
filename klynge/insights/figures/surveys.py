"""A survey's results, live: counts per choice under the same rule as every figure.

Free text is listed only once at least three people have answered, so that a
lone answer cannot be read as one person's.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from klynge.insights.figures.cells import Cell, Table, count, is_small, share
from klynge.insights.models import Question, QuestionAnswer, Survey


@dataclass
class QuestionResult:
    question: Question
    table: Table | None = None
    texts: list[str] = field(default_factory=list)
    mean: Cell | None = None


@dataclass
class SurveyResults:
    invited: Cell
    answered: Cell
    rate: Cell
    questions: list[QuestionResult]


def results(survey: Survey) -> SurveyResults:
    invited = survey.invitations.count()
    answered = survey.responses.count()
    answers = list(QuestionAnswer.objects.filter(response__survey=survey).order_by("id"))
    by_question: dict[int, list[QuestionAnswer]] = {}
    for answer in answers:
        by_question.setdefault(answer.question_id, []).append(answer)
    items = []
    for question in survey.questions.all():
        given = by_question.get(question.pk, [])
        item = QuestionResult(question)
        if question.kind == Question.Kind.TEXT:
            if not is_small(answered):
                item.texts = [a.text for a in given if a.text]
        elif question.kind == Question.Kind.SCALE:
            tally = Counter(a.scale for a in given)
            item.table = _table(
                question, [str(n) for n in range(1, 6)], [tally[n] for n in range(1, 6)], len(given)
            )
            scores = [a.scale for a in given]
            item.mean = (
                Cell(None, suppressed=True) if is_small(len(scores))
                else Cell(round(sum(scores) / len(scores), 1) if scores else None)
            )  # fmt: skip
        else:
            tally = Counter(i for a in given for i in a.choices)
            labels = question.choice_labels()
            item.table = _table(
                question, labels, [tally[i] for i in range(len(labels))], len(given)
            )
        items.append(item)
    return SurveyResults(
        invited=count(invited),
        answered=count(answered),
        rate=share(answered, invited),
        questions=items,
    )


def _table(question: Question, labels: list[str], counts: list[int], total: int) -> Table:
    table = Table(
        key=f"question-{question.pk}",
        title=question.text,
        columns=[_("Answers"), _("Share")],
    )
    for i, (label, n) in enumerate(zip(labels, counts, strict=True)):
        table.add(str(i), label, [count(n), share(n, total)])
    return table
