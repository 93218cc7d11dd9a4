"""The chart geometry: a wide drawing for a desk, a narrow one for a phone."""

from klynge.insights import charts
from klynge.insights.figures.cells import Cell, Table


def table(columns=(0,)) -> Table:
    made = Table(key="t", title="Needs", columns=["Posted", "Solved"], chart_columns=columns)
    made.add("gol", "Gol", [Cell(40), Cell(10)])
    made.add("hol", "Hol", [Cell(10), Cell(None, suppressed=True)])
    made.add("aal", "Ål with a name far longer than any label should be", [Cell(0), Cell(0)])
    return made


def test_a_chart_has_a_wide_and_a_narrow_drawing():
    chart = charts.chart_for(table())
    wide, narrow = chart.layouts
    assert (wide.suffix, narrow.suffix) == ("", "-narrow")
    assert (wide.width, narrow.width) == (charts.WIDTH, charts.NARROW_WIDTH)
    assert len(wide.bars) == len(narrow.bars) == 3
    assert [b.text for b in narrow.bars] == ["40", "10", "0"]


def test_the_wide_drawing_puts_labels_left_of_the_bars():
    wide = charts.chart_for(table()).layouts[0]
    assert wide.label_anchor == "end" and wide.label_x < charts.LABEL_WIDTH
    assert {bar.x for bar in wide.bars} == {charts.LABEL_WIDTH}


def test_the_narrow_drawing_puts_each_label_above_its_bars_at_full_width():
    narrow = charts.chart_for(table()).layouts[1]
    assert narrow.label_anchor == "start" and narrow.label_x == 0
    assert {bar.x for bar in narrow.bars} == {0}
    for label, bar in zip(narrow.labels, narrow.bars, strict=True):
        assert label.y <= bar.y  # the baseline of the label is above the bar's top
    # The longest bar leaves room for its number, and nothing is drawn outside.
    longest = max(narrow.bars, key=lambda bar: bar.width)
    assert longest.width == charts.NARROW_WIDTH - charts.NARROW_VALUE_ROOM
    assert all(bar.text_x < narrow.width for bar in narrow.bars)
    assert narrow.labels[-1].y < narrow.height and narrow.bars[-1].y < narrow.height
    # The narrow drawing has room for a longer label than the wide one.
    assert len(narrow.labels[2].text) > len(charts.chart_for(table()).layouts[0].labels[2].text)


def test_two_series_stack_their_bars_under_one_label():
    chart = charts.chart_for(table(columns=(0, 1)))
    narrow = chart.layouts[1]
    assert len(narrow.bars) == 6
    first, second = narrow.bars[0], narrow.bars[1]
    assert (first.series, second.series) == ("series-0", "series-1")
    assert second.y == first.y + charts.BAR_HEIGHT
    assert narrow.bars[3].width == 0  # a hidden cell gets no bar
    assert [name for _series, name in chart.legend] == ["Posted", "Solved"]


def test_a_table_without_a_chart_has_none():
    empty = Table(key="e", title="Empty", columns=["N"])
    assert charts.chart_for(empty) is None
    assert charts.chart_for(Table(key="n", title="N", columns=["N"], chart="none")) is None
