"""The shape of the national data set: who files what, where, through which channel.

Channels and their per-office split come from annex 8.1 of the Plan de Comunicación
2023 (`service_desk/data/targets_*.csv`, with DOMAIN.md's national totals as the
fallback): telefónica, presencial and itinerante per UT; WhatsApp, correo and the
Libro de Reclamaciones at Sede Central. DOMAIN.md gives no split by ticket type or
subject, so the mixes below are assumptions, stated here once and used by the
generator and its tests.
"""

from __future__ import annotations

import csv
from pathlib import Path

from service_desk.domain.catalog import CHANNELS, OFFICES

TARGETS_DIR = Path(__file__).resolve().parent.parent / "service_desk" / "data"

# DOMAIN.md, 2023 targets (midpoints where a range is given).
NATIONAL_CHANNELS: dict[str, float] = {
    "presencial": 22_480, "telefonico": 62_750, "itinerante": 17_000,
    "whatsapp": 7_260, "correo": 5_000, "libro_reclamaciones": 3_000,
}
SEDE_ONLY = ("whatsapp", "correo", "libro_reclamaciones")

# Assumed type mix per channel (a Libro de Reclamaciones entry is a reclamo or a queja).
TYPE_MIX: dict[str, dict[str, float]] = {
    "presencial": {"consulta": .60, "pedido": .28, "reclamo": .06, "queja": .03,
                   "sugerencia": .02, "denuncia": .01},
    "telefonico": {"consulta": .75, "pedido": .17, "reclamo": .04, "queja": .02,
                   "sugerencia": .01, "denuncia": .01},
    "itinerante": {"consulta": .65, "pedido": .28, "reclamo": .03, "queja": .02,
                   "sugerencia": .02},
    "whatsapp": {"consulta": .70, "pedido": .20, "reclamo": .05, "queja": .03, "sugerencia": .02},
    "correo": {"consulta": .55, "pedido": .20, "reclamo": .10, "queja": .05, "sugerencia": .05,
               "denuncia": .05},
    "libro_reclamaciones": {"reclamo": .85, "queja": .15},
}

SUBJECT_MIX: dict[str, float] = {
    "pagos": .35, "afiliacion": .15, "corresponsabilidades": .15, "actualizacion_datos": .15,
    "suspension": .08, "mi_juntos": .07, "otros": .05,
}

LANGUAGE_MIX: dict[str, float] = {"es": .80, "qu": .15, "ay": .03, "cni": .01, "agr": .005,
                                  "shp": .005}

DESCRIPTIONS: dict[str, str] = {
    "pagos": "Consulta por la fecha y el lugar de cobro del abono del bimestre.",
    "afiliacion": "Solicita información sobre los requisitos de afiliación del hogar.",
    "corresponsabilidades": "Pregunta por la verificación de corresponsabilidades en salud.",
    "actualizacion_datos": "Pide actualizar la dirección y el teléfono del hogar.",
    "suspension": "Reclama por la suspensión del abono sin aviso previo.",
    "mi_juntos": "No puede ingresar al aplicativo Mi Juntos.",
    "otros": "Otra consulta sobre el programa.",
}


def office_channel_weights() -> dict[tuple[str, str], float]:
    """Annual attentions per (office, channel): annex 8.1 when shipped, else DOMAIN.md totals."""
    weights = _annex_weights()
    if weights:
        return weights
    uts = [code for code in OFFICES if code != "SEDE"]
    weights = {}
    for channel, total in NATIONAL_CHANNELS.items():
        if channel in SEDE_ONLY:
            weights[("SEDE", channel)] = total
        else:
            weights.update({(ut, channel): total / len(uts) for ut in uts})
    return weights


def _annex_weights() -> dict[tuple[str, str], float]:
    found: dict[tuple[str, str], float] = {}
    for path in sorted(TARGETS_DIR.glob("targets_*.csv")):
        with path.open(encoding="utf-8") as handle:
            rows = csv.DictReader(line for line in handle if not line.startswith("#"))
            for row in rows:
                key = (row["office"], row["channel"])
                if key[0] in OFFICES and key[1] in CHANNELS and float(row["target"]) > 0:
                    found[key] = float(row["target"])
        if found:
            break  # the earliest year's annex is the profile
    return found
