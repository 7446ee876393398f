"""GDELT event exports (1.0 and 2.0): tab-separated, no header, 57, 58 or 61 columns, zipped or not.

Each row is an event between Actor1 and Actor2, titled from the actors and the CAMEO event name,
dated by SQLDATE at day precision, placed by ActionGeo, its source the row's SOURCEURL. The file is
read as a stream: a million rows never sit in memory.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

from ..dates import DateError, parse_date
from ..writer import Record, RecordError
from .common import QUAD_CLASSES, cameo_names, digest_id, readable_name
from .native import Context, build_record

# Column positions that differ by version: (ActionGeo_FullName, ActionGeo_CountryCode,
# ActionGeo_Lat, ActionGeo_Long, DATEADDED, SOURCEURL)
LAYOUTS = {
    61: (52, 53, 56, 57, 59, 60),  # GDELT 2.0
    58: (50, 51, 53, 54, 56, 57),  # GDELT 1.0 daily files (no ADM2 columns)
    57: (50, 51, 53, 54, 56, None),  # GDELT 1.0 before April 2013 (no SOURCEURL)
}
_CONTEXT = Context()


def looks_like_gdelt(head: str) -> bool:
    """A first line of tab-separated cells, 57/58/61 of them, starting with an id and a YYYYMMDD."""
    first = head.split("\n", 1)[0].rstrip("\r")
    cells = first.split("\t")
    return len(cells) in LAYOUTS and cells[0].isdigit() and len(cells[1]) == 8 and \
        cells[1].isdigit()


def open_lines(path: Path) -> Iterator[tuple[int, str, int]]:
    """(line number, line, bytes read so far) of a GDELT file, or of the one CSV in its zip."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if not n.endswith("/")]
            if not names:
                raise RecordError("file", None, "the zip file is empty")
            with archive.open(names[0]) as raw:
                done = 0
                for number, line in enumerate(io.TextIOWrapper(raw, encoding="utf-8",
                                                               errors="replace",
                                                               newline=""), start=1):
                    done += len(line)
                    yield number, line, done
        return
    with path.open("rb") as raw:
        done = 0
        for number, line in enumerate(raw, start=1):
            done += len(line)
            yield number, line.decode("utf-8", errors="replace"), done


def _actor(cells: list[str], first: int, place: str, records: dict[str, dict]) -> str | None:
    code, name, country = cells[first].strip(), cells[first + 1].strip(), cells[first + 2].strip()
    if not code and not name:
        return None
    actor_id = f"gdelt:{code}" if code else f"gdelt:name:{name.lower()}"
    if actor_id not in records:
        shown = readable_name(name) or code
        record: dict[str, object] = {"id": actor_id, "name": shown}
        if country:
            record["country"] = country
        if code and code == country:
            record["kind"] = "state"
        aliases = [alias for alias in (code, name) if alias and alias != shown]
        if aliases:
            record["aliases"] = aliases
        records[actor_id] = record
    return actor_id


def _number(text: str, place: str, field: str) -> float | None:
    text = text.strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise RecordError(place, field, f"must be a number, not {text[:40]!r}") from None


def read_gdelt(path: Path, progress=None) -> Iterator[Record | RecordError]:
    """Every row of a GDELT export as an event, with its actors and source."""
    names = cameo_names()
    size = path.stat().st_size
    seen_actors: set[str] = set()
    seen_sources: set[str] = set()
    any_row = False
    for number, line, done in open_lines(path):
        if progress and number % 5000 == 0:
            progress(min(done, size), size)
        line = line.rstrip("\r\n")
        if not line.strip():
            continue
        cells = line.split("\t")
        place = f"line {number}"
        layout = LAYOUTS.get(len(cells))
        if layout is None:
            yield RecordError(place, None, f"has {len(cells)} columns; GDELT event files have "
                                           "57, 58 or 61")
            continue
        event_id = cells[0].strip()
        place = f"line {number} (GLOBALEVENTID {event_id})"
        try:
            yield from _row(cells, layout, place, names, seen_actors, seen_sources)
            any_row = True
        except RecordError as exc:
            yield exc
    if progress:
        progress(size, size)
    if not any_row:
        yield RecordError("line 1", None, "no GDELT rows in the file")


def _row(cells: list[str], layout: tuple, place: str, names: dict[str, str],
         seen_actors: set[str], seen_sources: set[str]) -> Iterator[Record]:
    geo_name, geo_country, lat, lon, added, url_at = layout
    event_id = cells[0].strip()
    if not event_id.isdigit():
        raise RecordError(place, "GLOBALEVENTID", f"must be a number, not {event_id[:40]!r}")
    day = cells[1].strip()
    if len(day) != 8 or not day.isdigit():
        raise RecordError(place, "SQLDATE", f"must be YYYYMMDD, not {day[:40]!r}")
    actors: dict[str, dict] = {}
    actor1 = _actor(cells, 5, place, actors)
    actor2 = _actor(cells, 15, place, actors)
    for actor_id, record in actors.items():
        if actor_id not in seen_actors:
            seen_actors.add(actor_id)
            yield build_record("actor", record, place, _CONTEXT)
    code = cells[26].strip()
    action = names.get(code, f"CAMEO {code}" if code else "Event")
    who = " → ".join(actors[a]["name"] for a in (actor1, actor2) if a) or "Unknown actors"
    attributes: dict[str, object] = {}
    for field, index in (("goldstein", 30), ("num_mentions", 31), ("num_sources", 32),
                         ("num_articles", 33), ("avg_tone", 34)):
        value = _number(cells[index], place, field)
        if value is not None:
            attributes[field] = int(value) if field.startswith("num_") else value
    for field, index in (("event_base_code", 27), ("event_root_code", 28),
                         ("quad_class", 29), ("is_root_event", 25), ("date_added", added)):
        if cells[index].strip():
            attributes[field] = cells[index].strip()
    for field, index in (("lat", lat), ("long", lon)):
        value = _number(cells[index], place, field)
        if value is not None:
            attributes[field] = value
    try:
        when = parse_date(f"{day[:4]}-{day[4:6]}-{day[6:]}")
    except DateError as exc:
        raise RecordError(place, "SQLDATE", f"cannot read {day!r} ({exc})") from None
    # Built directly rather than through the native format's checks: every value here comes
    # from this parser, already of the right type, and this is the path a million rows take.
    row: dict[str, object] = {
        "id": f"gdelt:{event_id}", "title": f"{who}: {action}", **when.columns,
        "date_text": day, "event_type": names.get(cells[28].strip(), cells[28].strip()) or None,
        "cameo_code": code or None, "dataset": "GDELT", "external_id": event_id,
        "attributes": json.dumps(attributes, sort_keys=True),
    }
    quad = QUAD_CLASSES.get(cells[29].strip())
    if quad:
        row["tags"] = f'["{quad}"]'
    if cells[geo_name].strip():
        row["location"] = cells[geo_name].strip()
    if cells[geo_country].strip():
        row["country"] = cells[geo_country].strip()
    url = cells[url_at].strip() if url_at is not None else ""
    if url:
        source_id = digest_id("url", url)
        if source_id not in seen_sources:
            seen_sources.add(source_id)
            yield build_record("source", {"id": source_id, "title": url, "url": url,
                                          "kind": "article"}, place, _CONTEXT)
        row["source_id"] = source_id
    roles = [(a, role) for a, role in ((actor1, "source"), (actor2, "target")) if a]
    yield Record("event", place, row, actors=roles)
