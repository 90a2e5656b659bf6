"""One settings object: local defaults, overridden by environment variables, then by CLI flags.

| setting        | env var              | default                          |
|----------------|----------------------|----------------------------------|
| warehouse      | POI_WAREHOUSE        | warehouse/poi.duckdb (under cwd) |
| prefect_home   | PREFECT_HOME         | .prefect (under cwd)             |
| lock_wait      | POI_LOCK_WAIT        | 120 seconds                      |
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

from poi_warehouse.errors import SettingsError

DEFAULT_WAREHOUSE = Path("warehouse") / "poi.duckdb"
DEFAULT_PREFECT_HOME = Path(".prefect")
DEFAULT_LOCK_WAIT = 120.0


def bundled_sample() -> Path:
    """The real 2017 IV-quarter report shipped with the package: the default input."""
    return Path(str(resources.files("poi_warehouse") / "samples" / "poi_2017_t4.txt"))


@dataclass(frozen=True)
class Settings:
    warehouse: Path
    prefect_home: Path
    lock_wait: float

    @property
    def gx_dir(self) -> Path:
        """The Great Expectations project kept next to the warehouse (suites, results, Data Docs)."""
        return self.warehouse.with_name(self.warehouse.stem + "_gx")

    @property
    def data_docs(self) -> Path:
        return self.gx_dir / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"

    def with_overrides(self, warehouse: str | None = None) -> Settings:
        return replace(self, warehouse=Path(warehouse).absolute()) if warehouse else self


def _float_env(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name}={raw!r} is not a number of seconds") from None
    if value < 0:
        raise SettingsError(f"{name}={raw!r} must not be negative")
    return value


def load_settings() -> Settings:
    warehouse = os.environ.get("POI_WAREHOUSE") or str(DEFAULT_WAREHOUSE)
    prefect_home = os.environ.get("PREFECT_HOME") or str(DEFAULT_PREFECT_HOME)
    return Settings(
        warehouse=Path(warehouse).expanduser().absolute(),
        prefect_home=Path(prefect_home).expanduser().absolute(),
        lock_wait=_float_env("POI_LOCK_WAIT", DEFAULT_LOCK_WAIT),
    )


def apply_prefect_environment(settings: Settings) -> None:
    """Point Prefect at the project's home before Prefect is imported; keep explicit user values."""
    os.environ.setdefault("PREFECT_HOME", str(settings.prefect_home))
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
