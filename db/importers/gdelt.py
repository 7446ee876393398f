"""GDELT event exports (1.0 and 2.0): tab-separated, no header, 57, 58 or 61 columns, zipped or not.

Each row is an event between Actor1 and Actor2, titled from the actors and the CAMEO event name,
dated by SQLDATE at day precision, placed by ActionGeo, its source the row's SOURCEURL.

A GDELT file can hold millions of rows, so it is not written record by record. Reading ("staging")
turns each line into one row of a scratch SQLite file, its store columns all but worked out; what
takes thought is done once per distinct value (an actor's id and readable name, a day's date
columns, a URL's source id). A big file is cut in two at a line break and both halves are staged at
once, one in a worker process, since reading is Python's work and this machine has two cores. Then,
inside the import's transaction, SQL writes the events, their actor links and their sources from
the scratch files in a few statements (`ImportWriter.add_rows`).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from itertools import islice
from operator import itemgetter
from pathlib import Path

from ..dates import DateError, parse_date
from ..timeline_order import TIMELINE_ROWS, events_in_order
from ..writer import ImportWriter, RecordError
from .common import QUAD_CLASSES, cameo_names, digest_id, readable_name
from .native import Context, build_record

# Column positions that differ by version: (ActionGeo_FullName, ActionGeo_CountryCode,
# ActionGeo_Lat, ActionGeo_Long, DATEADDED, SOURCEURL)
LAYOUTS = {
    61: (52, 53, 56, 57, 59, 60),  # GDELT 2.0
    58: (50, 51, 53, 54, 56, 57),  # GDELT 1.0 daily files (no ADM2 columns)
    57: (50, 51, 53, 54, 56, 57),  # GDELT 1.0 before April 2013: no SOURCEURL (57 is past the end)
}
_CONTEXT = Context()

PARALLEL_FROM = 16 << 20
"""Files of at least this many bytes are staged in two processes (starting one costs ~0.2 s)."""

MAIN_SHARE = 0.42
"""The share of a file staged in two parts that this process reads itself: it then writes its
part while the worker is still reading the rest."""

DIGEST_SALT = b"gdelt-2"
"""Part of each row's digest: change it when the way a row becomes an event changes, so that
re-importing a file rewrites its events."""

# The attributes kept as JSON, by name (in this order), the cell each comes from (an index, or the
# place of one of the layout's columns above) and its kind.
_ATTRIBUTES = (("avg_tone", 34, float), ("date_added", "4", str), ("event_base_code", 27, str),
               ("event_root_code", 28, str), ("goldstein", 30, float), ("is_root_event", 25, str),
               ("lat", "2", float), ("long", "3", float), ("num_articles", 33, int),
               ("num_mentions", 31, int), ("num_sources", 32, int), ("quad_class", 29, str))
_ATTRIBUTE_CELLS = {n: itemgetter(*(layout[int(i)] if isinstance(i, str) else i
                                    for _, i, _ in _ATTRIBUTES)) for n, layout in LAYOUTS.items()}
_ATTRIBUTE_KINDS = [(f'"{name}":', kind) for name, _, kind in _ATTRIBUTES]
_NUMBER_RE = r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?"
_JSON_NUMBER = re.compile(_NUMBER_RE).fullmatch
"""A number JSON can hold as written (a whole one if it is all digits)."""
# The usual row, every attribute given and plain, is checked by one match and written by one format.
_PLAIN_ROW = re.compile("\t".join(
    r"[0-9A-Za-z]+" if kind is str else r"(?:0|[1-9][0-9]*)" if kind is int else _NUMBER_RE
    for _, _, kind in _ATTRIBUTES)).fullmatch
_PLAIN_FORMAT = "{" + ",".join(f'"{name}":' + ('"%s"' if kind is str else "%s")
                               for name, _, kind in _ATTRIBUTES) + "}"
_ACTOR_CELLS = itemgetter(5, 6, 7, 15, 16, 17, 26)

# What a line becomes, as `_Reader.rows` yields it. The actor links go to a narrow table of their
# own, so that writing them does not read the wide rows a second time.
_STAGED = ("line", "digest", "id", "title", "actor1", "actor2", "cameo_code", "event_type",
           "tags", "date", "precision", "lo_key", "hi_key", "date_text", "source_id",
           "attributes", "location", "country")
_ROW_COLUMNS = [c for c in _STAGED if c not in ("actor1", "actor2")]
_ROW = itemgetter(*(_STAGED.index(c) for c in _ROW_COLUMNS))
_LINK = itemgetter(_STAGED.index("id"), _STAGED.index("actor1"), _STAGED.index("actor2"))
_SCRATCH_TABLES = (f"CREATE TABLE gdelt_rows ({', '.join(_ROW_COLUMNS)})",
                   "CREATE TABLE gdelt_links (id, actor1, actor2)",
                   "CREATE TABLE gdelt_sources (id TEXT PRIMARY KEY, url TEXT)")
_STAGE_ROW = f"INSERT INTO gdelt_rows VALUES ({', '.join('?' * len(_ROW_COLUMNS))})"

# Both actors of a row one after the other, so the links go in in event order.
_EVENT_ACTORS = """
SELECT 'gdelt:' || r.id, CASE slot WHEN 1 THEN r.actor1 ELSE r.actor2 END,
       CASE slot WHEN 1 THEN 'source' ELSE 'target' END
