"""End-to-end fixtures: fresh databases whose URLs are handed to real service processes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e.golden_system import RunningSystem, golden_system


@pytest.fixture(scope="session")
def system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSystem]:
    """The three services on fresh SQLite files, with the golden scenario run through them by its people."""
    yield from golden_system(tmp_path_factory)
