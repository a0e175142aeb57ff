"""The semester report as a PDF (fpdf2, core Helvetica font), with its charts drawn in place.

fpdf2 is imported inside `report_pdf`; charts use fpdf2's drawing primitives (rectangles,
lines, text), so nothing outside the PDF library is needed.
"""

from __future__ import annotations

from datetime import date

from service_desk.domain.catalog import CHANNELS, OFFICES
from service_desk.domain.indicators import parse_period, percentage
from service_desk.domain.semester import BACKLOG_AGES
from service_desk.services.reports.formats import day, number, percent
from service_desk.services.reports.semester_text import ADDRESSEE, METHODOLOGY, TITLE, label

BAR = (47, 111, 159)
TARGET = (176, 0, 0)
_TYPOGRAPHY = str.maketrans({"—": "-", "–": "-", "“": '"', "”": '"', "‘": "'", "’": "'", "…": "..."})


def _latin1(text: object) -> str:
    return str(text).translate(_TYPOGRAPHY).encode("latin-1", "replace").decode("latin-1")


class _Writer:
    """Headings, paragraphs, tables and bar charts on an A4 page."""

    def __init__(self, period_code: str) -> None:
        from fpdf import FPDF

        self.pdf = FPDF(format="A4")
        self.pdf.set_auto_page_break(True, margin=15)
        self.pdf.set_title(_latin1(f"{TITLE} {period_code}"))
        self.pdf.add_page()

    def heading(self, text: str, size: int = 12) -> None:
        from fpdf.enums import XPos, YPos

        self.pdf.set_font("helvetica", "B", size)
        self.pdf.ln(2)
        self.pdf.multi_cell(0, 7, _latin1(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def paragraph(self, text: str, size: int = 9) -> None:
        from fpdf.enums import XPos, YPos

        self.pdf.set_font("helvetica", "", size)
        self.pdf.multi_cell(0, 4.5, _latin1(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def table(self, header: list[str], rows: list[list], widths: tuple | None = None) -> None:
        self.pdf.set_font("helvetica", "", 8)
        with self.pdf.table(col_widths=widths, text_align="LEFT", line_height=4.5,
                            first_row_as_headings=True) as table:
            for values in [header, *rows]:
                row = table.row()
                for value in values:
                    row.cell(_latin1(value))
        self.pdf.ln(2)

    def bars(self, items: list[tuple[str, float | None]], scale_max: float, target: float | None = None,
             unit: str = " %") -> None:
        """Horizontal bars (one per item) on 0..scale_max, with an optional dashed target line."""
        pdf, left, width, height = self.pdf, 60.0, 110.0, 4.2
        if pdf.get_y() + len(items) * (height + 1.2) + 8 > pdf.h - 15:
            pdf.add_page()
        top = pdf.get_y() + 2
        pdf.set_font("helvetica", "", 7)
        for i, (name, value) in enumerate(items):
            y = top + i * (height + 1.2)
            pdf.set_xy(pdf.l_margin, y)
            pdf.cell(left - pdf.l_margin - 2, height, _latin1(name), align="R")
            length = width * min(value or 0, scale_max) / scale_max if scale_max else 0
            pdf.set_fill_color(*BAR)
            if length > 0:
                pdf.rect(left, y, length, height, style="F")
            pdf.set_xy(left + length + 1, y)
            pdf.cell(20, height, _latin1("-" if value is None else number(value, 1) + unit))
        bottom = top + len(items) * (height + 1.2)
        pdf.set_draw_color(120, 120, 120)
        pdf.line(left, top - 1, left, bottom)
        if target is not None and scale_max:
            x = left + width * target / scale_max
            pdf.set_draw_color(*TARGET)
            with pdf.local_context(dash_pattern={"dash": 1.2, "gap": 1}):
                pdf.line(x, top - 1, x, bottom)
            pdf.set_xy(x - 10, bottom)
            pdf.cell(20, 4, _latin1(f"Meta {number(target)}{unit}"), align="C")
        pdf.set_draw_color(0, 0, 0)
        pdf.set_xy(pdf.l_margin, bottom + 5)


def report_pdf(report: dict) -> bytes:
    """Every section of the report, in the order the Dirección Ejecutiva reads it."""
    period = parse_period(report["period"])
    doc = _Writer(period.code)
    doc.heading(TITLE, 15)
    doc.paragraph('Programa Nacional de Apoyo Directo a los Más Pobres "JUNTOS"\n' + ADDRESSEE, 10)
    doc.paragraph(f"{period.label()} ({day(period.start)} al {day(period.end)}) - fecha de corte "
                  f"{day(date.fromisoformat(report['as_of']))}", 10)
    _indicator3(doc, report)
    _volumes(doc, report)
    for key, heading in (("types", "3. Atenciones por tipo"), ("subjects", "4. Temas consultados"),
                         ("motives", "5. Motivos de los reclamos"),
                         ("languages", "6. Idiomas de atención")):
        _counts(doc, heading, key, report[key])
    _satisfaction(doc, report["surveys"])
    _backlog(doc, report["backlog"])
    doc.heading("9. Nota metodológica")
    for line in METHODOLOGY:
        doc.paragraph(f"- {line}", 8)
    return bytes(doc.pdf.output())


def _indicator3(doc: _Writer, report: dict) -> None:
    ind, quarters = report["indicator3"], report["indicator3_quarters"]
    doc.heading("1. Indicador 3: % de reclamos y quejas gestionados dentro del plazo (meta 100 %)")
    total = ind["total"]
    doc.paragraph(f"Nacional: {percent(total['value'])} ({number(total['numerator'])} de "
                  f"{number(total['denominator'])} reclamos y quejas gestionados dentro del plazo).")
    by_quarter = [{r["office"]: r for r in q["rows"]} for q in quarters]
    header = ["Oficina", "Dentro del plazo", "Total", "Indicador", *[q["period"] for q in quarters],
              "Abiertos vencidos", "Cerrados fuera de plazo"]
    rows = [[OFFICES[r["office"]], number(r["numerator"]), number(r["denominator"]), percent(r["value"]),
             *[percent(q[r["office"]]["value"]) for q in by_quarter], number(r["open_overdue"]),
             number(r["closed_late"])] for r in ind["rows"]]
    rows.append(["Total", number(total["numerator"]), number(total["denominator"]),
                 percent(total["value"]), *[percent(q["total"]["value"]) for q in quarters],
                 number(total["open_overdue"]), number(total["closed_late"])])
    doc.table(header, rows)
    doc.paragraph("Indicador 3 por Unidad Territorial frente a la meta de 100 % (oficinas con casos):", 8)
    doc.bars([(OFFICES[r["office"]], r["value"]) for r in ind["rows"] if r["denominator"]], 100, 100)


def _volumes(doc: _Writer, report: dict) -> None:
    doc.heading("2. Atenciones por canal y Unidad Territorial frente a la meta del semestre (anexo 8.1)")
    doc.paragraph(f"Meta del semestre: la mitad de las metas anuales de {report['targets_year']}.", 8)
    totals: dict[str, list[int]] = {}
    for row in report["volumes"]:
        sums = totals.setdefault(row["channel"], [0, 0])
        sums[0], sums[1] = sums[0] + row["count"], sums[1] + row["target"]
    channel_rows = [(CHANNELS[c], count, target, percentage(count, target))
                    for c, (count, target) in totals.items()]
    doc.table(["Canal", "Atenciones", "Meta del semestre", "Logro"],
              [[name, number(count), number(target), percent(logro)]
               for name, count, target, logro in channel_rows])
    doc.paragraph("Logro % por canal (nacional):", 8)
    doc.bars([(name, logro) for name, _, _, logro in channel_rows],
             max([100.0] + [logro or 0 for *_, logro in channel_rows]), 100)
    doc.table(["Oficina", "Canal", "Atenciones", "Meta del semestre", "Logro"],
              [[OFFICES[r["office"]], CHANNELS[r["channel"]], number(r["count"]), number(r["target"]),
                percent(r["achievement"])] for r in report["volumes"]])


def _counts(doc: _Writer, heading: str, section: str, counts: dict[str, int]) -> None:
    doc.heading(heading)
    whole = sum(counts.values())
    doc.table(["", "Atenciones", "%"], [[label(section, k), number(n), percent(percentage(n, whole))]
                                        for k, n in counts.items()] + [["Total", number(whole), ""]])


def _satisfaction(doc: _Writer, surveys: dict) -> None:
    doc.heading("7. Satisfacción de los usuarios (ISO 9001)")
    rows = [r for r in surveys["rows"] if r["sent"]] + [surveys["total"]]
    doc.table(["Oficina", "Enviadas", "Respondidas", "Promedio (1 a 5)", "% satisfechos (4 o 5)"],
              [[OFFICES.get(r["office"], "Total") if r["office"] else "Total", number(r["sent"]),
                number(r["answered"]), number(r["average"], 1), percent(r["satisfied"])] for r in rows])


def _backlog(doc: _Writer, backlog: dict[str, int]) -> None:
    doc.heading("8. Carga vencida por antigüedad (días desde el vencimiento)")
    doc.table(["Antigüedad", "Casos abiertos vencidos"],
              [[f"{k} días", number(backlog.get(k, 0))] for k in BACKLOG_AGES]
              + [["Total", number(sum(backlog.values()))]])
    doc.bars([(f"{k} días", float(backlog.get(k, 0))) for k in BACKLOG_AGES],
             max([1.0] + [float(v) for v in backlog.values()]), unit="")
