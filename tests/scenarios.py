"""The worked scenarios the tests reproduce, copied into the repository from the workspace's shared folder
(tests/fixtures/scenarios/README.md gives their format), so that a clone tests itself."""

from __future__ import annotations

from pathlib import Path

SCENARIOS = Path(__file__).resolve().parent / "fixtures" / "scenarios"
GOLDEN = SCENARIOS / "golden-1.json"
GOLDEN_EXPECTED = SCENARIOS / "golden-1.expected.json"
GOLDEN_2 = SCENARIOS / "golden-2.json"  # golden-1 with one of each decision after the fact
GOLDEN_2_EXPECTED = SCENARIOS / "golden-2.expected.json"
