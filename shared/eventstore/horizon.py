"""The feed's visibility horizon on PostgreSQL: the notification id below which every event is already visible.

A row's notification id is `xid << 20 | k` (store.py). A reader may return the rows with an xid below a
horizon H only if every transaction below H that could still write to this table has finished as of the
reader's snapshot; then a later commit always has an id above anything returned and nothing is skipped.

The server-wide answer is `pg_snapshot_xmin` of the snapshot: no transaction below it is in progress anywhere.
It is correct but holds every database's feed back on any open transaction of the server (issue #13: a
write left open 20 s in another database froze /events for 20.6 s). A transaction of another database can
never write here (a backend stays in the database it connected to; dblink connects a backend of its own),
so the horizon here is the smallest in-progress xid of the reader's own snapshot
(`pg_snapshot_xip(pg_current_snapshot())`) that is not *known* to belong to another database, else the
snapshot's `xmax` (the first xid not yet handed out: every xid assigned later is at or above it, and
transactions without an xid yet, xid-less readers included, can only get such an xid).

Known means positive evidence, read after the snapshot was taken (the views are read while the statement
runs): `pg_stat_activity` shows a backend of another database (`datname`) holding that xid (`backend_xid`),
or `pg_prepared_xacts` shows a prepared transaction of another database. Anything else holds the horizon:
a transaction of this database, one that finished between the snapshot and the view's read (its rows are
not in this snapshot, so it must hold), a backend with no database. No privilege is needed: PostgreSQL (15
checked, tests/faults/test_feed_horizon.py) shows every role the database and backend_xid of every session,
hiding only their queries and states; were a role ever denied them, its readers would wait as before, never skip.

Weighed and left: taking "the smallest `backend_xid` of this database" alone, without the snapshot, skips
a transaction that commits between the snapshot and the view's read, and every transaction a role may not
see; a per-database counter assigned at commit under a lock serialises every append's commit (what the
xid-based ids were chosen to avoid). The xid8 of the snapshot and the 32-bit xid of the views are matched
on the low 32 bits: in-progress xids are less than 2^31 apart, so no two of them share those bits.
"""

from __future__ import annotations

from sqlalchemy import TextClause, text

_LOW_32_BITS = "4294967295"
_FOREIGN = (  # positive evidence that in-progress xid x belongs to another database
    "EXISTS (SELECT FROM pg_stat_activity a WHERE a.datname <> current_database()"
    f" AND a.backend_xid::text::bigint = x::text::bigint & {_LOW_32_BITS})"
    " OR EXISTS (SELECT FROM pg_prepared_xacts p WHERE p.database <> current_database()"
    f" AND p.transaction::text::bigint = x::text::bigint & {_LOW_32_BITS})"
)


def pg_visible_below(tx_shift: int) -> TextClause:
    """The smallest notification id not yet safe to read: one scalar subquery (evaluated once per read) on the
    statement's own snapshot, so that the horizon and the rows read agree."""
    return text(
        f"(SELECT COALESCE((SELECT min(x::text::bigint) FROM pg_snapshot_xip(snap.s) AS x WHERE NOT ({_FOREIGN})),"
        f" pg_snapshot_xmax(snap.s)::text::bigint) << {tx_shift} FROM (SELECT pg_current_snapshot() AS s) AS snap)"
    )
