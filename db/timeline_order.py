"""The timeline's display order, rebuilt after each import, and the period runs that head it.

`timeline` gives every dated event and statement a dense position (`pos`, from 1), so any scrollbar
offset is one primary-key seek and the total is `max(pos)`, with no `count(*)` or deep `OFFSET`.
`periods` holds, per grouping (year, month, day), the runs of consecutive rows under one header and
the screen line each run starts on, so line <-> row is one indexed seek too.
"""

from __future__ import annotations

import sqlite3

GRAINS = {"year": 0, "month": 2, "day": 3}
"""Groupings the timeline offers, with the precision rank of their period key."""

_PREC_RANK = (
    "CASE {col} WHEN 'year' THEN 0 WHEN 'season' THEN 1 WHEN 'month' THEN 2 "
    "WHEN 'day' THEN 3 ELSE 4 END"
)

# Order: start day, coarser precision first, time of day, end day, then an event before the
# statements made at it, then id (DESIGN §3). Rows go in sorted into an emptied table, so each
# row's rowid, `pos`, is its place: 1, 2, 3, ...
_ORDER = "ORDER BY lo_key, prec_rank, tkey, hi_key, grp, kind_rank, item_id"
_EVENT_ROWS = """
  SELECT 'event' AS kind, 0 AS kind_rank, {id} AS item_id, {id} AS grp, lo_key, hi_key,
         {prec_rank} AS prec_rank, date, substr(date, 12, 5) AS tkey
  FROM {source} WHERE lo_key IS NOT NULL"""

_REBUILD_TIMELINE = f"""
INSERT INTO timeline (pos, kind, item_id, lo_key, hi_key, prec_rank, date)
SELECT NULL, kind, item_id, lo_key, hi_key, prec_rank, date
FROM (
  {_EVENT_ROWS.format(id="id", prec_rank=_PREC_RANK.format(col="precision"), source="events")}
  UNION ALL
  SELECT 'statement', 1, s.id, coalesce(s.event_id, s.id),
         coalesce(s.lo_key, e.lo_key), coalesce(s.hi_key, e.hi_key),
         {_PREC_RANK.format(col="coalesce(s.precision, e.precision)")},
         coalesce(s.date, e.date), substr(coalesce(s.date, e.date), 12, 5)
  FROM statements s LEFT JOIN events e ON e.id = s.event_id
  WHERE coalesce(s.lo_key, e.lo_key) IS NOT NULL
)
{_ORDER}
"""

TIMELINE_ROWS = "kind, item_id, lo_key, hi_key, prec_rank, date"
"""The columns of a timeline row, as `events_in_order` gives them."""


def events_in_order(source: str, id_expr: str = "id") -> str:
    """A SELECT of the timeline rows of the events in `source` (a table with their id, lo_key,
    hi_key, precision and date), in the order `rebuild` gives a timeline of those events alone: a
    bulk import into an empty store can sort them beside its other work and hand them over."""
    rows = _EVENT_ROWS.format(id=id_expr, prec_rank=_PREC_RANK.format(col="precision"),
                              source=source)
    return f"SELECT {TIMELINE_ROWS} FROM ({rows}) {_ORDER}"


# A row's period under a grain: its start truncated to the grain, or to its own precision when that
# is coarser (a month never lands under a day header; a season heads itself by its first month).
# Because rows are ordered by start day and then coarser first, the rows of one (key, precision)
# are always consecutive, so a GROUP BY finds the runs without a window over every row.
# A run's header takes one line, so the run starts on line (first_pos - 1) + idx.
_REBUILD_PERIODS = """
INSERT INTO periods (grain, idx, key, prec_rank, first_pos, count, line_start)
SELECT :grain, row_number() OVER (ORDER BY first_pos) - 1, key, prec, first_pos, n,
       first_pos - 1 + row_number() OVER (ORDER BY first_pos) - 1
FROM (
  SELECT key, prec, min(pos) AS first_pos, count(*) AS n FROM (
    SELECT pos, min(prec_rank, :rank) AS prec,
           CASE min(prec_rank, :rank)
             WHEN 0 THEN lo_key - ((lo_key % 10000) + 10000) % 10000
             WHEN 3 THEN lo_key
             WHEN 4 THEN lo_key
             ELSE lo_key - ((lo_key % 100) + 100) % 100 END AS key
    FROM timeline)
  GROUP BY key, prec)
"""


def rebuild(conn: sqlite3.Connection, presorted: str | None = None) -> None:
    """Recompute `timeline` and `periods` from events and statements, inside the caller's
    transaction. `presorted`, if given, names a table that already holds every row of the timeline
    in order (`events_in_order`), to be copied instead of sorted again."""
    # Filling the tables with their secondary indexes dropped, then indexing once, is several times
    # faster than maintaining the indexes row by row.
    conn.execute("DROP INDEX IF EXISTS idx_timeline_lo_key")
    conn.execute("DROP INDEX IF EXISTS idx_timeline_item_id_kind")
    conn.execute("DROP INDEX IF EXISTS idx_timeline_hi_key")
    conn.execute("DELETE FROM timeline")
    conn.execute("DELETE FROM periods")
    if presorted is None:
        conn.execute(_REBUILD_TIMELINE)
    else:
        conn.execute(f"INSERT INTO timeline (pos, {TIMELINE_ROWS}) "
                     f"SELECT NULL, {TIMELINE_ROWS} FROM {presorted} ORDER BY rowid")
    for grain, rank in GRAINS.items():
        conn.execute(_REBUILD_PERIODS, {"grain": grain, "rank": rank})
    conn.execute("CREATE INDEX idx_timeline_lo_key ON timeline (lo_key)")
    conn.execute("CREATE INDEX idx_timeline_item_id_kind ON timeline (item_id, kind)")
    conn.execute("CREATE INDEX idx_timeline_hi_key ON timeline (hi_key)")
