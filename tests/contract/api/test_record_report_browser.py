"""The printable tenure record opened in headless Chromium: it renders, draws its timeline, and is not blank.

The record is a real one (manager M05 of the golden scenario, as the running system produced it), rendered
straight to a file: no service is needed. The screenshot is kept in test-artifacts/ for a person to look at."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from services.contract_svc.api.record_report import render_report
from services.contract_svc.api.record_timeline import drawn_entries
from tests.contract.api.chromium import ARTIFACTS, PNG_MAGIC, WIDTH, chromium_or_skip, png_pixels, run_chromium

FIXTURE = Path(__file__).parents[1] / "fixtures" / "tenure_record_M05.json"
HEIGHT = 2400


@pytest.fixture
def chromium() -> Path:
    return chromium_or_skip()


@pytest.fixture
def record() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return loaded


@pytest.fixture
def report(record: dict[str, Any], tmp_path: Path) -> Path:
    page = tmp_path / "record-report.html"
    page.write_text(render_report(record), encoding="utf-8")
    return page


def test_the_report_renders_in_chromium_with_a_marker_for_every_drawn_event(
    chromium: Path, report: Path, record: dict[str, Any], tmp_path: Path
) -> None:
    dom = run_chromium(chromium, tmp_path / "profile-dom", HEIGHT, "--dump-dom", report.as_uri()).stdout
    svg = re.search(r'<svg id="timeline"[^>]*>.*?</svg>', dom, re.DOTALL)
    assert svg is not None, "the rendered page has no svg#timeline"
    assert 'role="img"' in svg.group(0) and "aria-label=" in svg.group(0)
    expected = Counter(entry["category"] for entry in drawn_entries(record["timeline"]))
    drawn = Counter(re.findall(r'class="event event-(\w+)"', svg.group(0)))
    assert drawn == expected and expected["payment"] == 42 and expected["signature"] == 10
    assert "任期档案" in dom and "周强" in dom and 'role="alert"' not in dom


def test_the_screenshot_is_a_picture_of_the_report_not_a_blank_page(
    chromium: Path, report: Path, tmp_path: Path
) -> None:
    shot = tmp_path / "record-report.png"
    run_chromium(chromium, tmp_path / "profile-shot", HEIGHT, f"--screenshot={shot}", report.as_uri())
    png = shot.read_bytes()
    assert png.startswith(PNG_MAGIC) and len(png) > 50_000
    width, height, data = png_pixels(png)
    assert (width, height) == (WIDTH, HEIGHT)
    # A single-colour image leaves at most a dozen byte values however its rows are filtered (the filter
    # types, zero, the colour's bytes and their halves); a page of text leaves hundreds.
    assert len(set(data)) > 32
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copyfile(shot, ARTIFACTS / "record-report.png")
