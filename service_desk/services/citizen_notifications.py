"""What the citizen is told, and through which channel, when their case moves.

Called inside the caller's transaction; messages go to the outbox so they are
sent after commit, with retries, and never twice.
"""

from __future__ import annotations

from service_desk.models import Ticket
from service_desk.services.outbox import enqueue_email


def on_ticket_closed(ticket: Ticket) -> None:
    """Send the response back by e-mail when the citizen left one (sealed denuncias excepted)."""
    citizen = ticket.citizen
    if ticket.type == "denuncia" or citizen is None or not citizen.email:
        return
    enqueue_email(
        citizen.email,
        f"Respuesta a su caso {ticket.code} - Programa JUNTOS",
        f"Estimado(a) ciudadano(a):\n\n{ticket.response}\n\nCódigo de su caso: {ticket.code}\n"
        "Programa JUNTOS - Atención al usuario",
        ticket_id=ticket.id, dedupe_key=f"closed:{ticket.code}",
    )
