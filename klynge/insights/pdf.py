"""The report as a PDF, drawn with fpdf2: no browser needed on the server.

DejaVu Sans (Debian's fonts-dejavu-core) covers every letter we print; if it
is missing, fpdf2's own Helvetica is used, which knows only Latin-1, so the
few other characters (dashes, quotes) are replaced.
"""

from __future__ import annotations

from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace

from klynge.insights.report import Report

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
BRAND = (11, 93, 80)


class ReportPDF(FPDF):
    def __init__(self, report: Report):
        super().__init__(format="A4")
        self.report = report
        self.unicode = (DEJAVU / "DejaVuSans.ttf").exists()
        if self.unicode:
            self.add_font("body", "", str(DEJAVU / "DejaVuSans.ttf"))
            self.add_font("body", "B", str(DEJAVU / "DejaVuSans-Bold.ttf"))
            self.family = "body"
        else:
            self.family = "helvetica"
        self.set_auto_page_break(True, margin=18)
        self.set_title(report.title)
        self.set_lang(report.language)
        self.set_creator("Klynge")

    def clean(self, value: str) -> str:
        return value if self.unicode else value.encode("latin-1", "replace").decode("latin-1")

    def footer(self):
        self.set_y(-12)
        self.set_font(self.family, "", 8)
        self.cell(0, 6, self.clean(f"{self.report.title} · {self.page_no()}"), align="C")

    def heading(self, value: str, size: int) -> None:
        self.set_font(self.family, "B", size)
        self.set_text_color(*BRAND)
        self.multi_cell(0, size * 0.5, self.clean(value), new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)
        self.ln(1)

    def paragraph(self, value: str, size: int = 10) -> None:
        self.set_font(self.family, "", size)
        self.multi_cell(0, size * 0.5, self.clean(value), new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def table_of(self, table) -> None:
        self.heading(table.title, 12)
        if table.description:
            self.paragraph(table.description, 8)
        if not table.rows:
            self.paragraph(_("Nothing in this period."), 9)
            return
        self.set_font(self.family, "", 8)
        first = 60
        rest = (self.epw - first) / max(len(table.columns), 1)
        heading = FontFace(emphasis="BOLD", fill_color=(242, 245, 244))
        with self.table(
            col_widths=(first, *[rest] * len(table.columns)),
            text_align=("LEFT", *["RIGHT"] * len(table.columns)),
            headings_style=heading,
            line_height=5,
            first_row_as_headings=True,
        ) as pdf_table:
            pdf_table.row(["", *[self.clean(c) for c in table.columns]])
            for row in table.rows:
                pdf_table.row([self.clean(row.label), *[self.clean(c.text) for c in row.cells]])
        self.ln(4)


def render(report: Report) -> bytes:
    with translation.override(report.language):
        pdf = ReportPDF(report)
        pdf.add_page()
        pdf.heading(report.title, 18)
        for paragraph in [p.strip() for p in report.text.split("\n\n") if p.strip()]:
            pdf.paragraph(" ".join(paragraph.split()), 11)
        h = report.headline
        pdf.heading(_("Key figures"), 14)
        for label, cell in (
            (_("IT people in the directory"), h.people),
            (_("IT companies in the directory"), h.companies),
            (_("Needs posted"), h.needs_posted),
            (_("Needs filled"), h.needs_filled),
            (_("Events held"), h.events_held),
        ):
            pdf.paragraph(f"{label}: {cell.text}")
        pdf.paragraph(
            _(
                "Figures that count fewer than 3 show as “under 3”, "
                "so that no one can be singled out."
            ),
            8,
        )
        for chapter in report.chapters:
            pdf.add_page()
            pdf.heading(chapter.title, 16)
            pdf.paragraph(chapter.lead)
            for table in chapter.tables:
                pdf.table_of(table)
        return bytes(pdf.output())
