"""Excel workbooks laid out as the indicator's plantilla (openpyxl).

openpyxl is imported when a workbook is built, not with the app: a web worker
that never exports does not carry it (docs/performance.md, memory).
"""

from __future__ import annotations

from io import BytesIO
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openpyxl import Workbook

from service_desk.domain.catalog import CHANNELS, OFFICES
from service_desk.domain.indicators import INDICATOR_TARGET
from service_desk.services.indicators import IndicatorReport
from service_desk.services.reports.formats import write_header
from service_desk.services.targets import TargetReport

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
INDICATOR_NAME = "Indicador 3: % de reclamos y quejas gestionadas dentro del plazo establecido"
INDICATOR_COLUMNS = [
    "Código", "Unidad Territorial",
    "N.º de reclamos y quejas gestionados dentro del plazo (numerador)",
    "N.º total de reclamos y quejas registrados (denominador)",
    "Indicador (%)", "Meta (%)", "Abiertos en plazo", "Abiertos vencidos", "Cerrados fuera de plazo",
]
TARGET_COLUMNS = ["Código", "Unidad Territorial", "Canal", "Meta anual", "Atenciones a la fecha",
                  "Logro (%)"]


def _new_workbook() -> Workbook:
    from openpyxl import Workbook

    return Workbook()


def _save(workbook: Workbook) -> BytesIO:
    buffer = BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def indicator_workbook(report: IndicatorReport) -> BytesIO:
    """One row per office, then the total, with period and as-of date in the header."""
    workbook = _new_workbook()
    sheet = workbook.active
    sheet.title = "Indicador 3"
    period = report.period
    first = write_header(sheet, [
        ("Indicador", INDICATOR_NAME),
        ("Periodo", f"{period.code} ({period.start:%d/%m/%Y} al {period.end:%d/%m/%Y})"),
        ("Fecha de corte", f"{report.as_of:%d/%m/%Y}"),
        ("Meta", f"{INDICATOR_TARGET} %"),
    ], INDICATOR_COLUMNS)
    for row in [*report.rows, report.total]:
        code = row.office or "TOTAL"
        sheet.append([code, OFFICES.get(code, "Total"), row.numerator, row.denominator, row.value,
                      INDICATOR_TARGET, row.open_in_time, row.open_overdue, row.closed_late])
    for cells in sheet.iter_rows(min_row=first, min_col=5, max_col=5):
        cells[0].number_format = "0.0"
    sheet.freeze_panes = sheet.cell(row=first, column=3)
    return _save(workbook)


def targets_workbook(report: TargetReport) -> BytesIO:
    """Targets and logro % per office and channel for the year so far, with channel totals."""
    workbook = _new_workbook()
    sheet = workbook.active
    sheet.title = f"Metas {report.year}"
    first = write_header(sheet, [
        ("Reporte", "Metas de atención por canal y Unidad Territorial (anexo 8.1)"),
        ("Año", str(report.year)),
        ("Fecha de corte", f"{report.as_of:%d/%m/%Y}"),
        ("Avance del año", f"{report.expected_share * 100:.1f} %"),
    ], TARGET_COLUMNS)
    for row in [*report.rows, *report.by_channel]:
        sheet.append([row.office, OFFICES.get(row.office, "Total"), CHANNELS[row.channel],
                      row.target or "sin meta", row.actual,
                      row.logro if row.target else "sin meta"])
    for cells in sheet.iter_rows(min_row=first, min_col=6, max_col=6):
        cells[0].number_format = "0.0"
    return _save(workbook)


def languages_workbook(report, labels: dict[str, str]) -> BytesIO:
    """Attentions in lenguas originarias per UT for a period, with the scope's total."""
    workbook = _new_workbook()
    sheet = workbook.active
    sheet.title = "Lenguas originarias"
    period = report.period
    columns = ["Código", "Unidad Territorial", *[labels[c] for c in report.languages],
               "En lenguas originarias", "Total de atenciones", "% en lenguas originarias"]
    first = write_header(sheet, [
        ("Reporte", "Atenciones en lenguas originarias por Unidad Territorial"),
        ("Periodo", f"{period.code} ({period.start:%d/%m/%Y} al {period.end:%d/%m/%Y})"),
    ], columns)
    for row in [*report.rows, report.total]:
        sheet.append([row.office, OFFICES.get(row.office, "Total"),
                      *[row.counts[c] for c in report.languages], row.native, row.total, row.share])
    for cells in sheet.iter_rows(min_row=first, min_col=len(columns), max_col=len(columns)):
        cells[0].number_format = "0.0"
    return _save(workbook)
