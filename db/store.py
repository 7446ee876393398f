"""Store: opens a timeline database and answers every question the app and the CLI ask of it.

All SQL of the read path lives here; `tui/` calls these methods and never writes SQL.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from . import schema
from .dates import OPEN_HI_KEY, OPEN_LO_KEY
from .models import (
    ActorDetail,
    ActorEntry,
    ActorRef,
    DateInfo,
    EventDetail,
    EventRef,
    Excerpt,
    Period,
    SourceDetail,
    SourceRef,
    StatementDetail,
    StatementRef,
    Stats,
    TimelineLine,
    TimelineRow,
)
from .timeline_order import GRAINS

if TYPE_CHECKING:
    import sqlite_utils


ReadError = sqlite3.DatabaseError
"""What any read raises when the store's file is damaged: callers report it and stop."""


class StoreError(Exception):
    """The store cannot be opened or written; the message says why in words a user can act on."""


class Store:
    """A timeline store on disk (or in memory, for tests)."""

    def __init__(self, conn: sqlite3.Connection, path: str | None, readonly: bool = False):
        self.conn = conn
        self.path = path
        self.readonly = readonly

    @cached_property
    def db(self) -> sqlite_utils.Database:
        """The same connection through sqlite-utils, imported only when something writes."""
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    # --- opening ----------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike[str], create: bool = True,
             readonly: bool = False, busy_ms: int = 5000) -> Store:
        """Open (and, if allowed, create) the store at `path`.

        A file that is not SQLite, not a timeline store, or from a newer version raises StoreError.
        """
        path = str(path)
        exists = os.path.exists(path) and os.path.getsize(path) > 0
        if not exists and not create:
            raise StoreError(f"{path}: no such store")
        if exists and not readonly and (not os.access(path, os.W_OK)
                                        or not os.stat(path).st_mode & 0o222):
            readonly = True  # (root may write anywhere, but a file marked read-only stays so)
        try:
            if readonly:
                conn = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True,
                                       check_same_thread=False)
            else:
                if not exists:
                    Path(path).parent.mkdir(parents=True, exist_ok=True)
                conn = sqlite3.connect(path, check_same_thread=False)
            store = cls(conn, path, readonly=readonly)
            conn.execute(f"PRAGMA busy_timeout = {int(busy_ms)}")
            if not exists:
                conn.execute("PRAGMA journal_mode = WAL")
                schema.create(store.db)
            elif not readonly:
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            schema.check(conn)
        except schema.SchemaError as exc:
            raise StoreError(f"{path}: {exc}") from None
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise StoreError(f"{path}: not a timeline store ({exc})") from None
            # Only a first import into an empty store holds it this long (Store.bulk_writing).
            raise StoreError(f"{path}: an import is writing this store for the first time; "
                             "open it when the import has finished") from None
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path}: not a timeline store ({exc})") from None
        return store

    @classmethod
    def memory(cls) -> Store:
        """An empty store in memory, for tests and dry runs."""
        store = cls(sqlite3.connect(":memory:", check_same_thread=False), None)
        schema.create(store.db)
        return store

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once so a second writer waits or fails up front."""
        if self.readonly:
            raise StoreError(f"{self.path}: the store is read-only")
        try:
            # The write lock on this store at once, as BEGIN IMMEDIATE would take it, but not on
            # attached scratch files, which a GDELT import's worker may still be writing.
            self.conn.execute("BEGIN")
            self.conn.execute("DELETE FROM main.totals WHERE 0")
        except sqlite3.OperationalError as exc:
            if self.conn.in_transaction:
                self.conn.rollback()
            if "locked" in str(exc) or "busy" in str(exc):
                raise StoreError(f"{self.path}: another import is writing to this store; "
                                 "try again when it has finished") from None
            raise StoreError(f"{self.path}: cannot write: {exc}") from None
        try:
            yield self.conn
        except BaseException:
            self.conn.rollback()
            raise
        else:
            self.conn.commit()

    @contextmanager
    def bulk_writing(self, big: bool, cache_mb: int = 256) -> Iterator[None]:
        """Settings for an import, entered before its transaction and given back after it.

        A bigger page cache while it sorts and indexes (returned after, so that an app holding
        this connection stays small). And for a `big` import into a store that holds nothing yet
        and that no other connection has open, pages are written once, straight into the file,
        instead of to the write-ahead log and then again into the file: for a first import of a
        million rows that is 4-5 s of 25. With nothing stored there is nothing for a reader to
        miss.
        """
        before = self.conn.execute("PRAGMA cache_size").fetchone()[0]
        self.conn.execute(f"PRAGMA cache_size = {-1024 * int(cache_mb)}")
        # The big sorts (timeline order, new indexes) may use a second core.
        self.conn.execute("PRAGMA threads = 2")
        direct = False
        if big and self.path and not self.readonly and self._holds_nothing():
            try:
                mode = self.conn.execute("PRAGMA main.journal_mode = DELETE").fetchone()[0]
                direct = mode == "delete"
            except sqlite3.OperationalError:
                pass  # another connection has the store open: it stays in WAL mode
        try:
            yield
        finally:
            if direct:
                # If a reader opened the store meanwhile this waits for it, and if it cannot,
                # the next Store.open puts the store back in WAL mode.
                with contextlib.suppress(sqlite3.OperationalError):
                    self.conn.execute("PRAGMA main.journal_mode = WAL")
            self.conn.execute(f"PRAGMA cache_size = {int(before)}")
            self.conn.execute("PRAGMA threads = 0")

    def _holds_nothing(self) -> bool:
        return all(self.conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is None
                   for table in ("events", "statements", "actors", "sources"))

    def data_version(self) -> int:
        """Changes when another connection commits to the store: the app polls it to refresh."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the database, so the next open need not read it."""
        if self.readonly:
            return
        # What was committed is safe in the log whatever happens here (a full disk, a reader
        # holding the log): SQLite folds it in at a later checkpoint.
        with contextlib.suppress(sqlite3.OperationalError):
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # --- totals -----------------------------------------------------------------------------

    def stats(self) -> Stats:
        """Counts of each kind of record and the timeline's first and last dates."""
        # Kept by each import, so this costs four primary-key reads, not four table scans.
        count = dict.fromkeys(("events", "statements", "actors", "sources"), 0)
        count.update(self.conn.execute("SELECT name, value FROM totals").fetchall())
        first = self.conn.execute("SELECT date FROM timeline ORDER BY pos LIMIT 1").fetchone()
        last = self.conn.execute(
            "SELECT date FROM timeline ORDER BY hi_key DESC, pos DESC LIMIT 1").fetchone()
        return Stats(**count, first=first and first[0], last=last and last[0])

    def is_empty(self) -> bool:
        return self.conn.execute("SELECT 1 FROM timeline LIMIT 1").fetchone() is None and \
            self.conn.execute("SELECT 1 FROM actors LIMIT 1").fetchone() is None

    def timeline_size(self) -> int:
        """Rows on the timeline, from the last position: no count(*)."""
        return self.conn.execute("SELECT coalesce(max(pos), 0) FROM timeline").fetchone()[0]

    # --- the timeline by position -----------------------------------------------------------

    _ROW_SQL = """
        SELECT t.pos, t.kind, t.item_id, t.date, t.lo_key,
               CASE t.kind WHEN 'event' THEN e.title ELSE a.name END,
               s.text, s.kind
        FROM timeline t
        LEFT JOIN events e ON t.kind = 'event' AND e.id = t.item_id
        LEFT JOIN statements s ON t.kind = 'statement' AND s.id = t.item_id
        LEFT JOIN actors a ON a.id = s.speaker_id
    """

    def rows(self, first_pos: int, count: int) -> list[TimelineRow]:
        """Rows `first_pos` .. `first_pos + count - 1` in timeline order (a primary-key range).

        Positions run from 1 to `timeline_size()`.
        """
        cursor = self.conn.execute(
            self._ROW_SQL + " WHERE t.pos >= ? AND t.pos < ? ORDER BY t.pos",
            (first_pos, first_pos + count))
        return [TimelineRow(*row) for row in cursor]

    def rows_at(self, positions: list[int]) -> list[TimelineRow]:
        """The rows at these positions, in timeline order."""
        if not positions:
            return []
        marks = ",".join("?" * len(positions))
        cursor = self.conn.execute(
            self._ROW_SQL + f" WHERE t.pos IN ({marks}) ORDER BY t.pos", positions)
        return [TimelineRow(*row) for row in cursor]

    # What an actor said and every event it took part in (once, with all its roles there), as
    # (kind, item_id, relation): the actor page and the actor filter both start from it.
    _ACTOR_ITEMS = """
        SELECT 'statement' AS kind, id AS item_id, NULL AS relation
        FROM statements WHERE speaker_id = :actor
        UNION ALL
        SELECT 'event', event_id, group_concat(role, ', ')
        FROM event_actors WHERE actor_id = :actor GROUP BY event_id"""

    def actor_entries(self, actor_id: str) -> list[tuple[int, int, int]]:
        """(pos, lo_key, prec_rank) of every timeline row an actor said or took part in."""
        return self.conn.execute(f"""
            SELECT t.pos, t.lo_key, t.prec_rank FROM ({self._ACTOR_ITEMS}) x
            JOIN timeline t ON t.item_id = x.item_id AND t.kind = x.kind""",
            {"actor": actor_id}).fetchall()

    def positions_overlapping(self, lo_key: int | None, hi_key: int | None) -> list[int]:
        """Positions of the rows whose dates overlap [lo_key, hi_key] (either end may be open)."""
        return [row[0] for row in self.conn.execute(
            "SELECT pos FROM timeline WHERE hi_key >= ? AND lo_key <= ? ORDER BY pos",
            (OPEN_LO_KEY if lo_key is None else lo_key,
             OPEN_HI_KEY if hi_key is None else hi_key))]

    def item_entries(self, items: list[tuple[str, str]]) -> list[tuple[int, int, int]]:
        """(pos, lo_key, prec_rank) of these (kind, id) items that are on the timeline."""
        result = []
        for kind, item_id in items:
            row = self.conn.execute(
                "SELECT pos, lo_key, prec_rank FROM timeline WHERE item_id = ? AND kind = ?",
                (item_id, kind)).fetchone()
            if row is not None:
                result.append(tuple(row))
        return result

    def rows_after(self, pos: int, count: int, backwards: bool = False) -> list[TimelineRow]:
        """Keyset page: up to `count` rows after `pos` (or before it, nearest first)."""
        if backwards:
            cursor = self.conn.execute(
                self._ROW_SQL + " WHERE t.pos < ? ORDER BY t.pos DESC LIMIT ?", (pos, count))
        else:
            cursor = self.conn.execute(
                self._ROW_SQL + " WHERE t.pos > ? ORDER BY t.pos LIMIT ?", (pos, count))
        return [TimelineRow(*row) for row in cursor]

    def position_of(self, kind: str, item_id: str) -> int | None:
        row = self.conn.execute(
            "SELECT pos FROM timeline WHERE item_id = ? AND kind = ?", (item_id, kind)).fetchone()
        return row and row[0]

    def position_on_or_after(self, lo_key: int) -> int | None:
        """The first row that starts on or after the day `lo_key`; the last row if none does."""
        row = self.conn.execute(
            "SELECT pos FROM timeline WHERE lo_key >= ? ORDER BY lo_key, pos LIMIT 1",
            (lo_key,)).fetchone()
        if row is None:
            row = self.conn.execute("SELECT max(pos) FROM timeline").fetchone()
        return row[0]

    def lo_key_at(self, pos: int) -> int | None:
        row = self.conn.execute("SELECT lo_key FROM timeline WHERE pos = ?", (pos,)).fetchone()
        return row and row[0]

    def last_position_before(self, lo_key: int) -> int | None:
        """The last row that starts before the day `lo_key`."""
        row = self.conn.execute(
            "SELECT pos FROM timeline WHERE lo_key < ? ORDER BY lo_key DESC, pos DESC LIMIT 1",
            (lo_key,)).fetchone()
        return row and row[0]

    # --- the timeline as grouped screen lines -------------------------------------------------

    def line_count(self, grain: str) -> int:
        """Screen lines of the timeline grouped by `grain`: rows plus one header per period."""
        periods = self.conn.execute(
            "SELECT idx FROM periods WHERE grain = ? ORDER BY idx DESC LIMIT 1",
            (_check_grain(grain),)).fetchone()
        return 0 if periods is None else self.timeline_size() + periods[0] + 1

    def _period_at_line(self, grain: str, line: int) -> Period | None:
        row = self.conn.execute(
            "SELECT * FROM periods WHERE grain = ? AND line_start <= ? "
            "ORDER BY line_start DESC LIMIT 1", (grain, line)).fetchone()
        return row and Period(*row)

    def period_of(self, grain: str, pos: int) -> Period | None:
        """The period whose run holds the row at `pos`."""
        row = self.conn.execute(
            "SELECT * FROM periods WHERE grain = ? AND first_pos <= ? "
            "ORDER BY first_pos DESC LIMIT 1", (_check_grain(grain), pos)).fetchone()
        return row and Period(*row)

    def line_of(self, grain: str, pos: int) -> int:
        """The screen line of the row at `pos` under `grain`."""
        period = self.period_of(grain, pos)
        if period is None:
            return 0
        return period.line_start + 1 + pos - period.first_pos

    def lines(self, grain: str, first_line: int, count: int) -> list[TimelineLine]:
        """Screen lines `first_line` .. `first_line + count - 1`: headers and rows, in order."""
        period = self._period_at_line(_check_grain(grain), max(first_line, 0))
        if period is None or count <= 0:
            return []
        periods = [Period(*row) for row in self.conn.execute(
            "SELECT * FROM periods WHERE grain = ? AND idx >= ? ORDER BY idx LIMIT ?",
            (grain, period.idx, count + 1))]
        first_row_pos = max(period.first_pos, first_line - period.idx)
        rows = {row.pos: row for row in self.rows(first_row_pos, count)}
        result: list[TimelineLine] = []
        for run in periods:
            for line in range(max(run.line_start, first_line), run.line_start + run.count + 1):
                if len(result) >= count:
                    return result
                if line == run.line_start:
                    result.append(TimelineLine(line, run, None))
                else:
                    row = rows.get(run.first_pos + line - run.line_start - 1)
                    if row is None:
                        return result
                    result.append(TimelineLine(line, run, row))
        return result

    # --- one record with its links ----------------------------------------------------------

    def _source_ref(self, source_id: str | None) -> SourceRef | None:
        if source_id is None:
            return None
        row = self.conn.execute(
            "SELECT id, title, publisher, author, url FROM sources WHERE id = ?",
            (source_id,)).fetchone()
        return row and SourceRef(*row)

    def _statement_refs(self, where: str, params: tuple) -> list[StatementRef]:
        cursor = self.conn.execute(f"""
            SELECT s.id, s.speaker_id, a.name, s.kind, s.text, coalesce(s.date, e.date)
            FROM statements s JOIN actors a ON a.id = s.speaker_id
            LEFT JOIN events e ON e.id = s.event_id
            WHERE {where}
            ORDER BY coalesce(s.lo_key, e.lo_key), s.id""", params)
        return [StatementRef(*row) for row in cursor]

    def event(self, event_id: str) -> EventDetail | None:
        """An event with its actors, statements, source and related events."""
        row = self.conn.execute("SELECT * FROM events WHERE id = ?", (event_id,)).fetchone()
        if row is None:
            return None
        e = dict(zip([c[0] for c in self.conn.execute(
            "SELECT * FROM events LIMIT 0").description], row, strict=True))
        actors = [ActorRef(*r) for r in self.conn.execute("""
            SELECT a.id, a.name, ea.role FROM event_actors ea JOIN actors a ON a.id = ea.actor_id
            WHERE ea.event_id = ? ORDER BY ea.rowid""", (event_id,))]
        related = [EventRef(*r) for r in self.conn.execute("""
            SELECT e.id, e.title, e.date, l.relation FROM event_links l
            JOIN events e ON e.id = l.to_id WHERE l.from_id = :id
            UNION ALL
            SELECT e.id, e.title, e.date, '← ' || l.relation FROM event_links l
            JOIN events e ON e.id = l.from_id WHERE l.to_id = :id""", {"id": event_id})]
        return EventDetail(
            id=e["id"], title=e["title"], summary=e["summary"], when=_date_info(e),
            location=e["location"], country=e["country"], event_type=e["event_type"],
            cameo_code=e["cameo_code"], tags=json.loads(e["tags"]) if e["tags"] else [],
            excerpt=e["excerpt"], note=e["note"], dataset=e["dataset"],
            external_id=e["external_id"], source=self._source_ref(e["source_id"]),
            actors=actors, statements=self._statement_refs("s.event_id = ?", (event_id,)),
            related=related, attributes=json.loads(e["attributes"]) if e["attributes"] else {},
        )

    def statement(self, statement_id: str) -> StatementDetail | None:
        """A statement with its speaker, event and source."""
        row = self.conn.execute("""
            SELECT s.id, s.text, s.kind, s.date, s.precision, s.date_text, s.date_note, s.via,
                   s.excerpt, s.note, a.id, a.name, a.role, s.event_id, s.source_id,
                   e.title, e.date, e.precision, e.date_text
            FROM statements s JOIN actors a ON a.id = s.speaker_id
            LEFT JOIN events e ON e.id = s.event_id WHERE s.id = ?""",
            (statement_id,)).fetchone()
        if row is None:
            return None
        (sid, text, kind, date, precision, date_text, date_note, via, excerpt, note,
         actor_id, actor_name, actor_role, event_id, source_id,
         event_title, event_date, event_precision, event_date_text) = row
        if date is None and event_id is not None:
            when = DateInfo(event_date, event_precision, event_date_text, "date of its event")
        else:
            when = DateInfo(date, precision, date_text, date_note)
        return StatementDetail(
            id=sid, text=text, kind=kind, when=when, via=via, excerpt=excerpt, note=note,
            speaker=ActorRef(actor_id, actor_name, actor_role),
            event=EventRef(event_id, event_title, event_date) if event_id else None,
            source=self._source_ref(source_id),
        )

    def actor(self, actor_id: str) -> ActorDetail | None:
        """An actor with its aliases, and everything it took part in and said, in time order."""
        row = self.conn.execute(
            "SELECT id, name, kind, country, role, description, note FROM actors WHERE id = ?",
            (actor_id,)).fetchone()
        if row is None:
            return None
        aliases = self.conn.execute(
            "SELECT alias, lang FROM actor_aliases WHERE actor_id = ? ORDER BY rowid",
            (actor_id,)).fetchall()
        events = self.conn.execute(
            "SELECT count(DISTINCT event_id) FROM event_actors WHERE actor_id = ?",
            (actor_id,)).fetchone()[0]
        statements = self.conn.execute(
            "SELECT count(*) FROM statements WHERE speaker_id = ?", (actor_id,)).fetchone()[0]
        return ActorDetail(*row, aliases=[tuple(a) for a in aliases], event_count=events,
                           statement_count=statements)

    def actor_entries_page(self, actor_id: str, offset: int, limit: int) -> list[ActorEntry]:
        """What an actor did and said, in timeline order (undated last), `limit` from `offset`.

        An actor of a large store can have tens of thousands: a page reads only its own rows
        (the order comes from the timeline's positions of the actor's items).
        """
        # The page is chosen first, so only its own rows' texts are read.
        rows = self.conn.execute(f"""
            SELECT p.kind, p.item_id, coalesce(s.date, se.date, e.date),
                   coalesce(e.title, s.text), s.kind, p.relation
            FROM (SELECT x.kind, x.item_id, x.relation, t.pos FROM ({self._ACTOR_ITEMS}) x
                  LEFT JOIN timeline t ON t.item_id = x.item_id AND t.kind = x.kind
                  ORDER BY t.pos IS NULL, t.pos, x.kind, x.item_id
                  LIMIT :limit OFFSET :offset) p
            LEFT JOIN events e ON p.kind = 'event' AND e.id = p.item_id
            LEFT JOIN statements s ON p.kind = 'statement' AND s.id = p.item_id
            LEFT JOIN events se ON se.id = s.event_id
            ORDER BY p.pos IS NULL, p.pos, p.kind, p.item_id""",
            {"actor": actor_id, "limit": limit, "offset": offset})
        return [ActorEntry(*row) for row in rows]

    def source(self, source_id: str) -> SourceDetail | None:
        """A source with its full text and every excerpt the store cites from it."""
        row = self.conn.execute("""
            SELECT id, kind, title, publisher, author, url, published, language, text, note
            FROM sources WHERE id = ?""", (source_id,)).fetchone()
        if row is None:
            return None
        excerpts = [Excerpt(*r) for r in self.conn.execute("""
            SELECT excerpt, 'event', id, title FROM events
            WHERE source_id = :id AND excerpt IS NOT NULL
            UNION ALL
            SELECT s.excerpt, 'statement', s.id, a.name FROM statements s
            JOIN actors a ON a.id = s.speaker_id
            WHERE s.source_id = :id AND s.excerpt IS NOT NULL""", {"id": source_id})]
        return SourceDetail(*row, excerpts=excerpts)

    # --- search support -----------------------------------------------------------------------

    def has_term(self, word: str) -> bool:
        """Whether `word` (folded) is a word of the full-text indexes."""
        return self.conn.execute("SELECT 1 FROM terms WHERE term = ?", (word,)).fetchone() \
            is not None

    def has_term_prefix(self, prefix: str) -> bool:
        """Whether any indexed word starts with `prefix` (folded)."""
        return self.conn.execute("SELECT 1 FROM terms WHERE term >= ? AND term < ? LIMIT 1",
                                 (prefix, _after_prefix(prefix))).fetchone() is not None

    def terms_near(self, word: str, limit: int = 20000) -> list[str]:
        """Indexed words sharing `word`'s first letters: the candidates to correct a typo with."""
        prefix = word[:2] if len(word) > 4 else word[:1]
        return [row[0] for row in self.conn.execute(
            "SELECT term FROM terms WHERE term >= ? AND term < ? LIMIT ?",
            (prefix, _after_prefix(prefix), limit))]

    _SEARCH_SQL = {
        "statements": ("SELECT x.id, x.text, a.name, coalesce(x.date, e.date), x.kind "
                       "FROM {source} JOIN actors a ON a.id = x.speaker_id "
                       "LEFT JOIN events e ON e.id = x.event_id {timeline}", "statement"),
        "events": ("SELECT x.id, x.title, x.summary, x.date FROM {source} {timeline}", "event"),
    }

    def search_rows(self, table: str, match: str | None, restrict: str, params: list[object],
                    limit: int) -> list[tuple]:
        """Candidate rows for search: FTS5 `match` (or none), narrowed by `restrict` on `x`/`t`."""
        sql, kind = self._SEARCH_SQL[table]
        # CROSS JOIN fixes the order SQLite visits the tables in. An actor's few rows are read
        # first and each checked against the index; otherwise the index's matches come first and
        # the rest of the restriction filters them, stopping at `limit`.
        by_actor = "x.speaker_id" in restrict or "event_actors" in restrict
        joins = ""
        if match is not None:
            source = f"{table}_fts f CROSS JOIN {table} x ON x.rowid = f.rowid"
        elif "t." in restrict and not by_actor:
            # Dates alone: walk the timeline's own index from the first day asked for.
            source = f"timeline t CROSS JOIN {table} x ON x.id = t.item_id AND t.kind = '{kind}'"
        else:
            source = f"{table} x"
        if "t." in restrict and not source.startswith("timeline"):
            joins = f"CROSS JOIN timeline t ON t.item_id = x.id AND t.kind = '{kind}'"
        where = [f"{table}_fts MATCH ?"] if match is not None else []
        args: list[object] = [match] if match is not None else []
        if restrict:
            where.append(restrict)
            args.extend(params)
        query = sql.format(source=source, timeline=joins)
        if where:
            query += " WHERE " + " AND ".join(where)
        return self.conn.execute(query + " LIMIT ?", [*args, limit]).fetchall()

    def actor_names(self) -> list[tuple[str, str, str]]:
        """(actor id, name or alias, "name"|"alias") for every actor: the fuzzy matcher's choices."""
        return self.conn.execute("""
            SELECT id, name, 'name' FROM actors
            UNION ALL SELECT actor_id, alias, 'alias' FROM actor_aliases""").fetchall()


def _after_prefix(prefix: str) -> str:
    """The smallest string after every string that starts with `prefix`."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1) if prefix else "\U0010ffff"


def _check_grain(grain: str) -> str:
    if grain not in GRAINS:
        raise ValueError(f"grain must be one of {', '.join(GRAINS)}")
    return grain


def _date_info(row: dict) -> DateInfo:
    return DateInfo(row["date"], row["precision"], row["date_text"], row["date_note"])
