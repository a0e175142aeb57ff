"""Reference vocabularies: offices, ticket types, channels, subjects, languages, roles.

Codes are stable (API, CLI, exports); labels are the Spanish shown to people.
"""

from __future__ import annotations

OFFICES: dict[str, str] = {
    "SEDE": "Sede Central",
    "BAG": "Amazonas-Bagua",
    "CON": "Amazonas-Condorcanqui",
    "ANC": "Áncash",
    "APU": "Apurímac",
    "ARE": "Arequipa",
    "AYA": "Ayacucho",
    "CAJ": "Cajamarca",
    "CUS": "Cusco",
    "HVC": "Huancavelica",
    "HCO": "Huánuco",
    "JUN": "Junín",
    "LAL": "La Libertad",
    "LAM": "Lambayeque",
    "LIM": "Lima",
    "IQU": "Loreto-Iquitos",
    "YUR": "Loreto-Yurimaguas",
    "PAS": "Pasco",
    "PIU": "Piura",
    "PUN": "Puno",
    "SAM": "San Martín",
    "UCA": "Ucayali",
}

TICKET_TYPES: dict[str, str] = {
    "consulta": "Consulta",
    "pedido": "Pedido",
    "sugerencia": "Sugerencia",
    "queja": "Queja",
    "reclamo": "Reclamo",
    "denuncia": "Denuncia",
}

# Días hábiles per type (DOMAIN.md); None = no legal deadline. Admin-editable data.
DEFAULT_DEADLINES: dict[str, int | None] = {
    "consulta": None,
    "pedido": 15,
    "sugerencia": 30,
    "queja": 30,
    "reclamo": 30,
    "denuncia": 30,
}

# Types measured by Indicador 3.
INDICATOR_TYPES = ("reclamo", "queja")

CHANNELS: dict[str, str] = {
    "presencial": "Presencial",
    "telefonico": "Telefónico (línea 1880)",
    "whatsapp": "WhatsApp",
    "correo": "Correo electrónico",
    "itinerante": "Itinerante",
    "libro_reclamaciones": "Libro de Reclamaciones",
    # Facebook and Messenger of the Programa, registered by agents; the annex sets no target.
    "redes_sociales": "Redes sociales (Facebook, Messenger)",
}

SUBJECTS: dict[str, str] = {
    "afiliacion": "Afiliación",
    "pagos": "Pagos / abonos",
    "corresponsabilidades": "Corresponsabilidades",
    "actualizacion_datos": "Actualización de datos del hogar",
    "suspension": "Suspensión o desafiliación",
    "mi_juntos": "Mi Juntos (aplicativo)",
    "otros": "Otros",
}

# Motive of a reclamo or queja, as DS 007-2020-PCM art. 4 classifies it.
MOTIVES: dict[str, str] = {
    "trato_profesional": "Trato profesional",
    "informacion": "Información",
    "tiempo_atencion": "Tiempo de atención",
    "acceso_bienes_servicios": "Acceso a bienes y servicios",
    "resultado_gestion": "Resultado de la gestión",
    "confianza": "Confianza",
    "otros": "Otros",
}

DOCUMENT_TYPES: dict[str, str] = {
    "DNI": "DNI",
    "CE": "Carné de extranjería",
    "PAS": "Pasaporte",
}

LANGUAGES: dict[str, str] = {
    "es": "Castellano",
    "qu": "Quechua",
    "ay": "Aimara",
    "cni": "Asháninka",
    "agr": "Awajún",
    "shp": "Shipibo-konibo",
}

ROLES: dict[str, str] = {
    "agent": "TOAU (agente)",
    "itinerant": "Itinerante",
    "supervisor": "Supervisor de oficina",
    "national_supervisor": "Supervisor nacional",
    "integrity": "Integridad (denuncias)",
    "admin": "Administrador",
}

# Department (region) -> office, for the public Libro de Reclamaciones.
DEPARTMENT_OFFICES: dict[str, str] = {
    "Amazonas": "BAG", "Áncash": "ANC", "Apurímac": "APU", "Arequipa": "ARE",
    "Ayacucho": "AYA", "Cajamarca": "CAJ", "Cusco": "CUS", "Huancavelica": "HVC",
    "Huánuco": "HCO", "Junín": "JUN", "La Libertad": "LAL", "Lambayeque": "LAM",
    "Lima": "LIM", "Loreto": "IQU", "Pasco": "PAS", "Piura": "PIU", "Puno": "PUN",
    "San Martín": "SAM", "Ucayali": "UCA",
}
