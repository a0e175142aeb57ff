"""The fence of issue 12: hostile input over every route of the url_map, never a 5xx, nothing saved.

For every endpoint (new ones included: the list comes from `app.url_map`), hypothesis
draws hostile strings and numbers (NUL, lone surrogates, CR/LF, 20-digit and negative
numbers, absurd dates, very long text, deep JSON) and puts them in every query parameter
the code reads, in the path's variables, in every form field of the app's forms and in
JSON bodies built on a valid ticket. The request is made by a role the route admits (from
the route × role matrix). Whatever the answer, it is below 500; when it is a 4xx, no row
was added to or removed from any table of the desk's data.

Bounded: HOSTILE_EXAMPLES examples per endpoint (5 by default; .ci/run runs 40).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

import pytest
from flask_wtf import FlaskForm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from werkzeug.routing import IntegerConverter
from wtforms.fields.core import UnboundField

from service_desk.extensions import db
from service_desk.services.users import create_token
from service_desk.web.public import limiter
from tests.factories import UserFactory, office, ticket_body
from tests.security.test_route_matrix import LOGIN, MATRIX, ROLES, URL_VALUES, World

EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", "5"))
SOURCE = Path(__file__).resolve().parents[2] / "service_desk"
# Tables that record the attempt itself (who looked, failed sign-ins, locks), not desk data.
ATTEMPT_TABLES = {"access_log", "login_throttles", "sender_locks", "job_leases"}
REFUSED = {LOGIN, 401, 403, 404}
PREFERRED = ("agent", "supervisor", "national_supervisor", "admin", "integrity", "itinerant",
             "anonymous")
OFFICE_ROLES = ("agent", "itinerant", "supervisor")

HOSTILE_TEXT = st.one_of(
    st.sampled_from([
        "\x00", "a\x00b", "\ud800", "x\udfffy", "\r\nSet-Cookie: x=1", "/\\evil.example",
        "9" * 20, "-9" * 10, "-1", "0", "99999999999999999999", "1e309", "NaN", "Infinity",
        "0001-01-01", "9999-12-31", "99999-12-31", "2024-02-30", "2024-13-01", "0000-00-00",
        "2024-T9", "2024-S3", "9999-T1", "0001-S1", "../../etc/passwd", "%00", "<script>x</script>",
        "' OR 1=1 --", " ", "", "x" * 6000, "١٢٣٤٥٦٧٨", "\u202e", "\ufeff", "null", "[]", "{}",
    ]),
    st.text(alphabet=st.characters(codec=None, categories=["Cs", "Cc", "Lo", "Nd", "Zs"]),
            max_size=20),
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
)
HOSTILE_JSON = st.one_of(
    HOSTILE_TEXT, st.integers(min_value=-(10**30), max_value=10**30), st.booleans(), st.none(),
    st.floats(allow_nan=False, allow_infinity=False), st.lists(HOSTILE_TEXT, max_size=3),
    st.just({"a": {"b": {"c": []}}}), st.just("x" * 100_000),
)


def query_names() -> list[str]:
    """Every query parameter the code reads, found in its source, plus the GET forms' fields."""
    pattern = re.compile(r"request\.args(?:\.get\(|\[)\"([a-z_]+)\"")
    names = {m for path in SOURCE.rglob("*.py") for m in pattern.findall(path.read_text())}
    return sorted(names | set(form_field_names()) | {"text", "status", "page", "q"})


