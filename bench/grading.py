"""How the forced distribution of grades scales: `propose_grades` on random groups of 1,000 and 3,000.

    python bench/grading.py

Prints the best of a few runs at each size and the ratio 3,000 / 1,000: about 3 (a little more) for
O(N log N), about 9 for O(N²)."""

from __future__ import annotations

import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from services.appraisal_svc.domain.grading import Candidate, propose_grades  # noqa: E402

SIZES = (1_000, 3_000)
RUNS = 3


def group(size: int, seed: int = 10) -> list[Candidate]:
    """Totals of two decimals between 60 and 110, many tied, a few vetoed."""
    rng = random.Random(seed)
    return [Candidate(f"m{i}", Decimal(rng.randint(6000, 11000)) / 100, rng.random() < 0.02) for i in range(size)]


def best_of(size: int) -> float:
    candidates = group(size)
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        propose_grades(candidates, None)
        timings.append(time.perf_counter() - started)
    return min(timings)


def main() -> None:
    seconds = {size: best_of(size) for size in SIZES}
    for size, taken in seconds.items():
        print(f"propose_grades n={size:>5}: {taken * 1000:8.1f} ms")
    print(f"ratio {SIZES[1]}/{SIZES[0]}: {seconds[SIZES[1]] / seconds[SIZES[0]]:.2f}")


if __name__ == "__main__":
    main()
