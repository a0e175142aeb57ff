"""The semester report as a workbook: one sheet per section, numbers as numbers (openpyxl, lazily)."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from service_desk.domain.catalog import CHANNELS, OFFICES
from service_desk.domain.indicators import parse_period
from service_desk.domain.semester import BACKLOG_AGES
from service_desk.services.reports import formats
from service_desk.services.reports.semester_text import METHODOLOGY, TITLE, label


def report_workbook(report: dict) -> BytesIO:
    period = parse_period(report["period"])
    heading = [("Informe", TITLE), ("Periodo", f"{period.code} ({formats.day(period.start)} al "
                                               f"{formats.day(period.end)})"),
               ("Fecha de corte", formats.day(date.fromisoformat(report["as_of"])))]
    book = formats.new_workbook()
    ind = report["indicator3"]
    quarters = [{r["office"]: r for r in q["rows"]} for q in report["indicator3_quarters"]]
    codes = [q["period"] for q in report["indicator3_quarters"]]
    formats.add_table(book, "Indicador 3", heading, [
        "Código", "Unidad Territorial", "Dentro del plazo (numerador)", "Total (denominador)",
        "Indicador (%)", "Meta (%)", *[f"{c} (%)" for c in codes], "Abiertos en plazo",
        "Abiertos vencidos", "Cerrados fuera de plazo"],
        [[r["office"], OFFICES[r["office"]], r["numerator"], r["denominator"], r["value"], 100,
          *[q[r["office"]]["value"] for q in quarters], r["open_in_time"], r["open_overdue"],
          r["closed_late"]] for r in ind["rows"]]
        + [["TOTAL", "Total", ind["total"]["numerator"], ind["total"]["denominator"],
            ind["total"]["value"], 100, *[q["total"]["value"] for q in report["indicator3_quarters"]],
            ind["total"]["open_in_time"], ind["total"]["open_overdue"], ind["total"]["closed_late"]]],
        percent_columns=(5, 7, 8))
    formats.add_table(book, "Atenciones y metas", heading,
                      ["Código", "Unidad Territorial", "Canal", "Atenciones", "Meta del semestre",
                       "Logro (%)"],
                      [[r["office"], OFFICES[r["office"]], CHANNELS[r["channel"]], r["count"],
                        r["target"], r["achievement"]] for r in report["volumes"]], percent_columns=(6,))
    for key, title in (("types", "Tipos"), ("subjects", "Temas"), ("motives", "Motivos de reclamos"),
                       ("languages", "Idiomas")):
        formats.add_table(book, title, heading, ["Código", title, "Atenciones"],
                          [[k, label(key, k), n] for k, n in report[key].items()])
    surveys = report["surveys"]
    formats.add_table(book, "Satisfacción", heading,
                      ["Código", "Oficina", "Enviadas", "Respondidas", "Promedio (1 a 5)",
                       "Satisfechos 4 o 5 (%)"],
                      [[r["office"] or "TOTAL", OFFICES.get(r["office"], "Total") if r["office"] else "Total",
                        r["sent"], r["answered"], r["average"], r["satisfied"]]
                       for r in [*surveys["rows"], surveys["total"]]], percent_columns=(6,))
    formats.add_table(book, "Carga vencida", heading, ["Días desde el vencimiento", "Casos"],
                      [[k, report["backlog"].get(k, 0)] for k in BACKLOG_AGES])
    formats.add_table(book, "Metodología", heading, ["Nota"], [[line] for line in METHODOLOGY])
    return formats.save(book)
