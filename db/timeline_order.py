"""The timeline's display order, rebuilt after each import, and the period runs that head it.

`timeline` gives every dated event and statement a dense position (`pos`), so any scrollbar offset
is one primary-key seek and the total is `max(pos) + 1`, with no `count(*)` or deep `OFFSET`.
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
# statements made at it, then id (DESIGN §3).
_REBUILD_TIMELINE = f"""
INSERT INTO timeline (pos, kind, item_id, lo_key, hi_key, prec_rank, date)
SELECT row_number() OVER (
         ORDER BY lo_key, prec_rank, tkey, hi_key, grp, kind_rank, item_id) - 1,
       kind, item_id, lo_key, hi_key, prec_rank, date
FROM (
  SELECT 'event' AS kind, 0 AS kind_rank, id AS item_id, id AS grp, lo_key, hi_key,
         {_PREC_RANK.format(col="precision")} AS prec_rank, date, substr(date, 12, 5) AS tkey
  FROM events WHERE lo_key IS NOT NULL
  UNION ALL
  SELECT 'statement', 1, s.id, coalesce(s.event_id, s.id),
         coalesce(s.lo_key, e.lo_key), coalesce(s.hi_key, e.hi_key),
         {_PREC_RANK.format(col="coalesce(s.precision, e.precision)")},
         coalesce(s.date, e.date), substr(coalesce(s.date, e.date), 12, 5)
  FROM statements s LEFT JOIN events e ON e.id = s.event_id
  WHERE coalesce(s.lo_key, e.lo_key) IS NOT NULL
)
"""

# A row's period under a grain: its start truncated to the grain, or to its own precision when that
# is coarser (a month-precision row never lands under a day header). Seasons fall back to the year.
_REBUILD_PERIODS = """
INSERT INTO periods (grain, idx, key, prec_rank, first_pos, count, line_start)
WITH keyed AS (
  SELECT pos, lo_key, ((lo_key % 10000) + 10000) % 10000 AS mmdd,
         CASE WHEN prec_rank >= :rank THEN :rank WHEN prec_rank = 1 THEN 0 ELSE prec_rank END AS prec
  FROM timeline
), truncated AS (
  SELECT pos, prec,
         CASE prec WHEN 0 THEN lo_key - mmdd
                   WHEN 2 THEN lo_key - mmdd % 100
                   ELSE lo_key END AS key
  FROM keyed
), marked AS (
  SELECT pos, prec, key,
         CASE WHEN key IS lag(key) OVER w AND prec IS lag(prec) OVER w THEN 0 ELSE 1 END AS starts
  FROM truncated WINDOW w AS (ORDER BY pos)
), runs AS (
  SELECT pos, prec, key, sum(starts) OVER (ORDER BY pos ROWS UNBOUNDED PRECEDING) - 1 AS idx
  FROM marked
)
SELECT :grain, idx, min(key), min(prec), min(pos), count(*), min(pos) + idx
FROM runs GROUP BY idx
"""


def rebuild(conn: sqlite3.Connection) -> None:
    """Recompute `timeline` and `periods` from events and statements, inside the caller's transaction."""
    # Filling the tables with their secondary indexes dropped, then indexing once, is several times
    # faster than maintaining the indexes row by row.
    conn.execute("DROP INDEX IF EXISTS idx_timeline_lo_key")
    conn.execute("DROP INDEX IF EXISTS idx_timeline_item_id_kind")
    conn.execute("DELETE FROM timeline")
    conn.execute("DELETE FROM periods")
    conn.execute(_REBUILD_TIMELINE)
    for grain, rank in GRAINS.items():
        conn.execute(_REBUILD_PERIODS, {"grain": grain, "rank": rank})
    conn.execute("CREATE INDEX idx_timeline_lo_key ON timeline (lo_key)")
    conn.execute("CREATE INDEX idx_timeline_item_id_kind ON timeline (item_id, kind)")
