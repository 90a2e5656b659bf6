"""The public entity a report belongs to, and the keys that depend on it (pure).

A report does not print its entity: the operator names it (`--entity`, a folder's name, `POI_ENTITY`),
and an optional `entities.csv` (code, name, sector, ubigeo) gives its name. The default entity
(`default`, id 0) keeps the keys a single-entity warehouse has always had (`report_id` = year·10 +
quarter, units and activities keyed by their names alone), so an upgraded warehouse keeps every key;
any other entity's keys are hashes that include its code, so two entities' units never meet.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass

from transforms.errors import SettingsError

DEFAULT_CODE = "default"
CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
CSV_COLUMNS = ("code", "name", "sector", "ubigeo")


@dataclass(frozen=True, slots=True)
class Entity:
    """A public entity: its code (the identity) and what describes it."""

    code: str
    name: str | None = None  # None: not listed (an entity already loaded keeps the name it has)
    sector: str | None = None
    ubigeo: str | None = None

    @property
    def id(self) -> int:
        return entity_id(self.code)


def stable_id(*parts: str) -> int:
    """A positive 63-bit id from the natural key's parts."""
    digest = hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1


def entity_id(code: str) -> int:
    return 0 if code == DEFAULT_CODE else stable_id("entity", code)


def report_id(code: str, year: int, quarter: int) -> int:
    """A snapshot's key: year·10 + quarter for the default entity (2017 IV -> 20174), else a hash."""
    return year * 10 + quarter if code == DEFAULT_CODE else stable_id("report", code, str(year), str(quarter))


def member_key(code: str, kind: str, *parts: str) -> int:
    """The key of a unit or activity of the entity (the default entity's: its natural key alone)."""
    return stable_id(kind, *parts) if code == DEFAULT_CODE else stable_id(kind, code, *parts)


def check_code(code: str, where: str) -> str:
    """The code, or SettingsError saying what a code may hold (it names folders and appears in keys)."""
    if not CODE.match(code):
        raise SettingsError(
            f"{where}: entity code {code!r} must be 1-64 letters, digits, '.', '_' or '-' (starting with a "
            "letter or digit)"
        )
    return code


def parse_entities(text: str, where: str) -> dict[str, Entity]:
    """`entities.csv` (header `code,name[,sector][,ubigeo]`, UTF-8): entities by code."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    if "code" not in header or "name" not in header:
        raise SettingsError(f"{where}: the first line must name the columns code,name[,sector][,ubigeo]")
    out: dict[str, Entity] = {}
    for number, row in enumerate(reader, start=2):
        values = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
        code = values.get("code", "")
        if not code and not any(values.values()):
            continue  # a blank line
        check_code(code, f"{where}:{number}")
        if code in out:
            raise SettingsError(f"{where}:{number}: entity {code!r} is listed twice")
        if not values.get("name"):
            raise SettingsError(f"{where}:{number}: entity {code!r} has no name")
        out[code] = Entity(code, values["name"], values.get("sector") or None, values.get("ubigeo") or None)
    return out


def describe(code: str, known: dict[str, Entity]) -> Entity:
    """The entity of a code: as listed in entities.csv, else known by its code alone."""
    return known.get(code) or Entity(code)
