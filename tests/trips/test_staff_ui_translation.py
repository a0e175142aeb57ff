"""The staff UI goes through gettext: a compiled catalog changes the pages without code changes."""

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from service_desk import create_app
from service_desk.extensions import db
from service_desk.services.reference import seed_reference_data
from tests.factories import PASSWORD, UserFactory, office
from tests.web.conftest import PASSWORD_HASH

# Test markers, not translations: the program's translators write the real catalogs.
MARKED = {"Mis casos": "[qu] Mis casos", "Bandeja de la oficina": "[qu] Bandeja de la oficina",
          "Filtrar": "[qu] Filtrar", "Salir": "[qu] Salir", "Idioma de la atención": "[qu] Idioma",
          "Ingreso del personal": "[qu] Ingreso del personal"}


def compile_catalog(root: Path, locale: str) -> None:
    """What a translator does with pybabel compile, done here with Babel's own API."""
    catalog = Catalog(locale=locale)
    for msgid, msgstr in MARKED.items():
        catalog.add(msgid, msgstr)
    target = root / locale / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "messages.mo").open("wb") as handle:
        write_mo(handle, catalog)


def test_a_compiled_catalog_translates_the_staff_pages_for_browsers_that_ask_for_it(tmp_path):
    compile_catalog(tmp_path / "translations", "qu")
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'ui.sqlite3'}",
                      "BABEL_TRANSLATION_DIRECTORIES": str(tmp_path / "translations")})
    with app.app_context():
        db.create_all()
        seed_reference_data()
        UserFactory(role="agent", office=office("LIM"), username="toau", password_hash=PASSWORD_HASH)
        db.session.remove()
    client = app.test_client()  # each request in its own app context, as in production
    login_page = client.get("/login", headers={"Accept-Language": "qu"}).get_data(as_text=True)
    client.post("/login", data={"username": "toau", "password": PASSWORD})
    quechua = client.get("/agente/bandeja", headers={"Accept-Language": "qu, es;q=0.8"})
    spanish = client.get("/agente/bandeja", headers={"Accept-Language": "es-PE"})
    english = client.get("/agente/registrar", headers={"Accept-Language": "en-US"})
    with app.app_context():
        db.engine.dispose()
    page = quechua.get_data(as_text=True)
    assert "[qu] Mis casos" in page and "[qu] Filtrar" in page and "[qu] Salir" in page
    assert "[qu]" not in spanish.get_data(as_text=True)
    assert "Mis casos" in spanish.get_data(as_text=True)
    assert "Idioma de la atención" in english.get_data(as_text=True)  # no catalog: Spanish
    assert "[qu] Ingreso del personal" in login_page  # the login page is wrapped too


def test_the_shipped_template_lists_the_staff_strings():
    pot = (Path(__file__).resolve().parents[2] / "service_desk" / "translations" / "messages.pot")
    text = pot.read_text(encoding="utf-8")
    for msgid in ("Mis casos", "Registrar atención", "Responder y cerrar", "Idioma de la atención",
                  "Exportar esta cola", "Crear usuario", "Viajes itinerantes", "Alertas de plazo"):
        assert f'msgid "{msgid}"' in text
