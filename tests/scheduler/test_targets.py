"""Annex 8.1 targets as editable data per year, logro % so far, and the Excel export."""

from __future__ import annotations

from io import BytesIO

from openpyxl import load_workbook
from sqlalchemy import func, select

from service_desk.domain.access import Actor
from service_desk.extensions import db
from service_desk.models import ChannelTarget
from service_desk.services import targets
from service_desk.services.reference import seed_reference_data

NATIONAL = Actor(None, "national_supervisor", "SEDE")


def channel_totals(year: int) -> dict[str, int]:
    return dict(db.session.execute(select(ChannelTarget.channel, func.sum(ChannelTarget.target))
                                   .where(ChannelTarget.year == year)
                                   .group_by(ChannelTarget.channel)).all())


def test_seed_loads_the_annex_8_1_targets_of_2023(app):
    assert channel_totals(2023) == {"presencial": 22480, "telefonico": 62000, "itinerante": 17000,
                                    "whatsapp": 6000, "correo": 5000, "libro_reclamaciones": 3000}
    lima = targets.targets_of(2023, ["LIM", "SEDE"])
    assert lima[("LIM", "telefonico")] == 7500
    assert lima[("SEDE", "whatsapp")] == 6000 and lima[("LIM", "whatsapp")] == 0


def test_seeding_again_keeps_edited_targets(app):
    targets.save_targets(NATIONAL, 2023, {("LIM", "telefonico"): "8000"})
    assert seed_reference_data()["channel_targets"] == 0
    assert targets.targets_of(2023, ["LIM"])[("LIM", "telefonico")] == 8000


def test_logro_counts_the_year_so_far_per_office_and_channel(app, file_case, annul_case, now_lima):
    for hour in range(9, 12):
        file_case(f"2023-03-06 {hour:02d}:00", office="LIM", type="consulta", channel="telefonico")
    annul_case(file_case("2023-03-06 12:00", office="LIM", type="consulta", channel="telefonico"),
               "2023-03-06 13:00")
    file_case("2023-03-06 12:00", office="LIM", type="denuncia", channel="telefonico")
    file_case("2022-12-30 12:00", office="LIM", type="consulta", channel="telefonico")
    now_lima("2023-07-02 12:00")
    report = targets.achievement(NATIONAL, 2023, "LIM")
    row = next(r for r in report.rows if r.channel == "telefonico")
    assert (row.target, row.actual, row.logro) == (7500, 3, 0.0)
    presencial = next(r for r in report.rows if r.channel == "presencial")
    assert (presencial.target, presencial.actual, presencial.logro) == (70, 0, 0.0)
    assert round(report.expected_share, 3) == round(183 / 365, 3)


def test_supervisors_see_their_office_only_and_cannot_edit(signed_in):
    client, _ = signed_in("supervisor", "CUS")
    page = client.get("/reportes/metas?year=2023").get_data(as_text=True)
    assert 'data-office="CUS"' in page and 'data-office="LIM"' not in page
    assert "Editar metas" not in page
    assert client.get("/reportes/metas/editar?year=2023").status_code == 403
    assert client.post("/reportes/metas/editar?year=2023", data={"t-CUS-presencial": "1"}).status_code == 403


def test_national_supervision_edits_a_year_and_bad_input_is_shown_beside_the_field(signed_in):
    client, _ = signed_in("national_supervisor")
    form = {"t-LIM-presencial": "90", "t-CUS-telefonico": "muchas"}
    response = client.post("/reportes/metas/editar?year=2023", data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Ingrese un número entero." in page and 'value="muchas"' in page
    assert targets.targets_of(2023, ["LIM"])[("LIM", "presencial")] == 70  # nothing half-saved
    response = client.post("/reportes/metas/editar?year=2023", data={"t-LIM-presencial": "90"})
    assert response.status_code == 302
    assert targets.targets_of(2023, ["LIM"])[("LIM", "presencial")] == 90


def test_a_new_year_starts_from_a_copy_of_another(signed_in):
    client, _ = signed_in("admin")
    response = client.post("/reportes/metas/copiar?year=2024", data={"source_year": "2023"})
    assert response.status_code == 302
    assert channel_totals(2024) == channel_totals(2023)
    client.post("/reportes/metas/copiar?year=2025", data={"source_year": "1999"})
    assert channel_totals(2025) == {}


def test_the_targets_export_opens_back_with_openpyxl(signed_in, file_case, now_lima):
    file_case("2023-03-06 09:00", office="LIM", type="consulta", channel="presencial")
    now_lima("2023-12-31 12:00")
    client, _ = signed_in("national_supervisor")
    response = client.get("/reportes/metas.xlsx?year=2023")
    assert response.status_code == 200
    rows = list(load_workbook(BytesIO(response.data)).active.iter_rows(values_only=True))
    assert ("Año", "2023") in [r[:2] for r in rows]
    assert ("LIM", "Lima", "Presencial", 70, 1, 1.4) in rows
    assert ("TOTAL", "Total", "Telefónico (línea 1880)", 62000, 0, 0.0) in rows


def test_a_year_without_targets_says_so_instead_of_showing_zeros(signed_in, file_case, now_lima):
    """Issue 12, finding 10: Metas showed zeros for years without targets."""
    file_case("2026-03-04 10:00", office="LIM")
    now_lima("2026-04-18 09:00")
    client, _ = signed_in("national_supervisor")
    page = client.get("/reportes/metas?year=2026").get_data(as_text=True)
    assert 'id="sin-metas"' in page and "No hay metas registradas para 2026" in page
    assert "copiando las metas del año anterior" in page
    seeded = client.get("/reportes/metas?year=2023").get_data(as_text=True)
    assert 'id="sin-metas"' not in seeded
