"""bench/yearend.py runs end to end on a small group and ends with the line the notes quote; the generated group
is deterministic and every enterprise differs from the others."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from bench.yearend_group import group
from tenurectl.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "fixtures" / "scenarios" / "golden-1.json"
LAST_LINE = re.compile(r"yearend_s=(\S+) onboard_per_s=(\S+) cmd_ratio=(\S+) peak_rss_mb=(\S+)")
SMALL = ["--enterprises", "2", "--per", "2", "--large", "3", "--ratio-seconds", "0.5", "--ratio-threads", "2"]


def test_the_yearend_bench_pays_every_manager_from_the_final_appraisal_and_ends_with_its_figures() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "yearend.py"), *SMALL], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.strip().splitlines()
    figures = LAST_LINE.fullmatch(lines[-1])
    assert figures, lines[-3:]
    assert all(float(value) > 0 for value in figures.groups()), lines[-1]
    assert "managers=7 enterprises=3" in done.stdout and "'followed': 7" in done.stdout, done.stdout


def test_the_generated_group_is_the_same_each_time_and_no_enterprise_copies_another() -> None:
    golden = load_scenario(GOLDEN)
    first, again = group(golden, 3, 10, 25), group(golden, 3, 10, 25)
    assert [s.raw for s in first] == [s.raw for s in again]
    assert [len(s.managers) for s in first] == [10, 10, 10, 25]
    actuals = [[m["actuals"] for m in s.managers[:10]] for s in first]
    assert len({repr(a) for a in actuals}) == 4
    codes = [m["code"] for s in first for m in s.managers]
    assert len(set(codes)) == len(codes)
