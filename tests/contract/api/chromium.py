"""Headless Chromium for the tenure record report tests: one run per call with a profile of its own, and what a
PNG screenshot is made of. Screenshots are kept in test-artifacts/ (gitignored; CI keeps the folder)."""

from __future__ import annotations

import os
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parents[3] / "test-artifacts"
WIDTH = 1280
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def chromium_or_skip() -> Path:
    """Debian's Chromium; CI installs it, so there a missing browser is a failure, not a skip."""
    if CHROMIUM.exists():
        return CHROMIUM
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is required in CI to check the tenure record report")
    pytest.skip(f"{CHROMIUM} is not installed")


def run_chromium(chromium: Path, profile: Path, height: int, *args: str) -> subprocess.CompletedProcess[str]:
    """One headless run with a profile of its own, so that runs never share or lock a browser profile."""
    command = [str(chromium), "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
               "--disable-background-networking", "--no-first-run", "--hide-scrollbars",
               f"--window-size={WIDTH},{height}", f"--user-data-dir={profile}", *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, f"chromium exited with {done.returncode}: {done.stderr[-2000:]}"
    return done


def png_pixels(png: bytes) -> tuple[int, int, bytes]:
    """Width, height and the decompressed (still filtered) image data of a PNG."""
    width, height = struct.unpack(">II", png[16:24])
    chunks, position = [], len(PNG_MAGIC)
    while position < len(png):
        length, kind = struct.unpack(">I4s", png[position:position + 8])
        if kind == b"IDAT":
            chunks.append(png[position + 8:position + 8 + length])
        position += 12 + length
    return width, height, zlib.decompress(b"".join(chunks))
