"""Which unique constraint a failed write broke, read from the driver's structured error, never from its message.

PostgreSQL says it with SQLSTATE 23505 (unique_violation) and the names of the table and the constraint
(asyncpg's `UniqueViolationError.table_name` and `.constraint_name`, reached through SQLAlchemy's
`DBAPIError.orig.driver_exception`). SQLite names neither: its extended result code says which kind of
constraint failed (`SQLITE_CONSTRAINT_PRIMARYKEY` or `SQLITE_CONSTRAINT_UNIQUE`); the caller knows which table
its statement wrote, and a table with a single constraint of that kind has broken that one.

Two writers can also each hold what the other needs (a base run appending to every account of an enterprise
while the inbox appends to two of them in another order): PostgreSQL ends one with SQLSTATE 40P01
(deadlock_detected), or 40001 (serialization_failure). Its command lost to a concurrent writer and, like one
that found its stream moved on, is decided again on the fresh state (`lost_to_concurrent_writer`).
"""

from __future__ import annotations

import sqlite3

import asyncpg
from sqlalchemy import Constraint, PrimaryKeyConstraint, Table, UniqueConstraint
from sqlalchemy.exc import DBAPIError, EmulatedDBAPIException

from shared.errors import ConflictError

UNIQUE_VIOLATION = "23505"  # SQLSTATE class 23, integrity constraint violation
CONCURRENT_WRITERS = {"40P01", "40001"}  # SQLSTATE class 40, transaction rollback: deadlock, serialization
# SQLAlchemy's, its adapter's (PEP 249, through a cursor), and asyncpg's own when spoken to directly
WRITE_ERRORS = (DBAPIError, EmulatedDBAPIException, asyncpg.PostgresError)
SQLITE_KINDS = {"SQLITE_CONSTRAINT_PRIMARYKEY": PrimaryKeyConstraint, "SQLITE_CONSTRAINT_UNIQUE": UniqueConstraint}


def broken_constraint(error: Exception, table: Table) -> Constraint | None:
    """The primary key or unique constraint of `table` a write to it broke; None when it failed for another reason.

    `error` is what the write raised: SQLAlchemy's DBAPIError, or the driver's own error when the write went
    to the driver directly."""
    driver_error = driver_exception(error)
    if isinstance(driver_error, sqlite3.IntegrityError):
        kind = SQLITE_KINDS.get(driver_error.sqlite_errorname)
        of_kind = [c for c in _unique_constraints(table) if type(c) is kind]
        return of_kind[0] if len(of_kind) == 1 else None
    if getattr(driver_error, "sqlstate", None) != UNIQUE_VIOLATION:
        return None
    if getattr(driver_error, "table_name", table.name) != table.name:
        return None
    return postgres_constraint(table, getattr(driver_error, "constraint_name", None))


def lost_to_concurrent_writer(error: BaseException) -> bool:
    """The database ended this transaction for another's sake (a deadlock between the two): decide again."""
    return getattr(driver_exception(error), "sqlstate", None) in CONCURRENT_WRITERS


def lost_to_another_writer() -> ConflictError:
    return ConflictError("another command wrote the same records at the same moment; reload and try again",
                         field="expected_version", rule="optimistic_concurrency")


def driver_exception(error: BaseException | None) -> BaseException | None:
    """The driver's own exception beneath SQLAlchemy's wrapper and its DBAPI emulation (asyncpg's)."""
    if isinstance(error, DBAPIError):
        error = error.orig
    if isinstance(error, EmulatedDBAPIException) and error.orig is not None:
        error = error.driver_exception
    return error


def postgres_constraint(table: Table, name: str | None) -> Constraint | None:
    """The constraint of `table` PostgreSQL calls `name`: its own name, or the one PostgreSQL gave it
    (`<table>_pkey`, `<table>_<columns>_key`). A table with one such constraint (a renamed table keeps its
    old constraint names) has broken that one."""
    candidates = _unique_constraints(table)
    named = [c for c in candidates if name in {c.name, _postgres_default_name(table, c)}]
    if named:
        return named[0]
    return candidates[0] if len(candidates) == 1 else None


def _unique_constraints(table: Table) -> list[Constraint]:
    return [c for c in table.constraints if isinstance(c, PrimaryKeyConstraint | UniqueConstraint)]


def _postgres_default_name(table: Table, constraint: Constraint) -> str:
    if isinstance(constraint, PrimaryKeyConstraint):
        return f"{table.name}_pkey"
    return "_".join([table.name, *(c.name for c in constraint.columns), "key"])
