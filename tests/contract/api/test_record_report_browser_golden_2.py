"""Golden-2's reports opened in headless Chromium: M01's shows its upheld objection, M03's its exit for cause with
the tenure bar cut at the exit, M05's the arrears line of its revised 2022; each page is kept as a screenshot in
test-artifacts/ (record-report-golden-2-M0x.png) for a person to look at.

The records are real ones (tests/contract/fixtures/make_records.py ran golden-2 through the three services)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from services.contract_svc.api.record_report import render_report
from tests.contract.api.chromium import ARTIFACTS, PNG_MAGIC, WIDTH, chromium_or_skip, png_pixels, run_chromium

FIXTURES = Path(__file__).parents[1] / "fixtures"
HEIGHT = 10_000  # the whole page of a three-year record, down to its decision log
# What each manager's page must show, as a row or block of the rendered DOM, and what it must say there.
SHOWN = {
    "M01": (r'<tr class="objection upheld">.*?</tr>',
            ("2023-O1", "异议成立 upheld", "profit (实际值 actual): 1235 → <b>1300</b>")),
    "M03": (r'<div class="exit">.*?<div class="year">',
            ("刚性退出 rigid_exit", "<b>2024-04-30</b>", "董事会决议〔2024〕3号", "66,120.22", "因故免职，不予兑现")),
    "M05": (r'<tr class="correction line-arrears">.*?</tr>',
            ("补发 arrears", "125,753.43", "<b>L16</b> · 绩效年薪 performance 2022")),
}
BAR_ENDS = {"M01": "2024-12-31", "M03": "2024-04-30", "M05": "2024-12-31"}  # M03 left for cause on 30 April 2024


@pytest.fixture
def chromium() -> Path:
    return chromium_or_skip()


def report(code: str, folder: Path) -> Path:
    record = json.loads((FIXTURES / f"tenure_record_{code}_golden2.json").read_text(encoding="utf-8"))
    page = folder / f"record-report-{code}.html"
    page.write_text(render_report(record), encoding="utf-8")
    return page


@pytest.mark.parametrize("code", sorted(SHOWN))
def test_the_golden_2_report_shows_its_change_after_the_fact_in_chromium(
    code: str, chromium: Path, tmp_path: Path
) -> None:
    dom = run_chromium(chromium, tmp_path / "profile-dom", HEIGHT, "--dump-dom", report(code, tmp_path).as_uri()).stdout
    where, said = SHOWN[code]
    found = re.search(where, dom, re.DOTALL)
    assert found is not None, f"{code}: {where} is not on the page"
    for words in said:
        assert words in found.group(0), f"{code}: {words}"
    bar = re.search(r'<rect class="tenure-span"[^>]*data-end="([\d-]+)"', dom)
    assert bar is not None and bar.group(1) == BAR_ENDS[code]
    cut = re.search(r'<rect class="tenure-cut"[^>]*data-from="([\d-]+)" data-to="([\d-]+)"', dom)
    assert (cut.groups() if cut else None) == (("2024-04-30", "2024-12-31") if code == "M03" else None)
    assert "任期档案" in dom and 'role="alert"' not in dom


@pytest.mark.parametrize("code", sorted(SHOWN))
def test_the_golden_2_report_screenshot_is_kept_as_a_test_artifact(code: str, chromium: Path, tmp_path: Path) -> None:
    shot = tmp_path / f"record-report-golden-2-{code}.png"
    run_chromium(chromium, tmp_path / "profile-shot", HEIGHT, f"--screenshot={shot}", report(code, tmp_path).as_uri())
    png = shot.read_bytes()
    assert png.startswith(PNG_MAGIC)
    width, height, data = png_pixels(png)
    assert (width, height) == (WIDTH, HEIGHT) and len(set(data)) > 32  # a page of text, not one colour
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copyfile(shot, ARTIFACTS / shot.name)
