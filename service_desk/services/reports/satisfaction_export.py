"""The survey results as an Excel workbook: the figures per group, then the comments."""

from __future__ import annotations

from io import BytesIO

from service_desk.domain.catalog import CHANNELS, OFFICES, TICKET_TYPES
from service_desk.services.reports import formats
from service_desk.services.reports.satisfaction import GROUPINGS, SurveyComment, SurveyReport

FIGURE_COLUMNS = ["Encuestas enviadas", "Respondidas", "Tasa de respuesta (%)", "Promedio (1 a 5)",
                  "Satisfechos: 4 o 5 (%)"]


def figure_rows(report: SurveyReport) -> list[list]:
    label, names = GROUPINGS[report.group_by]
    return [[row.key or "TOTAL", names.get(row.key, "Total") if row.key else "Total", row.sent,
             row.answered, row.response_rate, row.average, row.satisfied]
            for row in [*report.rows, report.total]]


def survey_workbook(report: SurveyReport, comments: list[SurveyComment], scope: str) -> BytesIO:
    workbook = formats.new_workbook()
    period = report.period
    heading = [("Reporte", "Encuestas de satisfacción (ISO 9001)"),
               ("Periodo", f"{period.code} ({formats.day(period.start)} al {formats.day(period.end)})"),
               ("Alcance", scope), ("Fecha", "por día de cierre del caso (hora de Lima)")]
    label = GROUPINGS[report.group_by][0]
    formats.add_table(workbook, "Resultados", heading, ["Código", label, *FIGURE_COLUMNS],
                      figure_rows(report), percent_columns=(5, 6, 7))
    formats.add_table(workbook, "Comentarios", heading,
                      ["Cierre", "Caso", "Oficina", "Canal", "Tipo", "Calificación", "Comentario"],
                      [[formats.day(c.closed_on), c.code, OFFICES.get(c.office, c.office),
                        CHANNELS.get(c.channel, c.channel), TICKET_TYPES.get(c.type, c.type),
                        c.rating, c.comment] for c in comments])
    return formats.save(workbook)
