"""Who may see and do what, by role and office. Plain rules, no I/O."""

from __future__ import annotations

from dataclasses import dataclass

NATIONAL_ROLES = frozenset({"national_supervisor", "admin"})
OFFICE_ROLES = frozenset({"agent", "itinerant", "supervisor"})
# Integrity also receives denuncias on paper or by mail, dated days before they are typed in.
BACKDATING_ROLES = frozenset({"itinerant", "supervisor", "national_supervisor", "admin", "integrity"})
REGISTERING_ROLES = frozenset({"agent", "itinerant", "supervisor", "national_supervisor", "admin",
                               "integrity"})
CLOSING_ROLES = frozenset({"agent", "itinerant", "supervisor", "national_supervisor", "integrity"})
# Annulment removes a case from Indicador 3, so only supervisors may do it.
ANNULLING_ROLES = frozenset({"supervisor", "national_supervisor", "integrity"})
SEALED_TYPE = "denuncia"


@dataclass(frozen=True)
class Actor:
    """The user acting, as the domain needs it."""

    id: int | None
    role: str
    office: str | None


def sees_all_offices(actor: Actor) -> bool:
    return actor.role in NATIONAL_ROLES or actor.role == "integrity"


def can_see(actor: Actor, office: str, ticket_type: str) -> bool:
    """Denuncias only for integrity; other tickets by office scope."""
    if ticket_type == SEALED_TYPE:
        return actor.role == "integrity"
    if actor.role == "integrity":
        return False
    return sees_all_offices(actor) or actor.office == office


def can_register_in(actor: Actor, office: str, ticket_type: str) -> bool:
    """Anyone who registers may file in its own office; national roles anywhere."""
    if actor.role not in REGISTERING_ROLES:
        return False
    if actor.role == "integrity":
        return ticket_type == SEALED_TYPE
    return sees_all_offices(actor) or actor.office == office

# Itinerant trips: every role that works cases of an office sees them; those who travel plan them.
TRIP_ROLES = frozenset({"agent", "itinerant", "supervisor", "national_supervisor"})
TRIP_PLANNING_ROLES = frozenset({"itinerant", "supervisor", "national_supervisor"})
