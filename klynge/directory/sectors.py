"""Public bodies, told apart by their institutional sector code in Enhetsregisteret.

The register gives every unit a sector code (``institusjonellSektorkode.kode``,
Statistics Norway's standard for institutional sectors). The codes below are
the public administration: a unit with one of them is a public buyer under
the procurement rules. This is the only list; change it here.
"""

from __future__ import annotations

PUBLIC_SECTOR_CODES = {
    "6100": "Statsforvaltningen",  # state administration: ministries, directorates, agencies
    "6500": "Kommuneforvaltningen",  # municipal and county administration (kommune, fylkeskommune)
    "1520": "Kommunale foretak med ubegrenset ansvar",  # KF/FKF: part of the municipality itself
}


def is_public_sector_code(code: str | None) -> bool:
    return bool(code) and code in PUBLIC_SECTOR_CODES


def is_public_body(company) -> bool:
    """A company the register (not its own admins) says is a public body."""
    return company is not None and is_public_sector_code(company.sector_code)
