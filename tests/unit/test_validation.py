"""Validation of ticket bodies: every rule reports a Spanish message on its field."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service_desk.domain.errors import ValidationError
from service_desk.domain.validation import normalize_phone, validate_ticket
from tests.factories import ticket_body

NOW = datetime(2024, 3, 4, 15, 0, tzinfo=UTC)


def errors_of(body: dict) -> dict:
    with pytest.raises(ValidationError) as error:
        validate_ticket(body, NOW)
    return error.value.fields


def test_a_complete_body_is_accepted_and_normalised():
    entry = validate_ticket(ticket_body(citizen={"phone": "987 654 321"}), NOW)
    assert entry.type == "reclamo" and entry.office == "LIM"
    assert entry.citizen.phone == "+51987654321"
    assert entry.citizen.language == "qu"


@pytest.mark.parametrize("field,value", [
    ("type", "felicitacion"), ("channel", "fax"), ("office", "XYZ"), ("subject", "becas"),
])
def test_unknown_enum_values_are_rejected_on_their_field(field, value):
    assert "no es válid" in errors_of(ticket_body(**{field: value}))[field]


@pytest.mark.parametrize("field", ["type", "channel", "office", "subject", "description"])
def test_required_fields(field):
    body = ticket_body()
    del body[field]
    assert "obligatori" in errors_of(body)[field]


@pytest.mark.parametrize("number", ["1234567", "123456789", "1234567A", ""])
def test_dni_must_have_eight_digits(number):
    fields = errors_of(ticket_body(citizen={"document_number": number}))
    assert "citizen.document_number" in fields


@pytest.mark.parametrize("number,ok", [("A12345678", True), ("12345678901", True),
                                       ("12345678", False), ("ABC-123456", False)])
def test_carne_de_extranjeria_has_9_to_12_alphanumerics(number, ok):
    body = ticket_body(citizen={"document_type": "CE", "document_number": number})
    if ok:
        assert validate_ticket(body, NOW).citizen.document_number == number
    else:
        assert "9 a 12" in errors_of(body)["citizen.document_number"]


@pytest.mark.parametrize("phone,expected", [
    ("987654321", "+51987654321"), ("+51 987 654 321", "+51987654321"),
    ("014567890", "+5114567890"), ("084234567", "+5184234567"), ("12345", None),
    ("887654321", None),
])
def test_peruvian_phone_numbers(phone, expected):
    assert normalize_phone(phone) == expected


def test_invalid_phone_and_email_are_reported_together():
    fields = errors_of(ticket_body(citizen={"phone": "123", "email": "no-es-correo"}))
    assert set(fields) >= {"citizen.phone", "citizen.email"}


def test_filed_at_in_the_future_is_rejected():
    future = (NOW + timedelta(hours=1)).isoformat()
    assert "futuro" in errors_of(ticket_body(filed_at=future))["filed_at"]


def test_filed_at_without_timezone_is_rejected():
    assert "zona horaria" in errors_of(ticket_body(filed_at="2024-03-04T10:00:00"))["filed_at"]


def test_description_longer_than_5000_characters_is_rejected():
    assert "5000" in errors_of(ticket_body(description="x" * 5001))["description"]


def test_citizen_without_identity_nor_contact_is_rejected_except_for_denuncias():
    anonymous = {"document_type": None, "document_number": None, "phone": None}
    assert "citizen" in errors_of(ticket_body(citizen=anonymous))
    entry = validate_ticket(ticket_body(type="denuncia", citizen=anonymous), NOW)
    assert entry.citizen.document_number is None


def test_client_uuid_must_be_a_uuid():
    assert "UUID" in errors_of(ticket_body(client_uuid="abc"))["client_uuid"]


def test_a_non_object_body_is_rejected():
    with pytest.raises(ValidationError) as error:
        validate_ticket(["no"], NOW)
    assert "body" in error.value.fields


@given(st.from_regex(r"\A[0-9]{8}\Z"))
def test_any_eight_digit_dni_is_valid(number):
    assert validate_ticket(ticket_body(citizen={"document_number": number}), NOW)


def _looks_like_dni(s: str) -> bool:
    s = s.strip()
    return len(s) == 8 and s.isascii() and s.isdigit()


@given(st.text(max_size=20).filter(lambda s: not _looks_like_dni(s)))
def test_anything_else_is_not_a_dni(number):
    if not number.strip():
        number = "x"
    fields = errors_of(ticket_body(citizen={"document_number": number}))
    assert "citizen.document_number" in fields


@given(st.text(max_size=30))
def test_phone_normaliser_never_crashes_and_returns_e164_or_none(raw):
    result = normalize_phone(raw)
    assert result is None or (result.startswith("+51") and result[1:].isdigit())


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children,
                                                                       max_size=3),
    max_leaves=8)
FIELDS = ["type", "channel", "office", "subject", "description", "citizen", "filed_at", "client_uuid"]
CITIZEN_FIELDS = ["document_type", "document_number", "first_name", "last_name", "phone", "email",
                  "address", "language"]


@given(st.dictionaries(st.sampled_from(FIELDS), JSON), st.dictionaries(st.sampled_from(CITIZEN_FIELDS), JSON))
def test_any_json_body_gets_a_validation_error_or_a_ticket_never_a_crash(body, citizen):
    if "citizen" not in body:
        body["citizen"] = citizen
    try:
        entry = validate_ticket(body, NOW)
    except ValidationError as error:
        assert error.fields and all(isinstance(m, str) for m in error.fields.values())
    else:
        assert entry.type in ("consulta", "pedido", "sugerencia", "queja", "reclamo", "denuncia")


def test_the_rules_served_to_the_field_app_are_the_ones_the_server_applies():
    from service_desk.domain.validation import client_rules, validate_citizen

    rules = client_rules()
    errors: dict = {}
    validate_citizen({"document_type": "DNI", "document_number": "4123456", "phone": "12"}, errors)
    assert errors["citizen.document_number"] == rules["documents"]["DNI"]["message"]
    assert errors["citizen.phone"] == rules["phone"]["message"]
    for kind, rule in rules["documents"].items():
        numbers = {"DNI": "41234567", "CE": "001234567", "PAS": "AB12345"}
        assert re.match(rule["pattern"], numbers[kind])
        accepted: dict = {}
        validate_citizen({"document_type": kind, "document_number": numbers[kind]}, accepted)
        assert accepted == {}
    assert rules["filed_at"]["max_skew_seconds"] == 120


def test_messages_agree_in_gender_with_their_field():
    """Issue 12, finding 10: "La descripción es obligatorio"."""
    errors = errors_of(ticket_body(description="", office="XYZ", channel=""))
    assert errors["description"] == "La descripción es obligatoria."
    assert errors["office"].startswith("La oficina no es válida;")
    assert errors["channel"] == "El canal es obligatorio."


def test_a_dni_sent_as_a_number_is_told_it_must_be_text():
    errors = errors_of(ticket_body(citizen={"document_number": 12345678}))
    assert errors["citizen.document_number"] == "El número de documento debe ser texto."
