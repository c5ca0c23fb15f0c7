"""`python -m deploy.migrate SERVICE [REVISION]`: bring a service's database to head (or REVISION)."""

from __future__ import annotations

import importlib
import sys

from deploy.services import SERVICES, by_name
from shared.migrations import upgrade


def database_url(entry) -> str:  # type: ignore[no-untyped-def]
    settings = importlib.import_module(f"{entry.module}.settings").Settings()
    return settings.resolved_database_url(entry.name)


def main(argv: list[str]) -> None:
    names = argv[:1] or [e.name for e in SERVICES]
    revision = argv[1] if len(argv) > 1 else "head"
    for name in names if names != ["all"] else [e.name for e in SERVICES]:
        entry = by_name(name)
        upgrade(entry.migrations, database_url(entry), revision)
        print(f"{entry.name}: database at {revision}")


if __name__ == "__main__":
    main(sys.argv[1:])
