"""What the importers of outside formats share: ids, names, HTML to text, dates from parts."""

from __future__ import annotations

import csv
import hashlib
import html
import re
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from ..dates import DateError, DatePart, FuzzyDate, days_in
from ..writer import RecordError

CAMEO_CODES = Path(__file__).resolve().parent.parent / "data" / "cameo-codes.csv"


def digest_id(prefix: str, *parts: object) -> str:
    """A stable id from content, for records that carry none of their own."""
    text = "\x1f".join(str(p) for p in parts)
    return f"{prefix}:{hashlib.sha1(text.encode()).hexdigest()[:16]}"


def slug(text: str) -> str:
    return re.sub(r"[^\w]+", "-", text.strip().lower()).strip("-") or "x"


_KEEP_UPPER = {"EU", "UN", "US", "UK", "USA", "NATO", "IMF", "WHO", "ICC", "IAEA", "OPEC",
               "ASEAN", "UAE", "DPRK", "ROK", "IGO", "NGO", "PKK", "ISIS", "FBI", "CIA"}


def readable_name(name: str) -> str:
    """GDELT's "UNITED STATES" as "United States", keeping acronyms ("THE EU" -> "The EU")."""
    if not name or not name.isupper():
        return name
    words = []
    for word in name.split():
        words.append(word if word in _KEEP_UPPER else word.capitalize())
    return " ".join(words)


class _TextExtractor(HTMLParser):
    BREAKS = {"br", "p", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "tr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self.BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        # In HTML a line break in the source is only a space; <br> and <p> make the lines.
        self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(value: object) -> str | None:
    """Plain text of an HTML fragment: tags dropped, entities decoded, blank lines folded."""
    if value is None:
        return None
    text = str(value)
    if "<" not in text and "&" not in text:
        return text.strip() or None
    parser = _TextExtractor()
    parser.feed(text)
    parser.close()
    joined = html.unescape("".join(parser.parts))
    lines = [" ".join(line.split()) for line in joined.splitlines()]
    result = "\n".join(line for line in lines if line)
    return result or None


def whole(value: object, place: str, field: str, allow_negative: bool = False) -> int | None:
    """A number as real files give it: 5, "05", "5.0", "" or null (absent)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise RecordError(place, field, f"must be a number, not {value!r}")
    try:
        number = float(value) if isinstance(value, str) else value
        if number != int(number):
            raise ValueError
        number = int(number)
    except (TypeError, ValueError):
        raise RecordError(place, field, f"must be a whole number, not {str(value)[:40]!r}") from None
    if number < 0 and not allow_negative:
        raise RecordError(place, field, f"must not be negative, not {number}")
    return number


def date_part(year: int, month: int | None, day: int | None, hour: int | None = None,
              minute: int | None = None, *, place: str, field: str) -> DatePart:
    """A DatePart from separate fields; the finest field given sets the precision."""
    if month is not None and not 1 <= month <= 12:
        raise RecordError(place, field, f"month {month} is out of range")
    if day is not None:
        if month is None:
            raise RecordError(place, field, "a day without a month")
        if not 1 <= day <= days_in(year, month):
            raise RecordError(place, field, f"day {day} is out of range")
    if day is None:
        hour = minute = None
    if hour is not None and (not 0 <= hour <= 23 or not 0 <= (minute or 0) <= 59):
        raise RecordError(place, field, f"time {hour}:{minute} is out of range")
    return DatePart(year, month, day, hour, (minute or 0) if hour is not None else None)


def interval_edtf(start: DatePart, end: DatePart | None, place: str) -> str:
    if end is None or end == start:
        return FuzzyDate(start).edtf
    if end.last_key() < start.first_key():
        raise RecordError(place, "end_date", "ends before it starts")
    try:
        return FuzzyDate(start, end).edtf
    except DateError as exc:
        raise RecordError(place, "end_date", str(exc)) from None


@lru_cache(maxsize=1)
def cameo_names() -> dict[str, str]:
    """CAMEO event code -> its name ("040" -> "Consult"), from the bundled codebook."""
    with CAMEO_CODES.open(encoding="utf-8", errors="replace", newline="") as f:
        return {row["code"]: row["name"].strip() for row in csv.DictReader(f)}


QUAD_CLASSES = {"1": "verbal cooperation", "2": "material cooperation", "3": "verbal conflict",
                "4": "material conflict"}
