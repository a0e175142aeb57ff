"""Statuses and allowed transitions."""

import pytest

from service_desk.domain.errors import InvalidTransition, ValidationError
from service_desk.domain.workflow import TRANSITIONS, Status, check_transition, require_text


def test_open_ticket_can_be_closed_or_annulled():
    for status in (Status.REGISTRADO, Status.EN_PROCESO, Status.DERIVADO):
        check_transition(status, Status.CERRADO)
        check_transition(status, Status.ANULADO)


@pytest.mark.parametrize("final", [Status.CERRADO, Status.ANULADO])
def test_closed_and_annulled_are_final(final):
    assert TRANSITIONS[final] == frozenset()
    with pytest.raises(InvalidTransition) as error:
        check_transition(final, Status.EN_PROCESO)
    assert "No se puede pasar" in error.value.message


def test_a_response_text_is_required_and_bounded():
    with pytest.raises(ValidationError) as error:
        require_text("response", "   ", "La respuesta")
    assert error.value.fields == {"response": "La respuesta es obligatoria."}
    with pytest.raises(ValidationError):
        require_text("response", "x" * 5001, "La respuesta")
    assert require_text("response", "  Listo  ", "La respuesta") == "Listo"
