"""bench/relay.py runs end to end on a short SQLite variant and ends with the line the notes quote."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LAST_LINE = re.compile(r"relay_p99_ms=(\S+) relay_msgs_per_s=(\S+) catch_up_s=(\S+)")
SHORT = ["--database", "sqlite", "--rates", "20", "--seconds", "2", "--outage", "2", "--backlog", "200",
         "--idle-seconds", "2"]


def test_the_relay_bench_runs_and_ends_with_its_figures() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "relay.py"), *SHORT], cwd=ROOT,
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.strip().splitlines()
    figures = LAST_LINE.fullmatch(lines[-1])
    assert figures, lines[-3:]
    assert all(float(value) >= 0 for value in figures.groups()), lines[-1]  # numbers, not nan
    assert re.fullmatch(r"idle_cpu_pct=\d+\.\d+", lines[-2]), lines[-2]
    assert "FAILED" not in done.stdout and "timed out" not in done.stdout, done.stdout


def test_the_inbox_bench_runs_and_every_message_takes_effect() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "inbox.py"), "--database", "sqlite",
                           "--messages", "300", "--repeat", "2"], cwd=ROOT, capture_output=True, text=True,
                          timeout=180)
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.strip().splitlines()
    assert re.fullmatch(r"inbox_msgs_per_s=\d+ inbox_cpu_ms_per_msg=\d+\.\d+", lines[-1]), lines[-1]
    runs = [line for line in lines if line.startswith("run ")]
    assert len(runs) == 2 and all("301 messages took effect" in r and "300 managers learned" in r for r in runs), runs