def form_field_names() -> list[str]:
    """The fields of every form class of the app (FlaskForm subclasses, however deep)."""
    import service_desk.web  # noqa: F401  (the forms are imported with the blueprints)

    names, todo = set(), list(FlaskForm.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("service_desk"):
            names |= {n for n in dir(cls) if isinstance(getattr(cls, n, None), UnboundField)}
    return sorted(names)


BASE_FORM = {
    "type": "consulta", "channel": "presencial", "office": "LIM", "subject": "pagos",
    "description": "Consulta por el abono.", "document_type": "DNI", "document_number": "12345678",
    "first_name": "Rosa", "last_name": "Quispe", "phone": "987654321", "language": "es",
    "day": "2024-05-02", "business_days": "10", "password": "una-clave-larga", "role": "agent",
    "username": "nuevo.usuario", "response": "Atendido.", "reason": "DS 011-2024-PCM",
}


def role_for(endpoint: str) -> str:
    row = dict(zip(ROLES, MATRIX[endpoint], strict=True))
    return next((r for r in PREFERRED if row[r] not in REFUSED), "anonymous")


def endpoints(app_rules) -> list:
    return sorted(rule.endpoint for rule in app_rules if rule.endpoint not in ("static",
                                                                               "auth.logout"))


def _all_endpoints() -> list[str]:
    from service_desk import create_app

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    return endpoints(app.url_map.iter_rules())


def data_rows() -> dict[str, int]:
    rows = {}
    for table in db.metadata.sorted_tables:
        if table.name not in ATTEMPT_TABLES:
            rows[table.name] = db.session.scalar(select(func.count()).select_from(table))
    db.session.rollback()
    return rows


class Caller:
    """A test client signed in (session cookie and API token) as a user of one role."""

    def __init__(self, app, role: str) -> None:
        self.client, self.headers = app.test_client(), {}
        if role == "anonymous":
            return
        person = UserFactory(role=role, office=office("LIM" if role in OFFICE_ROLES else "SEDE"))
        with self.client.session_transaction() as session:
            session["_user_id"], session["_fresh"] = person.get_id(), True
        self.headers = {"Authorization": f"Bearer {create_token(person)}"}

    def send(self, method: str, url: str, **kwargs):
        from flask import g

        g.pop("_login_user", None)  # the test's app context outlives each request
        response = self.client.open(url, method=method, headers=self.headers, **kwargs)
        response.close()
        return response


def _url(app, rule, values: dict) -> str:
    with app.test_request_context():
        return app.url_for(rule.endpoint, **values)


@pytest.fixture(autouse=True)
def _fresh_limits():
    limiter.reset()
    yield
    limiter.reset()


def encode(fields: dict[str, str]) -> str:
    """URL-encode as a client can: a lone surrogate goes out as its raw UTF-8 bytes."""
    return urlencode(fields, encoding="utf-8", errors="surrogatepass")


def fenced(caller: Caller, method: str, url: str, what: str, **kwargs) -> None:
    """Send one hostile request: below 500 always, and nothing changed when refused."""
    before = data_rows()
    response = caller.send(method, url, **kwargs)
    assert response.status_code < 500, f"{method} {url} {what}: {response.status_code}"
    if response.status_code >= 400:
        assert data_rows() == before, f"{method} {url} {what}: a refused request changed data"


@pytest.mark.parametrize("endpoint", _all_endpoints())
def test_hostile_input_never_gets_a_5xx_and_a_refusal_saves_nothing(app, endpoint):
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    world, caller = World(), Caller(app, role_for(endpoint))
    good_values = URL_VALUES.get(endpoint, lambda w: {})(world)
    method = "GET" if "GET" in rule.methods else "POST"
    names = query_names()
    fields = form_field_names()

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(query=st.dictionaries(st.sampled_from(names), HOSTILE_TEXT, min_size=1, max_size=4),
           path=st.dictionaries(st.sampled_from(sorted(rule.arguments) or ["_"]), HOSTILE_TEXT,
                                max_size=2),
           form=st.dictionaries(st.sampled_from(fields), HOSTILE_TEXT, min_size=1, max_size=5),
           body=st.dictionaries(st.sampled_from(sorted({*ticket_body(), "records", "date",
                                                        "offices", "response", "reason", "type",
                                                        "device_id", "period", "starts_on"})),
                                HOSTILE_JSON, min_size=1, max_size=3),
           deep=st.integers(min_value=30, max_value=3000))
    def attack(query, path, form, body, deep):
        values = {**good_values}
        for name, value in path.items():
            if name in rule.arguments:
                converter = rule._converters.get(name)
                values[name] = value if not isinstance(converter, IntegerConverter) else 10**20
        try:
            url = _url(app, rule, values)
        except Exception:  # a value the URL cannot hold (e.g. a slash in a segment): skip it
            url = _url(app, rule, good_values)
        url, _, fixed = url.partition("?")  # values the route needs may sit in the query
        query = {**dict(parse_qsl(fixed)), **query}
        fenced(caller, method, url, f"query {query}", query_string=encode(query))
        if method == "GET":
            return
        fenced(caller, "POST", url, f"form {form}", data=encode({**BASE_FORM, **form}),
               content_type="application/x-www-form-urlencoded")
        payload = json.dumps({**ticket_body(), "records": [ticket_body()], **body})
        fenced(caller, "POST", url, f"json {body}", data=payload, content_type="application/json")
        nested = "[" * deep + "]" * deep
        fenced(caller, "POST", url, f"json nested {deep} deep", data=nested,
               content_type="application/json")

    attack()
