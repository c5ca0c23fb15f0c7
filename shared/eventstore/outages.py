"""Which failures mean "the database is not there for now" (an outage): answered 503 with Retry-After, not 500.

Known by the driver's structured error, never by its message: PostgreSQL's SQLSTATE (class 08 connection
exception; 57P01-57P03 the server shutting down, crashed or starting; 25006 a read-only transaction, as on a
standby or a database set read-only; class 53 insufficient resources: disk full, out of memory, too many
connections), asyncpg's connection errors and a socket that failed (OSError), SQLAlchemy's word that the
connection was invalidated or that no pooled connection came in time, a connection that did not open within
its timeout (asyncpg raises the bare TimeoutError; nothing else of ours lets one escape a request), and SQLite's
extended result codes for a read-only, full, locked or unopenable database file. Anything else is a fault of
ours: a 500."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import asyncpg
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from shared.eventstore.conflicts import driver_exception

OUTAGE_SQLSTATES = frozenset({"57P01", "57P02", "57P03", "25006"})
OUTAGE_SQLSTATE_CLASSES = frozenset({"08", "53"})
SQLITE_OUTAGES = ("SQLITE_READONLY", "SQLITE_FULL", "SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_CANTOPEN", "SQLITE_IOERR")


def is_outage(error: BaseException) -> bool:
    """Whether `error`, or an error it was raised from, says the database is unreachable, read-only or full."""
    return any(_says_outage(e) for e in _chain(error))


def _says_outage(error: BaseException) -> bool:
    if isinstance(error, PoolTimeoutError | TimeoutError) or (
            isinstance(error, DBAPIError) and error.connection_invalidated):
        return True
    driver = driver_exception(error)
    if isinstance(driver, sqlite3.Error):
        return str(getattr(driver, "sqlite_errorname", "")).startswith(SQLITE_OUTAGES)
    # A socket error counts when the driver raised it (reaching the server), or as a connection refused or reset
    if isinstance(driver, asyncpg.PostgresConnectionError | ConnectionError):
        return True
    if isinstance(error, DBAPIError) and isinstance(driver, OSError):
        return True
    state = getattr(driver, "sqlstate", None)
    return isinstance(state, str) and (state in OUTAGE_SQLSTATES or state[:2] in OUTAGE_SQLSTATE_CLASSES)


def _chain(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__
