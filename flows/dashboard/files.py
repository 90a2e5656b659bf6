"""Where the dashboard's files go, and writing one without ever leaving half a page behind."""

from __future__ import annotations

import os
import tempfile
from contextlib import suppress
from pathlib import Path

from warehouse.db import WarehouseError

INDEX = "index.html"
ENTITIES = "entities"


def dashboard_dir(warehouse: Path) -> Path:
    """`poi_dashboard/` beside `poi.duckdb` (as the Data Docs are `poi_gx/`)."""
    return warehouse.with_name(warehouse.stem + "_dashboard")


def index_file(warehouse: Path) -> Path:
    return dashboard_dir(warehouse) / INDEX


def entity_file(warehouse: Path, entity_code: str) -> Path:
    """An entity's page; entity codes are letters, digits, `.`, `_` and `-`, so they name files safely."""
    return dashboard_dir(warehouse) / ENTITIES / f"{entity_code}.html"


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_text(path: Path, text: str) -> Path:
    """Write `text` to a temporary file beside `path`, then rename it into place (a reader sees the old page
    or the new one); a read-only or full place is one WarehouseError line (exit 4)."""
    temporary = None
    blocker = next((p for p in path.parents if p.exists()), None)
    if blocker is not None and not blocker.is_dir():
        raise WarehouseError(f"{path}: cannot write the dashboard: {blocker} is a file, not a folder")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except OSError as err:
        if temporary:
            with suppress(OSError):
                os.unlink(temporary)
        raise WarehouseError(f"{path}: cannot write the dashboard: {err.strerror or err}") from None
    return path