FROM {part}.gdelt_links r JOIN (SELECT 1 AS slot UNION ALL SELECT 2)
WHERE CASE slot WHEN 1 THEN r.actor1 ELSE r.actor2 END IS NOT NULL
"""

_EVENTS = """
SELECT 'gdelt:' || r.id AS id, r.title, r.date, r.precision, r.lo_key, r.hi_key, r.date_text,
       r.event_type, r.cameo_code, 'GDELT' AS dataset, r.id AS external_id, r.attributes,
       r.tags, r.location, r.country, r.source_id, r.digest
FROM {part}.gdelt_rows r
"""


def looks_like_gdelt(head: str) -> bool:
    """A first line of tab-separated cells, 57/58/61 of them, starting with an id and a YYYYMMDD."""
    first = head.split("\n", 1)[0].rstrip("\r")
    cells = first.split("\t")
    return len(cells) in LAYOUTS and cells[0].isdigit() and len(cells[1]) == 8 and \
        cells[1].isdigit()


# --- staging -------------------------------------------------------------------------------------

@dataclass
class Part:
    """What staging one part of a file learned besides its rows (sent back from a worker)."""

    rows: int = 0
    errors: list[tuple[str, str | None, str]] = field(default_factory=list)
    """(place, field, message), at most `limit` of them."""
    actors: dict[str, tuple[dict, str]] = field(default_factory=dict)
    """Actor id -> (its record as first seen in the part, where)."""
    codes: set[str] = field(default_factory=set)
    """EventCodes seen, for the words of the titles."""


class _Reader:
    """Turns lines into staged rows, remembering per distinct value what it worked out."""

    def __init__(self, part: Part, limit: int):
        self.part = part
        self.limit = limit
        self.names = cameo_names()
        self.titles: dict[tuple, tuple[str, str | None, str | None]] = {}
        self.days: dict[str, tuple | str] = {}
        self.types: dict[str, str | None] = {}
        self.tags = {code: f'["{name}"]' for code, name in QUAD_CLASSES.items()}
        self.sources: dict[str, str] = {}
        self.new_sources: list[tuple[str, str]] = []

    def fail(self, place: str, field_name: str | None, message: str) -> bool:
        """Note an error; whether reading should stop."""
        self.part.errors.append((place, field_name, message))
        return len(self.part.errors) >= self.limit

    def rows(self, lines: Iterator[tuple[int, bytes]], progress=None) -> Iterator[tuple]:
        """The staged row of each good line."""
        titles, days, types, tags, sources = (self.titles, self.days, self.types, self.tags,
                                              self.sources)
        blake2b = hashlib.blake2b
        count = 0
        for number, raw in lines:
            if progress and number % 5000 == 0:
                progress()
            cells = raw.decode("utf-8", "replace").rstrip("\r\n").split("\t")
            if len(cells) not in LAYOUTS:
                if raw.strip() and self.fail(f"line {number}", None, f"has {len(cells)} columns; "
                                             "GDELT event files have 57, 58 or 61"):
                    break
                continue
            layout = LAYOUTS[len(cells)]
            event_id = cells[0].strip()
            day = cells[1].strip()
            when = days.get(day)
            if when is None:
                when = days[day] = _day(day)
            if not event_id.isdigit() or type(when) is str:
                place = f"line {number} (GLOBALEVENTID {event_id})"
                stop = self.fail(place, "GLOBALEVENTID", f"must be a number, not "
                                 f"{event_id[:40]!r}") if not event_id.isdigit() else \
                    self.fail(place, "SQLDATE", when)
                if stop:
                    break
                continue
            try:
                attributes = _attributes(_ATTRIBUTE_CELLS[len(cells)](cells))
            except ValueError as exc:
                if self.fail(f"line {number} (GLOBALEVENTID {event_id})", *exc.args):
                    break
                continue
            key = _ACTOR_CELLS(cells)
            title = titles.get(key) or self.title(key, number, event_id)
            root = cells[28]
            if root not in types:
                types[root] = self.names.get(root.strip(), root.strip()) or None
            event_type = types[root]
            url = cells[layout[5]].strip() if len(cells) > layout[5] else ""
            source_id = sources.get(url) if url else None
            if url and source_id is None:
                source_id = self.source(url)
            count += 1
            yield (number, blake2b(raw.rstrip(b"\r\n"), digest_size=16, person=DIGEST_SALT
                                   ).hexdigest(), event_id, *title, cells[26].strip() or None,
                   event_type, tags.get(cells[29].strip()), *when, source_id, attributes,
                   cells[layout[0]].strip() or None, cells[layout[1]].strip() or None)
        self.part.rows += count

    def title(self, key: tuple[str, ...], number: int, event_id: str
              ) -> tuple[str, str | None, str | None]:
        place = f"line {number} (GLOBALEVENTID {event_id})"
        first, first_name = self.actor(*key[:3], place)
        second, second_name = self.actor(*key[3:6], place)
        who = " → ".join(name for name in (first_name, second_name) if name) or "Unknown actors"
        code = key[6].strip()
        self.part.codes.add(code)
        action = self.names.get(code, f"CAMEO {code}" if code else "Event")
        if len(self.titles) > 200_000:
            self.titles.clear()  # a cache, not a record of every pair in a huge file
        self.titles[key] = result = (f"{who}: {action}", first, second)
        return result

    def actor(self, code: str, name: str, country: str, place: str
              ) -> tuple[str | None, str | None]:
        """(actor id, name shown) of one side of a row; its record is kept the first time."""
        code, name, country = code.strip(), name.strip(), country.strip()
        if not code and not name:
            return None, None
        actor_id = f"gdelt:{code}" if code else f"gdelt:name:{name.lower()}"
        shown = readable_name(name) or code
        if actor_id not in self.part.actors:
            record: dict[str, object] = {"id": actor_id, "name": shown}
            if country:
                record["country"] = country
            if code and code == country:
                record["kind"] = "state"
            aliases = [alias for alias in (code, name) if alias and alias != shown]
            if aliases:
                record["aliases"] = aliases
            self.part.actors[actor_id] = (record, place)
        return actor_id, shown

    def source(self, url: str) -> str:
        if len(self.sources) > 100_000:
            self.sources.clear()
        source_id = self.sources[url] = digest_id("url", url)
        self.new_sources.append((source_id, url))
        return source_id


def _attributes(cells: tuple[str, ...]) -> str:
    """The row's attributes as JSON, numbers as the file wrote them when JSON can hold them so.
    A cell that is no number where one belongs raises ValueError(field, message)."""
    if _PLAIN_ROW("\t".join(cells)):
        return _PLAIN_FORMAT % cells
    parts = []
    for (key, kind), text in zip(_ATTRIBUTE_KINDS, cells, strict=True):
        if not text or text.isspace():
            continue
        text = text.strip()
        if kind is str:
            parts.append(f'{key}"{text}"' if text.isalnum() else key + json.dumps(text))
        elif _JSON_NUMBER(text) and (kind is float or text.isdigit()):
            parts.append(key + text)
        else:
            try:
                number = float(text)
                if number != number or number in (float("inf"), float("-inf")):
                    raise ValueError
            except ValueError:
                raise ValueError(key.strip('":'), f"must be a number, not {text[:40]!r}") from None
            parts.append(key + repr(int(number) if kind is int else number))
    return "{" + ",".join(parts) + "}"


def _day(day: str) -> tuple | str:
    """A SQLDATE's (date, precision, lo_key, hi_key, date_text), or what is wrong with it."""
    if len(day) != 8 or not day.isdigit():
        return f"must be YYYYMMDD, not {day[:40]!r}"
    try:
        when = parse_date(f"{day[:4]}-{day[4:6]}-{day[6:]}").value
    except DateError as exc:
        return f"cannot read {day!r} ({exc})"
    return when.edtf, when.precision, when.lo_key, when.hi_key, day


