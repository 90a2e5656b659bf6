"""Which Prefect server a command talks to: `$PREFECT_API_URL`, else the project's UI server when it runs.

`poi-etl ui` starts a server on 127.0.0.1:$POI_UI_PORT (default 4200). `poi-etl run` and
`poi-etl serve` call `select_server()` *before Prefect is imported*: when `PREFECT_API_URL` is
unset and that server answers `GET /api/health` within half a second, `PREFECT_API_URL` is set to
it, so the run shows up in the UI. Otherwise Prefect starts a temporary server, as before.

An explicit `PREFECT_API_URL` is probed the same way (`check_api_url`, a few seconds at most, DNS
included): a URL where nothing answers is one line naming it, instead of Prefect's minutes of retries.

Stdlib only (no Prefect, no httpx): it runs before Prefect is imported, and must not go through an
HTTP proxy to reach 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from transforms.errors import SettingsError

UI_HOST = "127.0.0.1"
DEFAULT_UI_PORT = 4200
PROBE_TIMEOUT = 0.5
API_URL_PROBE_SECONDS = 5.0


def ui_port(raw: str | int | None = None) -> int:
    """The UI server port: `raw` (a --port flag), else $POI_UI_PORT, else 4200."""
    value = raw if raw is not None else os.environ.get("POI_UI_PORT") or DEFAULT_UI_PORT
    try:
        port = int(value)
    except (TypeError, ValueError):
        raise SettingsError(f"POI_UI_PORT={value!r} is not a port number") from None
    if not 1 <= port <= 65535:
        raise SettingsError(f"POI_UI_PORT={value!r} is not a port number (1-65535)")
    return port


def ui_url(port: int) -> str:
    return f"http://{UI_HOST}:{port}"


def api_url(port: int) -> str:
    return f"{ui_url(port)}/api"


def is_healthy(api: str, timeout: float = PROBE_TIMEOUT) -> bool:
    """True when `GET {api}/health` answers 200 `true` within `timeout` seconds (no proxy)."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(api.rstrip("/") + "/health", timeout=timeout) as response:
            return response.status == 200 and json.loads(response.read() or b"null") is True
    except (OSError, ValueError, urllib.error.URLError):
        return False


def _health_answer(api: str, timeout: float) -> str | None:
    """None when `GET {api}/health` answers as a Prefect server does; else why not."""
    request = urllib.request.Request(api.rstrip("/") + "/health")
    key = os.environ.get("PREFECT_API_KEY")
    if key:
        request.add_header("Authorization", f"Bearer {key}")
    local = urlsplit(api).hostname in ("127.0.0.1", "localhost", "::1")
    opener = urllib.request.build_opener(*([urllib.request.ProxyHandler({})] if local else []))
    try:
        with opener.open(request, timeout=timeout) as response:
            body = response.read(4096)
        if json.loads(body or b"null") is True:
            return None
    except urllib.error.HTTPError as err:
        if err.code in (401, 403):
            return None  # a server that wants credentials: Prefect's client sends them
        return f"its /health answers HTTP {err.code}: not a Prefect API URL (they end in /api)"
    except urllib.error.URLError as err:
        reason = err.reason
        if isinstance(reason, TimeoutError):
            return f"no answer within {timeout:.0f} s"
        return getattr(reason, "strerror", None) or str(reason)
    except TimeoutError:  # the answer started, then stalled
        return f"no answer within {timeout:.0f} s"
    except ValueError:  # not JSON: a web page, e.g. the UI's address without /api
        pass
    except OSError as err:
        return err.strerror or str(err) or type(err).__name__
    return "its /health does not answer as a Prefect API does (does the URL end in /api?)"


def check_api_url(api: str, seconds: float = API_URL_PROBE_SECONDS) -> None:
    """Refuse, in one line and within `seconds`, a PREFECT_API_URL where no Prefect server answers."""
    parts = urlsplit(api)
    try:
        parts.port  # noqa: B018 (a port that is not a number raises here)
    except ValueError:
        parts = parts._replace(netloc="")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SettingsError(f"PREFECT_API_URL={api!r} is not an http(s) URL (e.g. http://127.0.0.1:4200/api)")
    answer: list[str | None] = []
    probe = threading.Thread(target=lambda: answer.append(_health_answer(api, seconds)), daemon=True)
    probe.start()
    probe.join(seconds)  # name resolution has no timeout of its own: the thread bounds it
    reason = answer[0] if answer else f"no answer within {seconds:.0f} s"
    if reason:
        raise SettingsError(
            f"PREFECT_API_URL={api}: no Prefect server answers there ({reason}); "
            "start one with `poi-etl ui`, or unset PREFECT_API_URL to use a temporary server"
        )


@dataclass(frozen=True)
class ServerChoice:
    api_url: str | None  # None: a temporary server per process
    source: str  # "PREFECT_API_URL" | "detected" | "configured" | "temporary"

    def describe(self) -> str:
        if self.source == "PREFECT_API_URL":
            return f"prefect server: {self.api_url} (from PREFECT_API_URL)"
        if self.source == "detected":
            ui = self.api_url.removesuffix("/api") if self.api_url else ""
            return f"prefect server: {self.api_url} (running `poi-etl ui`; open {ui})"
        if self.source == "configured":
            return f"prefect server: {self.api_url} (Prefect settings)"
        return "prefect server: temporary, for this run only (start `poi-etl ui` to keep runs in a UI)"


def select_server(port: int | None = None) -> ServerChoice:
    """Decide the server and, when one is detected, export `PREFECT_API_URL` for Prefect to pick up.

    Detection only happens before Prefect is imported: afterwards its settings are fixed, so an
    in-process caller (tests under `prefect_test_harness`) keeps whatever Prefect is configured with.
    """
    explicit = os.environ.get("PREFECT_API_URL")
    if explicit:
        check_api_url(explicit)
        return ServerChoice(explicit, "PREFECT_API_URL")
    if "prefect" in sys.modules:
        from prefect.settings import get_current_settings

        configured = get_current_settings().api.url
        return ServerChoice(configured, "configured") if configured else ServerChoice(None, "temporary")
    candidate = api_url(ui_port(port))
    if is_healthy(candidate):
        os.environ["PREFECT_API_URL"] = candidate
        return ServerChoice(candidate, "detected")
    return ServerChoice(None, "temporary")
