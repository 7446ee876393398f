"""ICEWS coded events: tab-separated with a 20-column header; `NA` means missing.

Each row is an event from Source Name to Target Name, with its CAMEO code, intensity, sectors (as
tags), location and publisher (its source).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from ..writer import Record, RecordError
from .common import digest_id, slug
from .native import Context, build_record

COLUMNS = ["Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country",
           "Event Text", "CAMEO Code", "Intensity", "Target Name", "Target Sectors",
           "Target Country", "Story ID", "Sentence Number", "Publisher", "City", "District",
           "Province", "Country", "Latitude", "Longitude"]
_CONTEXT = Context()


def looks_like_icews(head: str) -> bool:
    first = head.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
    return [c.strip().lower() for c in first.split("\t")][:3] == ["event id", "event date",
                                                                   "source name"]


def _value(row: dict[str, str], column: str) -> str | None:
    value = (row.get(column) or "").strip()
    return None if value in ("", "NA") else value


def _actor(name: str | None, country: str | None, sectors: list[str], place: str,
           seen: set[str]) -> Iterator[Record]:
    if name is None:
        return
    actor_id = f"icews:{slug(name)}"
    if actor_id in seen:
        return
    seen.add(actor_id)
    record: dict[str, object] = {"id": actor_id, "name": name}
    if country:
        record["country"] = country
    if name == country:
        record["kind"] = "state"
    if sectors:
        record["description"] = "Sectors: " + ", ".join(sectors)
    yield build_record("actor", record, place, _CONTEXT)


def read_icews(path: Path, text: str) -> Iterator[Record | RecordError]:
    reader = csv.DictReader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
    header = [c.strip() for c in (reader.fieldnames or [])]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        yield RecordError("line 1", missing[0], "missing from the ICEWS header")
        return
    reader.fieldnames = header
    seen_actors: set[str] = set()
    seen_sources: set[str] = set()
    any_row = False
    for number, row in enumerate(reader, start=2):
        event_id = _value(row, "Event ID")
        place = f"line {number}" + (f" (Event ID {event_id})" if event_id else "")
        if None in row:
            yield RecordError(place, None, "more cells than the header has columns")
            continue
        try:
            yield from _row(row, place, seen_actors, seen_sources)
            any_row = True
        except RecordError as exc:
            yield exc
    if not any_row:
        yield RecordError("line 2", None, "no ICEWS rows in the file")


def _sectors(value: str | None) -> list[str]:
    return [s.strip() for s in (value or "").split(",") if s.strip()]


def _row(row: dict[str, str], place: str, seen_actors: set[str], seen_sources: set[str]
         ) -> Iterator[Record]:
    event_id = _value(row, "Event ID")
    if event_id is None:
        raise RecordError(place, "Event ID", "is required")
    date = _value(row, "Event Date")
    if date is None:
        raise RecordError(place, "Event Date", "is required")
    source_name, target_name = _value(row, "Source Name"), _value(row, "Target Name")
    source_sectors, target_sectors = _sectors(_value(row, "Source Sectors")), _sectors(
        _value(row, "Target Sectors"))
    yield from _actor(source_name, _value(row, "Source Country"), source_sectors, place,
                      seen_actors)
    yield from _actor(target_name, _value(row, "Target Country"), target_sectors, place,
                      seen_actors)
    action = _value(row, "Event Text") or f"CAMEO {_value(row, 'CAMEO Code')}"
    who = " → ".join(n for n in (source_name, target_name) if n) or "Unknown actors"
    attributes: dict[str, object] = {}
    for column, key, kind in (("Intensity", "intensity", float), ("Latitude", "lat", float),
                              ("Longitude", "long", float), ("Story ID", "story_id", str),
                              ("Sentence Number", "sentence_number", str),
                              ("District", "district", str)):
        value = _value(row, column)
        if value is None:
            continue
        try:
            attributes[key] = kind(value)
        except ValueError:
            raise RecordError(place, column, f"must be a number, not {value[:40]!r}") from None
    location = ", ".join(p for p in (_value(row, "City"), _value(row, "Province"),
                                     _value(row, "Country")) if p)
    event: dict[str, object] = {
        "id": f"icews:{event_id}", "title": f"{who}: {action}", "date": date,
        "event_type": action, "cameo_code": _value(row, "CAMEO Code"), "dataset": "ICEWS",
        "external_id": event_id, "attributes": attributes,
        "tags": sorted(set(source_sectors + target_sectors)),
        "actors": [{"id": f"icews:{slug(n)}", "role": role}
                   for n, role in ((source_name, "source"), (target_name, "target")) if n],
    }
    if location:
        event["location"] = location
    if _value(row, "Country"):
        event["country"] = _value(row, "Country")
    publisher = _value(row, "Publisher")
    if publisher:
        source_id = digest_id("publisher", publisher)
        if source_id not in seen_sources:
            seen_sources.add(source_id)
            yield build_record("source", {"id": source_id, "title": publisher,
                                          "publisher": publisher, "kind": "article"},
                               place, _CONTEXT)
        event["source"] = source_id
    try:
        yield build_record("event", event, place, _CONTEXT)
    except RecordError as exc:
        if exc.field == "date":
            raise RecordError(place, "Event Date", exc.message) from None
        raise