def _lines(path: Path, start: int, end: int | None, first_line: int
           ) -> Iterator[tuple[int, bytes]]:
    """(number, line) of the lines that start in bytes [start, end) of a file or of its zip."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if not n.endswith("/")]
            if not names:
                raise RecordError("file", None, "the zip file is empty")
            with archive.open(names[0]) as raw:
                yield from enumerate(io.BufferedReader(raw), start=first_line)
        return
    with path.open("rb") as raw:
        raw.seek(start)
        if end is None:
            yield from enumerate(raw, start=first_line)
            return
        done = start
        for number, line in enumerate(raw, start=first_line):
            yield number, line
            done += len(line)
            if done >= end:
                return


def stage_part(path: str, start: int, end: int | None, file: str, limit: int,
               progress=None, wanted=None) -> Part:
    """Stage the lines in bytes [start, end) of `path` into a scratch file made by
    `_create_scratch`; what it learned. `wanted()`, if given, is asked between batches whether to
    go on."""
    part = Part()
    reader = _Reader(part, limit)
    first_line = 1 + (_count_lines(Path(path), start) if start else 0)
    conn = sqlite3.connect(file, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("BEGIN")
        rows = reader.rows(_lines(Path(path), start, end, first_line), progress)
        # In batches, so that each batch's new sources can be written between them.
        while batch := list(islice(rows, 5_000)):
            conn.executemany(_STAGE_ROW, map(_ROW, batch))
            conn.executemany("INSERT INTO gdelt_links VALUES (?, ?, ?)", map(_LINK, batch))
            conn.executemany("INSERT OR IGNORE INTO gdelt_sources VALUES (?, ?)",
                             reader.new_sources)
            reader.new_sources.clear()
            if wanted is not None and not wanted():
                raise SystemExit(1)
        conn.execute("COMMIT")
    except RecordError as exc:
        part.errors.append((exc.place, exc.field, exc.message))
    finally:
        conn.close()
    return part


def _count_lines(path: Path, end: int) -> int:
    count = 0
    with path.open("rb") as f:
        while end > 0:
            block = f.read(min(end, 1 << 22))
            if not block:
                break
            count += block.count(b"\n")
            end -= len(block)
    return count


def _cuts(path: Path) -> list[tuple[int, int | None]]:
    """Byte ranges to stage in parallel: the whole file, or two parts cut at a line break."""
    size = path.stat().st_size
    if size < PARALLEL_FROM or zipfile.is_zipfile(path):
        return [(0, None)]
    with path.open("rb") as f:
        f.seek(int(size * MAIN_SHARE))
        f.readline()
        middle = f.tell()
    return [(0, middle), (middle, None)] if middle < size else [(0, None)]


@dataclass
class Staged:
    """A file being staged: the parts read so far, attached to the store's connection as
    `gdelt_part0`, ...; `rest()` waits for the others."""

    parts: list[Part]
    workers: list[subprocess.Popen]
    done: Callable[[], None]
    files: list[str]
    order: str
    """A scratch file for the new events in timeline order (`_sort_events`)."""

    def rest(self) -> list[Part]:
        """The parts the workers read, once they have (the file is then read to its end)."""
        parts = [_finish_worker(worker) for worker in self.workers]
        self.workers = []
        self.parts += parts
        self.done()
        return parts


def _worker() -> None:
    """Entry point of a staging worker: `stage_part`'s arguments in (argv), its Part out
    (stdout), as JSON."""
    args = json.loads(sys.argv[1])
    parent = os.getppid()
    # An import killed meanwhile leaves this worker to its parent's parent: it stops.
    part = stage_part(**args, wanted=lambda: os.getppid() == parent)
    json.dump({"rows": part.rows, "errors": part.errors, "actors": part.actors,
               "codes": sorted(part.codes)}, sys.stdout)


def _start_worker(**args: object) -> subprocess.Popen:
    # A fresh interpreter rather than multiprocessing: nothing of the caller's (its open store,
    # its __main__) is copied or re-run, whatever program imports this module.
    root = str(Path(__file__).resolve().parents[2])
    code = f"import sys; sys.path.insert(0, {root!r}); from db.importers.gdelt import _worker; _worker()"
    return subprocess.Popen([sys.executable, "-c", code, json.dumps(args)],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _finish_worker(worker: subprocess.Popen) -> Part:
    output, complaint = worker.communicate()
    if worker.returncode != 0:
        last = (complaint.strip().splitlines() or ["no message"])[-1]
        raise RecordError("file", None, f"reading the second part of the file failed: {last}")
    data = json.loads(output)
    return Part(data["rows"], [tuple(e) for e in data["errors"]],
                {k: tuple(v) for k, v in data["actors"].items()}, set(data["codes"]))


_SCRATCH_PREFIX = "timeline-gdelt-"


def _sweep(directory: Path) -> None:
    """Remove the scratch files of imports that were killed (their process is gone)."""
    for left in directory.glob(f"{_SCRATCH_PREFIX}*-*"):
        pid = left.name.removeprefix(_SCRATCH_PREFIX).split("-", 1)[0]
        if not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(left, ignore_errors=True)
        except PermissionError:
            pass  # another user's process, alive


def _create_scratch(file: str, tables: list[str] | tuple[str, ...]) -> None:
    conn = sqlite3.connect(file)
    for table in tables:
        conn.execute(table)
    conn.commit()
    conn.close()


@contextmanager
def staged(conn: sqlite3.Connection, path: Path, scratch: Path | None, limit: int,
           progress=None) -> Iterator[Staged]:
    """Stage a GDELT file in scratch files attached to `conn`, for `write_gdelt` to write in the
    transaction the caller opens next. A worker may still be reading the file's second part when
    the block starts; the scratch files go when it ends."""
    _sweep(Path(scratch or tempfile.gettempdir()))
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(
            prefix=f"{_SCRATCH_PREFIX}{os.getpid()}-", dir=scratch)))
        cuts = _cuts(path)
        files = [str(tmp / f"part{i}.db") for i in range(len(cuts))]
        size = path.stat().st_size
        try:
            # Made and attached now, empty, since nothing can be attached inside a transaction:
            # a worker fills its file meanwhile, and `conn` reads it only once the worker is done.
            for i, file in enumerate(files):
                _create_scratch(file, _SCRATCH_TABLES)
                conn.execute(f"ATTACH DATABASE ? AS gdelt_part{i}", (file,))
                stack.callback(conn.execute, f"DETACH DATABASE gdelt_part{i}")
            order = str(tmp / "order.db")
            _create_scratch(order, [f"CREATE TABLE timeline_rows ({TIMELINE_ROWS})"])
            conn.execute("ATTACH DATABASE ? AS gdelt_order", (order,))
            stack.callback(conn.execute, "DETACH DATABASE gdelt_order")
            workers = [_start_worker(path=str(path), start=start, end=end, file=file,
                                     limit=limit)
                       for (start, end), file in zip(cuts[1:], files[1:], strict=True)]
            for worker in workers:
                stack.callback(worker.kill)
            share = (cuts[0][1] or size) / max(size, 1)
            lines = 0

            def report() -> None:
                # Every 5,000 lines of the first part; a GDELT line is about 400 bytes.
                nonlocal lines
                lines += 5000
                progress(min(size - 1, int(lines * 400 / share)), size)

            first = stage_part(str(path), 0, cuts[0][1], files[0], limit,
                               report if progress else None)
        except sqlite3.DatabaseError as exc:
            raise RecordError("file", None, f"scratch space in {tmp.parent} could not be "
                                            f"written ({exc})") from None
        yield Staged([first], workers, lambda: progress and progress(size, size), files, order)


# --- writing -------------------------------------------------------------------------------------

def _line_of(error: RecordError) -> int:
    words = error.place.split()
    return int(words[1]) if len(words) > 1 and words[1].isdigit() else 0


def write_gdelt(staged: Staged, writer: ImportWriter, limit: int = 20) -> list[RecordError]:
    """Write a staged file's events, actors and sources; the errors, if any (then the caller
    rolls back). The first part is written while a worker may still be reading the rest."""
    conn = writer.conn
    written: dict[str, tuple[dict, str]] = {}
    twice: list[str] = []
    if not staged.parts[0].errors:
        twice += _write_part(writer, 0, staged.parts[0], written)
        writer.index_new_rows()
    staged.rest()
    errors = sorted((RecordError(*error) for part in staged.parts for error in part.errors),
                    key=_line_of)[:limit]
    rows = sum(part.rows for part in staged.parts)
    if not errors and not rows:
        errors.append(RecordError("line 1", None, "no GDELT rows in the file"))
    if errors:
        return errors
    sorting = None
    if writer.timeline_was_empty and len(staged.parts) > 1:
        # The new events will be the whole timeline: a second connection sorts them from the
        # scratch files while this one writes the rest (SQLite lets go of the GIL meanwhile).
        sorting = ThreadPoolExecutor(1)
        sorted_rows = sorting.submit(_sort_events, staged.files, staged.order)
    try:
        for index, part in enumerate(staged.parts[1:], start=1):
            twice += _write_part(writer, index, part, written)
        if sorting is not None and writer.counts["event"].added == rows:
            sorted_rows.result()
            writer.presorted_timeline = "gdelt_order.timeline_rows"
    finally:
        if sorting is not None:
            sorting.shutdown()
    for event_id in twice[:limit]:
        external = event_id.removeprefix("gdelt:")
        lines = sorted(line for i in range(len(staged.parts)) for (line,) in conn.execute(
            f"SELECT line FROM gdelt_part{i}.gdelt_rows WHERE id = ?", (external,)))
        errors.append(RecordError(f"line {lines[-1]} (GLOBALEVENTID {external})", "id",
                                  f'duplicate id "{event_id}" with different content '
                                  f"(first at line {lines[0]})"))
    return errors


def _sort_events(files: list[str], order: str) -> None:
    """Write the staged events into `order` in timeline order, on a connection of its own."""
    conn = sqlite3.connect(order, isolation_level=None)
    try:
        for i, file in enumerate(files):
            conn.execute(f"ATTACH DATABASE ? AS part{i}", (file,))
        union = " UNION ALL ".join(f"SELECT id, lo_key, hi_key, precision, date FROM "
                                   f"part{i}.gdelt_rows" for i in range(len(files)))
        conn.execute("INSERT INTO timeline_rows " +
                     events_in_order(f"({union})", id_expr="'gdelt:' || id"))
    finally:
        conn.close()


def _write_part(writer: ImportWriter, index: int, part: Part,
                written: dict[str, tuple[dict, str]]) -> list[str]:
    """Write one staged part's actors (those no earlier part had), sources and events; the ids
    given twice with different content."""
    for actor_id, (record, place) in part.actors.items():
        if actor_id not in written:
            written[actor_id] = (record, place)
            writer.add(build_record("actor", record, place, _CONTEXT))
    earlier = " ".join(f"AND id NOT IN (SELECT id FROM gdelt_part{i}.gdelt_sources)"
                       for i in range(index))
    sources = (f"SELECT id, min(url) AS title, min(url) AS url, 'article' AS kind, "
               f"'gdelt-source:' || id AS digest FROM gdelt_part{index}.gdelt_sources "
               f"WHERE true {earlier} GROUP BY id")
    count = writer.conn.execute(f"SELECT count(*) FROM ({sources})").fetchone()[0]
    writer.add_rows("source", sources, count)
    names = cameo_names()
    texts = [record["name"] for record, _ in part.actors.values()]
    texts += [names.get(code, f"CAMEO {code}" if code else "Event") for code in part.codes]
    schema = f"gdelt_part{index}"
    return writer.add_rows("event", _EVENTS.format(part=schema), part.rows,
                           children=_EVENT_ACTORS.format(part=schema),
                           texts=[*texts, "Unknown actors"])
