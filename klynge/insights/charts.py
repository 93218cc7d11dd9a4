"""Bar charts drawn on the server as SVG: readable with no JavaScript, and
described for screen readers by a title, a summary and the table beside them.

Only geometry is worked out here; ``templates/insights/_chart.html`` draws it.
A hidden cell ("under 3") gets no bar, only its words.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from klynge.insights.figures.cells import Table

WIDTH = 720
LABEL_WIDTH = 230
VALUE_ROOM = 80  # for the number after the longest bar
BAR_HEIGHT = 18
GAP = 10
TOP = 8
SERIES_CLASSES = ("series-0", "series-1")
# On a phone the wide chart shrinks to half its size and its 13-unit text to
# about 6 px; the narrow one puts each label on its own line above its bars, so
# it is drawn near its own size on a 360 px screen. CSS shows one of the two.
NARROW_WIDTH = 340
NARROW_VALUE_ROOM = 60
LABEL_LINE = 17


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    width: int
    height: int
    text: str
    text_x: int
    series: str


@dataclass(frozen=True)
class Label:
    text: str
    y: int


@dataclass(frozen=True)
class Layout:
    """One drawing of the chart: ``suffix`` tells its ids apart ("" or "-narrow")."""

    suffix: str
    width: int
    height: int
    label_x: int
    label_anchor: str
    bars: list[Bar]
    labels: list[Label]


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    summary: str
    layouts: list[Layout]  # wide first, then narrow
    legend: list[tuple[str, str]]  # (series class, column heading)


def _fit(text: str, limit: int = 32) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def chart_for(table: Table) -> Chart | None:
    """The chart of ``table``, or None when it has none or nothing to show."""
    if table.chart == "none" or not table.rows:
        return None
    columns = [i for i in table.chart_columns if i < len(table.columns)]
    biggest = max((row.cells[i].chart_value for row in table.rows for i in columns), default=0)
    legend = [(SERIES_CLASSES[s % 2], table.columns[c]) for s, c in enumerate(columns)]
    return Chart(
        key=table.key,
        title=table.title,
        summary=_summary(table, columns),
        layouts=[_wide(table, columns, biggest), _narrow(table, columns, biggest)],
        legend=legend if len(columns) > 1 else [],
    )


def _bars(row, columns, *, x: int, top: int, scale: float) -> list[Bar]:
    bars = []
    for s, column in enumerate(columns):
        cell = row.cells[column]
        width = round(cell.chart_value * scale)
        bars.append(
            Bar(x, top + s * BAR_HEIGHT, width, BAR_HEIGHT - 3, cell.text,
                x + width + 6, SERIES_CLASSES[s % 2])
        )  # fmt: skip
    return bars


def _wide(table: Table, columns: list[int], biggest: float) -> Layout:
    """Labels to the left of their bars."""
    scale = (WIDTH - LABEL_WIDTH - VALUE_ROOM) / biggest if biggest else 0
    row_height = BAR_HEIGHT * len(columns) + GAP
    bars, labels = [], []
    for r, row in enumerate(table.rows):
        top = TOP + r * row_height
        labels.append(Label(_fit(row.label), top + BAR_HEIGHT * len(columns) // 2 + 5))
        bars += _bars(row, columns, x=LABEL_WIDTH, top=top, scale=scale)
    height = TOP + len(table.rows) * row_height
    return Layout("", WIDTH, height, LABEL_WIDTH - 8, "end", bars, labels)


def _narrow(table: Table, columns: list[int], biggest: float) -> Layout:
    """Each label on its own line, its bars below it at the full width."""
    scale = (NARROW_WIDTH - NARROW_VALUE_ROOM) / biggest if biggest else 0
    row_height = LABEL_LINE + BAR_HEIGHT * len(columns) + GAP
    bars, labels = [], []
    for r, row in enumerate(table.rows):
        top = TOP + r * row_height
        labels.append(Label(_fit(row.label, 44), top + LABEL_LINE - 5))
        bars += _bars(row, columns, x=0, top=top + LABEL_LINE, scale=scale)
    height = TOP + len(table.rows) * row_height
    return Layout("-narrow", NARROW_WIDTH, height, 0, "start", bars, labels)


def _summary(table: Table, columns: list[int]) -> str:
    """What the bars say, in words: the screen reader's version of the chart."""
    parts = []
    for row in table.rows:
        values = ", ".join(f"{table.columns[c]} {row.cells[c].text}" for c in columns)
        parts.append(f"{row.label}: {values}")
    return _("Bar chart. %(values)s. The table below has every figure.") % {
        "values": "; ".join(parts)
    }
