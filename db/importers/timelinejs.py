"""TimelineJS (Knight Lab): v3 JSON, the older TimelineJS2 JSON, and the 18-column spreadsheet.

Slides become events: the headline their title, the text (HTML made plain) their summary, `group`
a tag. The title slide becomes the source every event cites. Eras become a tag ("era: …") on the
events they cover. Media (a URL, or raw HTML such as a blockquote), its caption and credit are kept
in the event's attributes, as text.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

from ..dates import DatePart
from ..writer import Record, RecordError
from .common import date_part, digest_id, html_to_text, interval_edtf, whole
from .native import Context, build_record

SHEET_COLUMNS = ["year", "month", "day", "time", "end year", "end month", "end day", "end time",
                 "display date", "headline", "text", "media", "media credit", "media caption",
                 "media thumbnail", "type", "group", "background"]
_CONTEXT = Context()


def sheet_header(line: str) -> list[str] | None:
    """The 18 TimelineJS sheet headers, normalised (case, spacing), or None if it is not one."""
    try:
        cells = next(csv.reader([line]))
    except (csv.Error, StopIteration):
        return None
    normal = [" ".join(c.replace("\ufeff", "").split()).lower() for c in cells]
    return normal if normal[:len(SHEET_COLUMNS)] == SHEET_COLUMNS else None


def kind_of_json(data: object) -> str | None:
    """"timelinejs" (v3), "timelinejs2", or None for a document of neither shape."""
    if isinstance(data, dict) and isinstance(data.get("events"), list) and (
            "title" in data or any(isinstance(e, dict) and "start_date" in e
                                   for e in data["events"])):
        return "timelinejs"
    if isinstance(data, dict) and isinstance(data.get("timeline"), dict):
        return "timelinejs2"
    return None


def astronomical(year: int) -> int:
    """TimelineJS writes 44 BCE as -44; EDTF (astronomical numbering) as -0043."""
    return year + 1 if year < 0 else year


def _part(date: object, place: str, field: str) -> DatePart | None:
    """A v3 date object; None when absent or its year is blank (an end date with no end)."""
    if date in (None, "", {}):
        return None
    if not isinstance(date, dict):
        raise RecordError(place, field, "must be an object with a year")
    year = whole(date.get("year"), place, f"{field}.year", allow_negative=True)
    if year is None:
        return None
    return date_part(astronomical(year), whole(date.get("month"), place, f"{field}.month"),
                     whole(date.get("day"), place, f"{field}.day"),
                     whole(date.get("hour"), place, f"{field}.hour"),
                     whole(date.get("minute"), place, f"{field}.minute"),
                     place=place, field=field)


def _media(media: object) -> dict[str, str]:
    if not isinstance(media, dict):
        return {}
    kept = {}
    url = media.get("url")
    if isinstance(url, str) and url.strip():
        if url.lstrip().startswith("<"):
            text = html_to_text(url)  # a quote or embed held in the media slot
            if text:
                kept["media_text"] = text
        else:
            kept["media_url"] = url.strip()
    for key in ("caption", "credit"):
        text = html_to_text(media.get(key)) if isinstance(media.get(key), str) else None
        if text:
            kept[f"media_{key}"] = text
    return kept


def _event(slide: dict, start: DatePart, end: DatePart | None, place: str, source_id: str | None,
           eras: list[tuple[str, int, int]], display: object) -> Record:
    text = slide.get("text") if isinstance(slide.get("text"), dict) else {}
    headline = html_to_text(text.get("headline"))
    body = html_to_text(text.get("text"))
    date = interval_edtf(start, end, place)
    unique = slide.get("unique_id")
    event_id = f"tljs:{unique}" if isinstance(unique, str | int) and str(unique).strip() else \
        digest_id("tljs", date, headline, body)
    lo = start.first_key()
    hi = (end or start).last_key()
    tags = []
    group = slide.get("group")
    if isinstance(group, str) and group.strip():
        tags.append(group.strip())
    tags.extend(f"era: {name}" for name, era_lo, era_hi in eras if era_lo <= hi and era_hi >= lo)
    record: dict[str, object] = {
        "id": event_id, "title": headline or (body or "Untitled")[:80],
        "date": date, "summary": body, "dataset": "TimelineJS",
        "attributes": _media(slide.get("media")), "tags": tags or None,
    }
    if isinstance(display, str) and display.strip():
        record["date_text"] = display.strip()
    if source_id is not None:
        record["source"] = source_id
    return build_record("event", record, place, _CONTEXT)


def _title_source(title: object, name: str) -> tuple[Record | None, str | None]:
    if not isinstance(title, dict):
        return None, None
    text = title.get("text") if isinstance(title.get("text"), dict) else {}
    headline = html_to_text(text.get("headline")) or name
    source_id = digest_id("tljs-source", headline)
    record = build_record("source", {"id": source_id, "kind": "timeline", "title": headline,
                                     "text": html_to_text(text.get("text"))}, "title", _CONTEXT)
    return record, source_id


def _eras(items: object, section: str, eras: list[tuple[str, int, int]], read
          ) -> Iterator[RecordError]:
    """Fill `eras` with (name, first day, last day); `read(era, place)` gives start, end, name."""
    for i, era in enumerate(items if isinstance(items, list) else []):
        place = f"{section}[{i}]"
        if not isinstance(era, dict):
            yield RecordError(place, None, "an era must be an object")
            continue
        try:
            start, end, headline = read(era, place)
        except RecordError as exc:
            yield exc
            continue
        if start is not None:
            eras.append((html_to_text(headline) or f"era {i + 1}", start.first_key(),
                         (end or start).last_key()))


def read_v3(path: Path, data: dict) -> Iterator[Record | RecordError]:
    source, source_id = None, None
    try:
        source, source_id = _title_source(data.get("title"), path.stem)
    except RecordError as exc:
        yield exc
    if source is not None:
        yield source
    eras: list[tuple[str, int, int]] = []
    yield from _eras(data.get("eras"), "eras", eras, lambda era, place: (
        _part(era.get("start_date"), place, "start_date"),
        _part(era.get("end_date"), place, "end_date"),
        ((era.get("text") or {}) if isinstance(era.get("text"), dict) else {}).get("headline")))
    slides = data.get("events")
    if not isinstance(slides, list) or not slides:
        yield RecordError("top level", "events", "no slides in the timeline")
        return
    for i, slide in enumerate(slides):
        place = f"events[{i}]"
        if not isinstance(slide, dict):
            yield RecordError(place, None, "a slide must be an object")
            continue
        try:
            start = _part(slide.get("start_date"), place, "start_date")
            if start is None:
                raise RecordError(place, "start_date.year", "is required")
            end = _part(slide.get("end_date"), place, "end_date")
            display = slide.get("display_date") or (slide.get("start_date") or {}).get(
                "display_date")
            yield _event(slide, start, end, place, source_id, eras, display)
        except RecordError as exc:
            yield exc


def _v2_part(value: object, place: str, field: str) -> DatePart | None:
    if value in (None, ""):
        return None
    pieces = [p.strip() for p in str(value).replace("/", ",").split(",")]
    numbers = [whole(p, place, field, allow_negative=(i == 0)) for i, p in enumerate(pieces)]
    numbers += [None] * (3 - len(numbers))
    if numbers[0] is None:
        return None
    return date_part(astronomical(numbers[0]), numbers[1], numbers[2], place=place, field=field)


def read_v2(path: Path, data: dict) -> Iterator[Record | RecordError]:
    """TimelineJS2: {"timeline": {"headline", "text", "date": [{"startDate": "1963,8,9", …}]}}."""
    timeline = data["timeline"]
    title = {"text": {"headline": timeline.get("headline"), "text": timeline.get("text")}}
    source, source_id = _title_source(title, path.stem)
    if source is not None:
        yield source
    eras: list[tuple[str, int, int]] = []
    yield from _eras(timeline.get("era"), "timeline.era", eras, lambda era, place: (
        _v2_part(era.get("startDate"), place, "startDate"),
        _v2_part(era.get("endDate"), place, "endDate"), era.get("headline")))
    for i, item in enumerate(timeline.get("date") or []):
        place = f"timeline.date[{i}]"
        try:
            start = _v2_part(item.get("startDate"), place, "startDate")
            if start is None:
                raise RecordError(place, "startDate", "is required")
            end = _v2_part(item.get("endDate"), place, "endDate")
            asset = item.get("asset") or {}
            slide = {"text": {"headline": item.get("headline"), "text": item.get("text")},
                     "media": {"url": asset.get("media"), "caption": asset.get("caption"),
                               "credit": asset.get("credit")},
                     "group": item.get("tag"), "unique_id": item.get("unique_id")}
            yield _event(slide, start, end, place, source_id, eras, None)
        except RecordError as exc:
            yield exc


def read_json(path: Path, text: str) -> Iterator[Record | RecordError]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield RecordError(f"line {exc.lineno}, column {exc.colno}", None,
                          f"not valid JSON: {exc.msg}")
        return
    kind = kind_of_json(data)
    if kind == "timelinejs":
        yield from read_v3(path, data)
    elif kind == "timelinejs2":
        yield from read_v2(path, data)
    else:
        yield RecordError("top level", None, "not a TimelineJS document (no events or timeline)")


def _sheet_part(row: dict[str, str], prefix: str, place: str) -> DatePart | None:
    year = whole(row.get(f"{prefix}year"), place, f"{prefix}Year".title(), allow_negative=True)
    if year is None:
        return None
    year = astronomical(year)
    hour = minute = None
    time_text = (row.get(f"{prefix}time") or "").strip()
    if time_text:
        clock = time_text.split(":")
        hour = whole(clock[0], place, f"{prefix}Time".title())
        minute = whole(clock[1], place, f"{prefix}Time".title()) if len(clock) > 1 else 0
    return date_part(year, whole(row.get(f"{prefix}month"), place, f"{prefix}Month".title()),
                     whole(row.get(f"{prefix}day"), place, f"{prefix}Day".title()), hour, minute,
                     place=place, field=f"{prefix}Year".title())


def read_sheet(path: Path, text: str) -> Iterator[Record | RecordError]:
    """The spreadsheet export: 18 columns, CRLF records, newlines inside quoted cells."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [" ".join(c.replace("\ufeff", "").split()).lower() for c in next(reader, [])]
    if header[:len(SHEET_COLUMNS)] != SHEET_COLUMNS:
        yield RecordError("line 1", None, "not a TimelineJS sheet: its header should be "
                                          "Year, Month, Day, Time, End Year, … Background")
        return
    rows = []
    for values in reader:
        if not any(v.strip() for v in values):
            continue
        rows.append((reader.line_num, dict(zip(header, values, strict=False))))
    title = next((row for _, row in rows if row.get("type", "").strip().lower() == "title"), None)
    source_id = None
    if title is not None:
        source, source_id = _title_source(
            {"text": {"headline": title.get("headline"), "text": title.get("text")}}, path.stem)
        yield source
    eras = []
    for number, row in rows:
        if row.get("type", "").strip().lower() == "era":
            place = f"line {number}"
            try:
                start = _sheet_part(row, "", place)
                end = _sheet_part(row, "end ", place) or start
                if start is not None:
                    eras.append((html_to_text(row.get("headline")) or "era",
                                 start.first_key(), end.last_key()))
            except RecordError as exc:
                yield exc
    for number, row in rows:
        kind = row.get("type", "").strip().lower()
        if kind in ("title", "era"):
            continue
        place = f"line {number}"
        try:
            start = _sheet_part(row, "", place)
            if start is None:
                raise RecordError(place, "Year", "is required")
            end = _sheet_part(row, "end ", place)
            slide = {"text": {"headline": row.get("headline"), "text": row.get("text")},
                     "media": {"url": row.get("media"), "caption": row.get("media caption"),
                               "credit": row.get("media credit")},
                     "group": row.get("group")}
            yield _event(slide, start, end, place, source_id, eras, row.get("display date"))
        except RecordError as exc:
            yield exc
