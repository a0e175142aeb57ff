"""The domain core imports no framework (ARCHITECTURE.md)."""

import ast
from pathlib import Path

DOMAIN = Path(__file__).resolve().parents[2] / "service_desk" / "domain"
FORBIDDEN = ("flask", "sqlalchemy", "flask_sqlalchemy", "werkzeug", "service_desk.models",
             "service_desk.services", "service_desk.web")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_domain_modules_import_no_framework_nor_outer_layer():
    files = sorted(DOMAIN.glob("*.py"))
    assert len(files) >= 6
    offenders = {
        f.name: sorted(m for m in imported_modules(f) if m.startswith(FORBIDDEN)) for f in files
    }
    assert {k: v for k, v in offenders.items() if v} == {}
