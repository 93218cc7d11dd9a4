"""What a figure may show: the one suppression rule, and the tables every output shares.

Pages, CSV files, the report and the API all print cells made here, so a
count of one or two people can never slip out through one of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from statistics import median

from django.utils.formats import number_format
from django.utils.translation import gettext

SMALLEST_SHOWN = 3
SUPPRESSED_TOKEN = "<3"  # what the API prints, in every language


@dataclass(frozen=True)
class Cell:
    """One number of a figure, or the reason it is not shown.

    ``value`` is None when the cell is suppressed or when there is nothing to
    measure (a median of no needs); ``suppressed`` tells the two apart.
    """

    value: int | float | None
    suppressed: bool = False
    unit: str = ""  # "", "%" or "h"

    @property
    def text(self) -> str:
        """As people read it, in the active language."""
        if self.suppressed:
            return gettext("under 3")
        if self.value is None:
            return "–"
        decimals = 0 if isinstance(self.value, int) else 1
        number = number_format(self.value, decimal_pos=decimals, use_l10n=True)
        return f"{number} {self.unit}" if self.unit else number

    @property
    def json(self) -> int | float | str | None:
        """As the API prints it: the number, ``"<3"`` when suppressed, null for nothing."""
        return SUPPRESSED_TOKEN if self.suppressed else self.value

    @property
    def chart_value(self) -> float:
        """What a bar may show: nothing for a hidden cell."""
        return float(self.value) if self.value is not None and not self.suppressed else 0.0


def is_small(count: int) -> bool:
    """The privacy rule: a count of one or two people could single someone out.

    Zero singles no one out, and the gap list needs it ("no local providers").
    """
    return 0 < count < SMALLEST_SHOWN


def count(n: int) -> Cell:
    return Cell(None, suppressed=True) if is_small(n) else Cell(n)


def share(part: int, whole: int) -> Cell:
    """``part`` of ``whole`` in per cent. Hidden when either count is hidden, since
    a share and a shown total would give the hidden count back."""
    if is_small(part) or is_small(whole):
        return Cell(None, suppressed=True, unit="%")
    if whole == 0:
        return Cell(None, unit="%")
    return Cell(round(100 * part / whole), unit="%")


def median_hours(hours: Iterable[float]) -> Cell:
    """The median of durations, hidden when fewer than three make it."""
    values = list(hours)
    if is_small(len(values)):
        return Cell(None, suppressed=True, unit="h")
    if not values:
        return Cell(None, unit="h")
    return Cell(round(median(values)), unit="h")


@dataclass
class Row:
    key: str
    label: str
    cells: list[Cell]
    link: str = ""  # the list behind the row, when there is one to show


@dataclass
class Table:
    """One figure: a caption, column headings and rows of cells.

    ``chart`` says whether the page draws it as bars ("bar") of the columns
    in ``chart_columns``, or shows the table alone ("none").
    """

    key: str
    title: str
    columns: list[str]
    rows: list[Row] = field(default_factory=list)
    description: str = ""
    chart: str = "bar"
    chart_columns: tuple[int, ...] = (0,)

    def __post_init__(self):
        # Plain strings in the active language: labels may come lazy from choices.
        self.title, self.description = str(self.title), str(self.description)
        self.columns = [str(column) for column in self.columns]

    def add(self, key: str, label: str, cells: list[Cell], link: str = "") -> None:
        self.rows.append(Row(key=key, label=str(label), cells=cells, link=link))

    def csv_rows(self) -> list[list[str]]:
        return [["", *self.columns]] + [
            [row.label] + [c.text for c in row.cells] for row in self.rows
        ]
