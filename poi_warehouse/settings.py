"""One settings object: local defaults, overridden by environment variables, then by CLI flags.

Every setting is checked when it is read, before any work starts: a value outside its range is one
line naming the variable, its value and what is allowed (exit 5), never a traceback later.

| setting        | env var                     | allowed                                   | default                  |
|----------------|-----------------------------|-------------------------------------------|--------------------------|
| warehouse      | POI_WAREHOUSE, --warehouse  | a file path (not a folder, device or pipe) | warehouse/poi.duckdb     |
| prefect_home   | PREFECT_HOME                | a folder path (not a file)                | .prefect (under cwd)     |
| lock_wait      | POI_LOCK_WAIT               | seconds, 0 to 86400                       | 120                      |
| UI port        | POI_UI_PORT                 | an integer, 1 to 65535                    | 4200                     |
| server startup | PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS | whole seconds, 1 to 3600 | 180              |
| engine         | POI_RECOVERY_ENGINE         | `native` or `python`                      | native                   |
| entity         | POI_ENTITY, --entity        | a code: 1-64 letters, digits, . _ -       | default                  |
| dashboard bands | POI_BAND_GREEN, POI_BAND_AMBER | percent, 0 to 100; amber <= green     | 90, 70                   |

`PREFECT_API_URL` is checked where a command needs a server (poi_warehouse/prefect_server.py), and
Prefect's other settings by Prefect's own validation, turned into one line (`check_prefect_settings`).
"""

from __future__ import annotations

import contextlib
import io
import math
import os
import re
import socket
import sys
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

from flows.settings import DEFAULT_LOCK_WAIT
from poi_warehouse.prefect_server import ui_port
from transforms.entities import DEFAULT_CODE, check_code
from transforms.errors import SettingsError
from warehouse import faults

DEFAULT_WAREHOUSE = Path("warehouse") / "poi.duckdb"
DEFAULT_PREFECT_HOME = Path(".prefect")
MAX_LOCK_WAIT = 86400.0
DEFAULT_STARTUP_TIMEOUT = 180
MAX_STARTUP_TIMEOUT = 3600
RECOVERY_ENGINES = ("native", "python")
DEFAULT_BAND_GREEN = 90.0  # dashboard: an execution rate at or above it is green (percent)
DEFAULT_BAND_AMBER = 70.0  # at or above it amber, below it red


def bundled_sample() -> Path:
    """The real 2017 IV-quarter report shipped with the package: the default input."""
    return Path(str(resources.files("poi_warehouse") / "samples" / "poi_2017_t4.txt"))


@dataclass(frozen=True)
class Settings:
    warehouse: Path
    prefect_home: Path
    lock_wait: float
    server_startup_timeout: int = DEFAULT_STARTUP_TIMEOUT
    entity: str = DEFAULT_CODE  # the entity of reports no --entity names
    band_green: float = DEFAULT_BAND_GREEN
    band_amber: float = DEFAULT_BAND_AMBER

    @property
    def entities_file(self) -> Path:
        """The list of entities (code, name, sector, ubigeo) read beside the warehouse when it exists."""
        return self.warehouse.with_name("entities.csv")

    @property
    def gx_dir(self) -> Path:
        """The Great Expectations project kept next to the warehouse (suites, results, Data Docs)."""
        return self.warehouse.with_name(self.warehouse.stem + "_gx")

    @property
    def data_docs(self) -> Path:
        return self.gx_dir / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"

    @property
    def dashboard_index(self) -> Path:
        """The dashboard's index of entities, in `poi_dashboard/` beside the warehouse (flows/dashboard)."""
        return self.warehouse.with_name(self.warehouse.stem + "_dashboard") / "index.html"

    def with_overrides(self, warehouse: str | None = None) -> Settings:
        return replace(self, warehouse=_file_path("--warehouse", warehouse)) if warehouse else self


def _number(name: str, unit: str, low: float, high: float, default: float, whole: bool = False) -> float:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    allowed = f"expected {unit} from {low:g} to {high:g}"
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name}={raw!r} is not a number: {allowed}") from None
    if not math.isfinite(value) or not low <= value <= high or (whole and value != int(value)):
        raise SettingsError(f"{name}={raw!r} is out of range: {allowed}")
    return value


def _bands() -> dict[str, float]:
    """The dashboard's traffic-light thresholds (percent); amber above green is refused."""
    green = _number("POI_BAND_GREEN", "percent", 0, 100, DEFAULT_BAND_GREEN)
    amber = _number("POI_BAND_AMBER", "percent", 0, 100, DEFAULT_BAND_AMBER)
    if amber > green:
        raise SettingsError(f"POI_BAND_AMBER={amber:g} is above POI_BAND_GREEN={green:g}: amber must be <= green")
    return {"band_green": green, "band_amber": amber}


def _existing_ancestor(path: Path) -> Path:
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate
    return Path(path.anchor or "/")


