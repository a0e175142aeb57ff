"""`flask citizen export`: everything held about a person (Ley 29733)."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import AppGroup

from service_desk.domain.errors import DomainError
from service_desk.services.dossier_pdf import dossier_pdf
from service_desk.services.personal_data import citizen_dossier

citizen_cli = AppGroup("citizen", help="Derechos del ciudadano (Ley 29733).")


@citizen_cli.command("export")
@click.argument("document")
@click.option("--type", "document_type", default="DNI", type=click.Choice(["DNI", "CE", "PAS"]))
@click.option("--out", "out_dir", default=".", type=click.Path(file_okay=False))
def export(document: str, document_type: str, out_dir: str):
    """Write everything held about a person as JSON and PDF."""
    try:
        dossier = citizen_dossier(document_type, document.upper(), requested_by=None)
    except DomainError as error:
        raise click.ClickException(error.message) from None
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    stem = folder / f"datos-{document_type}-{document.upper()}"
    stem.with_suffix(".json").write_text(json.dumps(dossier, ensure_ascii=False, indent=2))
    stem.with_suffix(".pdf").write_bytes(dossier_pdf(dossier))
    click.echo(f"{len(dossier['tickets'])} casos exportados a {stem}.json y {stem}.pdf")


COMMANDS = [citizen_cli]
