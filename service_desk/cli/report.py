"""`flask report semester 2026-S1 --out informe.pdf|informe.xlsx`: the semester report as a file."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from service_desk.domain.errors import ValidationError

report_cli = AppGroup("report", help="Informes a la Dirección Ejecutiva.")


@report_cli.command("semester")
@click.argument("period")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Archivo de salida: .pdf o .xlsx")
def semester(period: str, out: Path) -> None:
    """Write the semester report (e.g. 2026-S1) as a PDF or a workbook."""
    from service_desk.domain.semester import parse_semester
    from service_desk.services.reports.semester import build_report

    suffix = out.suffix.lower()
    if suffix not in (".pdf", ".xlsx"):
        raise click.BadParameter("use un archivo .pdf o .xlsx", param_hint="--out")
    try:
        semester_period = parse_semester(period)
    except ValidationError as error:
        raise click.BadParameter(error.fields["period"], param_hint="PERIOD") from None
    body = build_report(semester_period)
    if suffix == ".pdf":
        from service_desk.services.reports.semester_pdf import report_pdf

        out.write_bytes(report_pdf(body))
    else:
        from service_desk.services.reports.semester_xlsx import report_workbook

        out.write_bytes(report_workbook(body).getvalue())
    click.echo(f"Informe {semester_period.code} escrito en {out}")


COMMANDS = [report_cli]