def _blocking_file(name: str, raw: str, path: Path) -> None:
    ancestor = _existing_ancestor(path.parent)
    if not ancestor.is_dir():
        raise SettingsError(f"{name}={raw}: {ancestor} is a file, not a folder")


def _file_path(name: str, raw: str) -> Path:
    path = Path(raw).expanduser().absolute()
    if path.is_dir():
        raise SettingsError(f"{name}={raw}: is a folder; give the DuckDB file, e.g. {path / DEFAULT_WAREHOUSE.name}")
    if path.exists() and not path.is_file():
        raise SettingsError(f"{name}={raw}: not a regular file (a device, pipe or socket)")
    _blocking_file(name, raw, path)
    return path


def _folder_path(name: str, raw: str) -> Path:
    path = Path(raw).expanduser().absolute()
    if path.exists() and not path.is_dir():
        raise SettingsError(f"{name}={raw}: is a file, not a folder")
    _blocking_file(name, raw, path)
    return path


def _check_choice(name: str, allowed: tuple[str, ...]) -> None:
    raw = os.environ.get(name)
    if raw and raw not in allowed:
        raise SettingsError(f"{name}={raw!r} is not one of: {', '.join(allowed)}")


def load_settings() -> Settings:
    """The settings of this process's environment, each checked (SettingsError, exit 5)."""
    if os.environ.get("POI_UI_PORT"):
        ui_port()
    _check_choice("POI_RECOVERY_ENGINE", RECOVERY_ENGINES)
    faults.check_environment()
    return Settings(
        warehouse=_file_path("POI_WAREHOUSE", os.environ.get("POI_WAREHOUSE") or str(DEFAULT_WAREHOUSE)),
        prefect_home=_folder_path("PREFECT_HOME", os.environ.get("PREFECT_HOME") or str(DEFAULT_PREFECT_HOME)),
        lock_wait=_number("POI_LOCK_WAIT", "seconds", 0, MAX_LOCK_WAIT, DEFAULT_LOCK_WAIT),
        entity=check_code(os.environ.get("POI_ENTITY") or DEFAULT_CODE, "POI_ENTITY"),
        **_bands(),
        server_startup_timeout=int(
            _number(
                "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "whole seconds", 1, MAX_STARTUP_TIMEOUT,
                DEFAULT_STARTUP_TIMEOUT, whole=True,
            )
        ),
    )  # fmt: skip


def apply_prefect_environment(settings: Settings) -> None:
    """Point Prefect at the project's home before Prefect is imported; keep explicit user values."""
    os.environ.setdefault("PREFECT_HOME", str(settings.prefect_home))
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", str(settings.server_startup_timeout))
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")


def check_prefect_settings() -> None:
    """Import Prefect and validate its settings: a bad PREFECT_* value is one line, not a traceback.

    Prefect reports a bad setting while it is imported (on stderr, then again as an exception); the
    report is held back here and the exception becomes a SettingsError naming the setting.
    """
    from pydantic import ValidationError

    held = io.StringIO()
    try:
        with contextlib.redirect_stderr(held):
            from prefect.settings import Settings as PrefectSettings

            PrefectSettings()
    except ValidationError as err:
        first = err.errors()[0]
        value = first.get("input")
        names = [k for k, v in sorted(os.environ.items()) if k.startswith("PREFECT_") and v == str(value)]
        field = ".".join(str(part) for part in first.get("loc", ()))
        where = f"{names[0]}={value!r}" if names else f"Prefect setting {err.title}.{field}"
        raise SettingsError(f"{where}: {first.get('msg')}") from None
    sys.stderr.write(held.getvalue())


MAX_WORKERS = 256
_DASK_ADDRESS = re.compile(r"^(tcp|tls)://(\[[0-9a-fA-F:]+\]|[^:/\s]+):(\d{1,5})$")


def check_scale_out(workers: int, address: str | None, timeout: float = 5.0) -> None:
    """`--workers` within 1-MAX_WORKERS; a `--dask-address` of the form tcp://host:port where a
    scheduler accepts connections (checked within `timeout` seconds). SettingsError, exit 5."""
    if not 1 <= workers <= MAX_WORKERS:
        raise SettingsError(f"--workers {workers} is out of range: expected 1 to {MAX_WORKERS} worker processes")
    if address is None:
        return
    match = _DASK_ADDRESS.match(address)
    if not match or not 0 < int(match.group(3)) < 65536:
        raise SettingsError(f"--dask-address {address!r} is not a scheduler address (e.g. tcp://10.0.0.5:8786)")
    host, port = match.group(2).strip("[]"), int(match.group(3))
    try:
        socket.create_connection((host, port), timeout=timeout).close()
    except OSError as err:
        reason = err.strerror or type(err).__name__
        raise SettingsError(
            f"--dask-address {address}: no Dask scheduler answers there ({reason}); start one with `dask scheduler`"
        ) from None
