"""The sample's dashboard in headless Chromium with the network switched off: every chart is drawn,
the 24 units are named, the console has no error, nothing is requested but the file; a screenshot is
kept in out/screenshots/."""

from __future__ import annotations

import base64
import json
import shutil

import pytest

from flows.dashboard import Bands, write_entity, write_index
from tests.browser import SCREENSHOTS, chromium
from warehouse.query import run_query

pytestmark = pytest.mark.e2e
PAGE_SECONDS = 60  # bounds every wait on the browser


def _offline_browser():
    """Chromium logging the console and every request, with the network emulated offline."""
    driver = chromium({"goog:loggingPrefs": {"browser": "ALL", "performance": "ALL"}})
    driver.set_page_load_timeout(PAGE_SECONDS)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd(
        "Network.emulateNetworkConditions",
        {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    return driver


def _requested_by_files(driver) -> set[str]:
    """The URLs requested by documents opened from files (the browser's own chrome:// pages aside)."""
    urls = set()
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent" and message["params"]["documentURL"].startswith("file:"):
            urls.add(message["params"]["request"]["url"])
    return urls


def _full_page_png(driver, path) -> None:
    size = driver.execute_script("return [document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot",
        {"captureBeyondViewport": True, "clip": {"x": 0, "y": 0, "width": size[0], "height": size[1], "scale": 1}},
    )
    path.write_bytes(base64.b64decode(shot["data"]))


def test_the_sample_dashboard_opens_offline_with_every_chart_and_unit(sample_warehouse, tmp_path):
    from selenium.webdriver.common.by import By

    page = write_entity(sample_warehouse, "SAT", Bands())
    index = write_index(sample_warehouse, Bands())
    units = {u for (u,) in run_query(sample_warehouse, "select distinct unit_name from v_execution_rate").rows}
    assert len(units) == 24
    driver = _offline_browser()
    try:
        driver.get(page.as_uri())
        charts = driver.find_elements(By.CSS_SELECTOR, "div.chart")
        names = {c.get_attribute("data-chart") for c in charts}
        assert {"heatmap", "cumulative-entity", "cumulative-unit", "behind", "row-status"} <= names
        for chart in charts:
            svg = chart.find_element(By.TAG_NAME, "svg")
            assert svg.size["width"] > 100 and svg.size["height"] > 50, chart.get_attribute("data-chart")
        heatmap_texts = {t.get_attribute("textContent") for t in driver.find_elements(
            By.CSS_SELECTOR, "div[data-chart=heatmap] svg text")}  # fmt: skip
        assert units <= heatmap_texts
        body = driver.find_element(By.TAG_NAME, "body").text
        assert "Actividades más atrasadas al corte (9 de hasta 15)" in body and "Calidad de los datos" in body
        assert "Celdas abiertas" in body
        shot = tmp_path / "dashboard_sample.png"
        _full_page_png(driver, shot)
        driver.get(index.as_uri())
        assert "SAT" in driver.find_element(By.ID, "entities").text
        driver.find_element(By.LINK_TEXT, "SAT").click()
        assert driver.current_url == page.as_uri()
        errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        requested = _requested_by_files(driver)
    finally:
        driver.quit()
    assert errors == []
    assert page.as_uri() in requested and index.as_uri() in requested
    assert {url.split(":", 1)[0] for url in requested} <= {"file", "data"}, requested
    assert shot.stat().st_size > 50_000
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(shot, SCREENSHOTS / shot.name)
