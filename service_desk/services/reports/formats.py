"""Peruvian formats for reports (CLDR es-PE: 1,234.5; dates dd/mm/aaaa) and openpyxl helpers.

openpyxl is imported inside the functions that build workbooks: the web and scheduler
processes only pay for it when somebody exports (issue 16 measures worker memory).
"""

from __future__ import annotations

from datetime import date
from io import BytesIO

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_COLOUR = "DDE7F0"
PROGRAM = 'Programa Nacional de Apoyo Directo a los Más Pobres "JUNTOS"'


def number(value: int | float | None, decimals: int = 0) -> str:
    """1234 -> "1,234"; 95.25 with one decimal -> "95.3"; None -> "—"."""
    if value is None:
        return "—"
    return f"{value:,.{decimals}f}"


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:,.1f} %"


def day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"


def new_workbook():
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def write_header(sheet, lines: list[tuple[str, str]], columns: list) -> int:
    """The programme's name, heading lines (label, value), then a bold column header row;
    returns the first data row. Every workbook of the desk starts this way."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet.append([PROGRAM])
    sheet["A1"].font = Font(bold=True, size=12)
    for label, value in lines:
        sheet.append([label, value])
    sheet.append([])
    sheet.append(columns)
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor=HEADER_COLOUR)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, name in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = max(12, min(len(str(name)) + 2, 40))
    return header_row + 1


def add_table(workbook, title: str, heading: list[tuple[str, str]], columns: list[str],
              rows: list[list], percent_columns: tuple[int, ...] = ()) -> None:
    """A sheet with the programme's name, heading lines, a bold header row and the rows."""
    sheet = workbook.create_sheet(title[:31])
    first = write_header(sheet, heading, columns)
    for row in rows:
        sheet.append(row)
    for column in percent_columns:
        for cells in sheet.iter_rows(min_row=first, min_col=column, max_col=column):
            cells[0].number_format = "0.0"


def save(workbook) -> BytesIO:
    buffer = BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer
