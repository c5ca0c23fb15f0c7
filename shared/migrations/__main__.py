"""`python -m shared.migrations SCRIPT_LOCATION`: upgrade the database named by TENURE_MIGRATE_URL to the head
of SCRIPT_LOCATION; how a service upgrades at start without keeping alembic in its memory (shared/schema.py)."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from shared.migrations import upgrade
from shared.schema import URL_VARIABLE

if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    upgrade(Path(sys.argv[1]), os.environ[URL_VARIABLE])
