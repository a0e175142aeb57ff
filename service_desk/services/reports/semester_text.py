"""Spanish labels and the methodology note shared by the semester report's PDF, workbook and page."""

from __future__ import annotations

from service_desk.domain.catalog import LANGUAGES, MOTIVES, SUBJECTS, TICKET_TYPES
from service_desk.domain.semester import NOT_RECORDED

TITLE = "Informe semestral de atención al usuario"
ADDRESSEE = "Para la Dirección Ejecutiva - Unidad de Comunicación e Imagen (UCI)"
NOT_RECORDED_LABEL = "No registrado"

SECTION_LABELS = {"types": TICKET_TYPES, "subjects": SUBJECTS,
                  "motives": {**MOTIVES, NOT_RECORDED: NOT_RECORDED_LABEL},
                  "languages": {**LANGUAGES, NOT_RECORDED: NOT_RECORDED_LABEL}}

METHODOLOGY = [
    "Fuente: el registro de atenciones de la mesa de atención al usuario; las cifras se calculan "
    "al generar el informe (fecha de corte), nunca se digitan.",
    "Plazo legal: los días hábiles excluyen sábados, domingos, feriados nacionales, días no "
    "laborables del sector público (decretos supremos) y días no laborables regionales de cada "
    "oficina. Una atención presentada en día inhábil se recibe el siguiente día hábil (hora de "
    "Lima) y el plazo se cuenta desde el día siguiente a la recepción: 30 días hábiles para "
    "reclamos (DS 007-2020-PCM) y quejas.",
    "Indicador 3: reclamos y quejas recibidos en el periodo (por día de recepción), sin anulados; "
    "numerador: cerrados con respuesta hasta su fecha de vencimiento; meta: 100 %. Se muestra por "
    "Unidad Territorial y por trimestre.",
    "Atenciones: casos recibidos en el semestre, sin anulados (duplicados o errores). Las denuncias "
    "(D. Leg. 1327) son reservadas y no se cuentan en ninguna sección de este informe.",
    "Meta del semestre: la mitad de la meta anual del anexo 8.1 por canal y Unidad Territorial "
    "(metas editables por la supervisión nacional); si el año no tiene metas registradas se usan "
    "las del último año que las tenga (el anexo 8.1 del plan 2023); logro % = atenciones / meta del "
    "semestre.",
    "Idiomas: el idioma en que se dio la atención; cuando no se registró, se cuenta el idioma "
    "preferido del ciudadano, y si tampoco se conoce, «No registrado».",
    "Motivos: los reclamos del semestre según el motivo del art. 4 del DS 007-2020-PCM; «No "
    "registrado» cuando el caso no tiene motivo anotado.",
    "Satisfacción (ISO 9001): una encuesta por caso cerrado (salvo denuncias), contada por el día "
    "de cierre en Lima; promedio de 1 a 5 y % de satisfechos (respuestas 4 o 5).",
    "Carga vencida: casos abiertos recibidos hasta el fin del semestre cuya fecha de vencimiento "
    "ya pasó a la fecha de corte, por días calendario transcurridos desde el vencimiento.",
    "Formato: fechas dd/mm/aaaa; números con coma de miles y punto decimal (es-PE).",
]


def label(section: str, key: str) -> str:
    return SECTION_LABELS.get(section, {}).get(key, key)
