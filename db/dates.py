"""Dates as sources write them: parse phrases and EDTF into a FuzzyDate, and format them for display.

A FuzzyDate keeps what a source meant and no more: "February 2024" is a month, never the 1st of it.
Its `lo_key`/`hi_key` are `year*10000 + month*100 + day` of the first and last day covered, which
orders correctly for BCE years too (EDTF's astronomical numbering: year 0 is 1 BCE).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import cached_property, lru_cache

PRECISIONS = ("year", "season", "month", "day", "minute")
"""From coarsest to finest; a coarser date sorts before a finer one that starts the same day."""

PRECISION_RANK = {name: rank for rank, name in enumerate(PRECISIONS)}

OPEN_LO_KEY = -99_999_999_9999
"""lo_key of an interval whose start is open (`../2024`): before everything."""
OPEN_HI_KEY = 99_999_999_9999
"""hi_key of an interval whose end is open (`2024/..`): after everything."""

SEASONS = {21: ("Spring", 3, 5), 22: ("Summer", 6, 8), 23: ("Autumn", 9, 11), 24: ("Winter", 12, 14)}
"""EDTF level-1 season codes with their (northern) months; winter runs into the next year."""
SEASON_BY_NAME = {name.lower(): code for code, (name, _, _) in SEASONS.items()} | {"fall": 23}

MONTH_ABBR = ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class DateError(ValueError):
    """A date that cannot be read; the message says why, and quotes nothing (the caller does)."""


@dataclass(frozen=True)
class DatePart:
    """One end of a date: a year and as much of month, day and time as the source gave."""

    year: int
    month: int | None = None
    day: int | None = None
    hour: int | None = None
    minute: int | None = None
    season: int | None = None

    @property
    def precision(self) -> str:
        if self.minute is not None:
            return "minute"
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        if self.season is not None:
            return "season"
        return "year"

    def first_key(self) -> int:
        if self.season is not None:
            return _key(self.year, SEASONS[self.season][1], 1)
        return _key(self.year, self.month or 1, self.day or 1)

    def last_key(self) -> int:
        if self.season is not None:
            last_month = SEASONS[self.season][2]
            year, month = (self.year + 1, last_month - 12) if last_month > 12 else (
                self.year, last_month)
            return _key(year, month, days_in(year, month))
        month = self.month or 12
        return _key(self.year, month, self.day or days_in(self.year, month))

    def edtf(self) -> str:
        text = _edtf_year(self.year)
        if self.season is not None:
            return f"{text}-{self.season}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        if self.minute is not None:
            text += f"T{self.hour:02d}:{self.minute:02d}:00"
        return text


@dataclass(frozen=True)
class FuzzyDate:
    """A date or interval as a source gave it, with its bounds, precision and qualifiers."""

    start: DatePart | None
    """None when the interval's start is open (`../2024`)."""
    end: DatePart | None = None
    """None for a single date; the end of an interval otherwise."""
    open_end: bool = False
    """True for `2024/..`: the interval goes on."""
    unknown_end: bool = False
    """True for `2024/`: the interval ends, but the source does not say when."""
    uncertain: bool = False
    approximate: bool = False
    unspecified: str | None = None
    """The EDTF string when it has `X` digits (`201X`, `2024-XX`); bounds then span the digits."""

    @property
    def precision(self) -> str:
        parts = [p for p in (self.start, self.end) if p is not None]
        if self.unspecified:
            return _unspecified_precision(self.unspecified)
        return max((p.precision for p in parts), key=PRECISION_RANK.__getitem__)

    @property
    def lo_key(self) -> int:
        if self.unspecified:
            return _unspecified_bounds(self.unspecified)[0]
        return OPEN_LO_KEY if self.start is None else self.start.first_key()

    @property
    def hi_key(self) -> int:
        if self.unspecified:
            return _unspecified_bounds(self.unspecified)[1]
        if self.open_end:
            return OPEN_HI_KEY
        if self.end is not None:
            return self.end.last_key()
        if self.start is None:
            return OPEN_HI_KEY
        return self.start.last_key()

    @property
    def edtf(self) -> str:
        if self.unspecified:
            return self.unspecified + self._qualifier()
        start = ".." if self.start is None else self.start.edtf()
        if self.end is None and not self.open_end and not self.unknown_end:
            if self.start is None:
                return "../.."
            return start + self._qualifier()
        if self.open_end:
            end = ".."
        elif self.unknown_end:
            end = ""
        else:
            end = self.end.edtf()
        qualifier = self._qualifier()
        if self.start is not None:
            start += qualifier
        if self.end is not None:
            end += qualifier
        return f"{start}/{end}"

    def _qualifier(self) -> str:
        if self.uncertain and self.approximate:
            return "%"
        if self.uncertain:
            return "?"
        if self.approximate:
            return "~"
        return ""


@dataclass(frozen=True)
class ParsedDate:
    """What a record's date column holds: the meaning, the source's words and how the year was found."""

    value: FuzzyDate
    text: str
    note: str | None = None

    @cached_property
    def columns(self) -> dict[str, object]:
        """The date columns of an event or statement row (DESIGN §3)."""
        return {
            "date": self.value.edtf,
            "precision": self.value.precision,
            "lo_key": self.value.lo_key,
            "hi_key": self.value.hi_key,
            "date_text": self.text,
            "date_note": self.note,
        }


def _key(year: int, month: int, day: int) -> int:
    return year * 10000 + month * 100 + day


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in(year: int, month: int) -> int:
    if month == 2:
        return 29 if _leap(year) else 28
    return calendar.monthrange(2001, month)[1]


def _edtf_year(year: int) -> str:
    if abs(year) > 9999:
        return f"Y{year}"
    return f"-{abs(year):04d}" if year < 0 else f"{year:04d}"


def split_key(key: int) -> tuple[int, int, int]:
    """(year, month, day) of a lo_key/hi_key, BCE included."""
    mmdd = key % 10000
    return (key - mmdd) // 10000, mmdd // 100, mmdd % 100


def key_for(year: int, month: int = 1, day: int = 1) -> int:
    """The lo_key of a day."""
    return _key(year, month, day)


# --- EDTF -------------------------------------------------------------------------------------

_EDTF_YEAR = r"(?:Y-?\d{5,}|-?\d{4})"
_EDTF_DATE = re.compile(
    rf"^(?P<year>{_EDTF_YEAR})"
    r"(?:-(?P<month>\d{2})(?:-(?P<day>\d{2})"
    r"(?:T(?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?"
    r"(?P<qual>[?~%])?$"
)
_EDTF_UNSPECIFIED = re.compile(r"^(?P<body>-?[\dX]{4}(?:-[\dX]{2}(?:-[\dX]{2})?)?)(?P<qual>[?~%])?$")


def _validate_part(year: int, month: int | None, day: int | None) -> None:
    if month is not None and not 1 <= month <= 12:
        raise DateError(f"month {month} is out of range")
    if day is not None and not 1 <= day <= days_in(year, month or 1):
        raise DateError(f"day {day} is out of range for {MONTH_ABBR[month or 1]} {year}")


def _edtf_part(text: str) -> tuple[DatePart, str | None] | None:
    match = _EDTF_DATE.match(text)
    if not match:
        return None
    year = int(match["year"].lstrip("Y"))
    month = int(match["month"]) if match["month"] else None
    day = int(match["day"]) if match["day"] else None
    if month is not None and 21 <= month <= 24 and day is None:
        return DatePart(year, season=month), match["qual"]
    _validate_part(year, month, day)
    hour = minute = None
    if match["hour"]:
        hour, minute = int(match["hour"]), int(match["minute"])
        if hour > 23 or minute > 59:
            raise DateError(f"time {hour:02d}:{minute:02d} is out of range")
    return DatePart(year, month, day, hour, minute), match["qual"]


def _qualifiers(*quals: str | None) -> dict[str, bool]:
    given = "".join(q for q in quals if q)
    return {
        "uncertain": "?" in given or "%" in given,
        "approximate": "~" in given or "%" in given,
    }


def _unspecified_precision(text: str) -> str:
    body = text.rstrip("?~%")
    parts = body.lstrip("-").split("-")
    if len(parts) == 3 and "X" not in parts[2]:
        return "day"
    if len(parts) >= 2 and "X" not in parts[1]:
        return "month"
    return "year"


def _unspecified_bounds(text: str) -> tuple[int, int]:
    body = text.rstrip("?~%")
    negative = body.startswith("-")
    parts = body.lstrip("-").split("-")
    year_lo, year_hi = int(parts[0].replace("X", "0")), int(parts[0].replace("X", "9"))
    if negative:
        year_lo, year_hi = -year_hi, -year_lo
    if len(parts) == 1 or "X" in parts[1]:
        return _key(year_lo, 1, 1), _key(year_hi, 12, 31)
    month = int(parts[1])
    return _key(year_lo, month, 1), _key(year_hi, month, days_in(year_hi, month))


def parse_edtf(text: str) -> FuzzyDate | None:
    """Read an EDTF level 0/1 string; None when it is not EDTF at all (it may still be a phrase)."""
    text = text.strip()
    if "/" in text:
        left, _, right = text.partition("/")
        if left in ("", ".."):
            start = None
            left_qual = None
        else:
            parsed = _edtf_part(left)
            if parsed is None:
                return None
            start, left_qual = parsed
        open_end = right == ".."
        unknown_end = right == ""
        end = right_qual = None
        if not (open_end or unknown_end):
            parsed = _edtf_part(right)
            if parsed is None:
                return None
            end, right_qual = parsed
        if start is None and end is None:
            raise DateError("an interval needs at least one end")
        if start is None:
            # `../2024`: nothing is known of the start; the end is what the source gave.
            return FuzzyDate(None, end, **_qualifiers(left_qual, right_qual))
        if end is not None and end.last_key() < start.first_key():
            raise DateError("the interval ends before it starts")
        return FuzzyDate(start, end, open_end=open_end, unknown_end=unknown_end,
                         **_qualifiers(left_qual, right_qual))
    if "X" in text:
        match = _EDTF_UNSPECIFIED.match(text)
        if not match:
            return None
        body = match["body"]
        parts = body.lstrip("-").split("-")
        # Unspecified digits must be trailing: "20X4" means nothing.
        flat = "".join(parts)
        if "X" in flat.rstrip("X") or (len(parts) > 1 and "X" in parts[0] and
                                         any(c.isdigit() for c in "".join(parts[1:]))):
            raise DateError("unspecified digits (X) must come last")
        if len(parts) > 1 and "X" not in parts[1]:
            _validate_part(int(parts[0].replace("X", "0")), int(parts[1]), None)
        return FuzzyDate(None, unspecified=body, **_qualifiers(match["qual"]))
    parsed = _edtf_part(text)
    if parsed is None:
        return None
    part, qual = parsed
    return FuzzyDate(part, **_qualifiers(qual))


# --- phrases ----------------------------------------------------------------------------------

_FILLER = re.compile(
    r"^(?:(?:for|in|on|during|at|by|of)\s+)?(?:the\s+)?(?:year\s+(?:of\s+)?)?", re.IGNORECASE)
_APPROX = re.compile(r"^(?:c\.|ca\.|circa|about|around|approximately|approx\.)\s*", re.IGNORECASE)
_ERA = re.compile(r"\b(\d{1,9})\s*(BCE|BC|CE|AD)\b\.?", re.IGNORECASE)
_BARE_YEAR = re.compile(r"^-?\d{1,9}$")
_RANGE_SPLIT = re.compile(r"\s*[–—]\s*|\s+-\s+|\s+(?:to|until|till|through)\s+", re.IGNORECASE)
_DAY_RANGE = re.compile(
    r"^(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s*[-–—]\s*(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+(?P<rest>\D.*)$")
_MONTH_DAY_RANGE = re.compile(
    r"^(?P<month>[A-Za-z]+\.?)\s+(?P<d1>\d{1,2})\s*[-–—]\s*(?P<d2>\d{1,2})(?P<rest>,?\s*.*)$")
_YEAR_RANGE = re.compile(r"^(?P<y1>\d{1,4})\s*[-–—]\s*(?P<y2>\d{1,4})$")
_MONTH_RANGE = re.compile(r"^(?P<m1>[A-Za-z]+\.?)\s*[-–—]\s*(?P<m2>[A-Za-z]+\.?)(?P<rest>\s+.*)?$")
_SEASON = re.compile(r"^(?P<season>spring|summer|autumn|fall|winter)\s+(?P<year>.+)$", re.IGNORECASE)
_UNKNOWN_END = re.compile(r"^(?P<start>.+?)\s*(?:[–—]|\s-|to)\s*\?$")
_OPEN_PREFIX = re.compile(r"^(?P<word>from|since|after|until|till|before)\s+", re.IGNORECASE)

# Two defaults that differ in every field: whatever comes out equal under both was in the text.
_DEFAULT_A = datetime(2000, 1, 1, 0, 0)
_DEFAULT_B = datetime(2004, 12, 2, 13, 37)


@lru_cache(maxsize=1)
def _dateutil() -> tuple[object, object]:
    """dateutil's parser, and its settings without the two-digit-year guess ("44 CE" is 44).

    Imported on first use: the app only formats dates, and should not pay for the parser.
    """
    from dateutil import parser

    class ExactYears(parser.parserinfo):
        def convertyear(self, year: int, century_specified: bool = False) -> int:
            return year

    return parser, ExactYears()


def _proxy_year(year: int) -> int:
    # datetime has no year 0 or BCE: parse against a stand-in of the same leap-ness, then swap back.
    return 2000 if _leap(year) else 2001


def _parse_single(text: str, default_year: int | None) -> tuple[DatePart, bool]:
    """One end of a phrase; returns the part and whether its year came from the context."""
    text = text.strip().rstrip(",").strip()
    if not text:
        raise DateError("nothing to read")
    season = _SEASON.match(text)
    if season:
        year_part, year_from_context = _parse_single(season["year"], default_year)
        if year_part.month is not None:
            raise DateError("a season takes a year, not a month")
        return DatePart(year_part.year, season=SEASON_BY_NAME[season["season"].lower()]), \
            year_from_context
    era_year = None
    era = _ERA.search(text)
    if era:
        number = int(era[1])
        if era[2].upper() in ("BC", "BCE"):
            if number == 0:
                raise DateError("there is no year 0 BCE")
            era_year = 1 - number
        else:
            era_year = number
        if _BARE_YEAR.match(text[: era.start()].strip() + "0") and not text[: era.start()].strip():
            return DatePart(era_year), False
        text = f"{text[: era.start()]}{_proxy_year(era_year)}{text[era.end():]}".strip()
    if _BARE_YEAR.match(text):
        return DatePart(int(text)), False
    parser, parserinfo = _dateutil()
    try:
        first = parser.parse(text, parserinfo=parserinfo, default=_DEFAULT_A)
        second = parser.parse(text, parserinfo=parserinfo, default=_DEFAULT_B)
    except (ValueError, OverflowError) as exc:
        raise DateError(_dateutil_reason(exc)) from None
    has_year = first.year == second.year
    has_month = first.month == second.month
    has_day = first.day == second.day
    has_time = first.hour == second.hour and first.minute == second.minute
    if has_day and not has_month:
        raise DateError("a day without a month")
    if not (has_year or has_month):
        raise DateError("no year or month in it")
    year_from_context = False
    if era_year is not None:
        year = era_year
    elif has_year:
        year = first.year
    else:
        if default_year is None:
            raise DateError("no year given, and no default_year to take it from")
        year = default_year
        year_from_context = True
    month = first.month if has_month else None
    day = first.day if has_day else None
    _validate_part(year, month, day)
    if has_time and (first.hour or first.minute or ":" in text):
        if day is None:
            raise DateError("a time without a day")
        return DatePart(year, month, day, first.hour, first.minute), year_from_context
    return DatePart(year, month, day), year_from_context


def _dateutil_reason(exc: Exception) -> str:
    message = str(exc)
    if "out of range" in message or "must be in" in message:
        return message.split(":")[0]
    return "not a date I can read"


def _fill_from(part: DatePart, other: DatePart, year_only: bool = False) -> DatePart:
    """Take the year (and for a bare day, the month) that the other end of a range gave."""
    month = part.month
    if not year_only and part.month is None and part.day is None and other.month is not None:
        month = other.month
    return DatePart(other.year, month, part.day, part.hour, part.minute, part.season)


def _parse_range(left: str, right: str, default_year: int | None) -> tuple[DatePart, DatePart, bool]:
    end, end_ctx = _parse_single(right, default_year)
    try:
        start, start_ctx = _parse_single(left, None)
    except DateError as exc:
        if "no year given" not in str(exc):
            raise
        # "8 April – 2 May 2024": the left end borrows the right end's year.
        start, start_ctx = _parse_single(f"{left} {_proxy_year(end.year)}", None)
        start = DatePart(end.year, start.month, start.day, start.hour, start.minute, start.season)
        start_ctx = end_ctx
    return start, end, start_ctx or end_ctx


@lru_cache(maxsize=65536)
def parse_date(text: str, default_year: int | None = None,
               year_source: str = "context") -> ParsedDate:
    """Read a source's date phrase or an EDTF string.

    A year missing from the text is taken from `default_year` and said so in the note, naming
    `year_source` (where that year came from).
    Raises DateError when the text is not a date. Results are cached: real data repeats its dates.
    """
    if not isinstance(text, str):
        raise DateError("a date must be text")
    original = text
    text = " ".join(text.split())
    if not text:
        raise DateError("the date is empty")
    edtf = parse_edtf(text)
    if edtf is not None:
        return ParsedDate(edtf, original)
    value, year_from_context = _parse_phrase(text, default_year)
    note = f"year {default_year} taken from {year_source}" if year_from_context else None
    return ParsedDate(value, original, note)


def _parse_phrase(text: str, default_year: int | None) -> tuple[FuzzyDate, bool]:
    qualifiers = {"uncertain": False, "approximate": False}
    unknown_end = _UNKNOWN_END.match(text)
    if unknown_end:
        start, ctx = _parse_phrase(unknown_end["start"], default_year)
        if start.end is not None or start.start is None or start.open_end or start.unknown_end:
            raise DateError("an unknown end needs a single start date")
        return replace(start, unknown_end=True), ctx
    if text.endswith("?"):
        qualifiers["uncertain"] = True
        text = text[:-1].rstrip()
    approx = _APPROX.match(text)
    if approx:
        qualifiers["approximate"] = True
        text = text[approx.end():]
    text = _FILLER.sub("", text, count=1).strip() or text
    open_prefix = _OPEN_PREFIX.match(text)
    if open_prefix:
        part, ctx = _parse_single(text[open_prefix.end():], default_year)
        if open_prefix["word"].lower() in ("from", "since", "after"):
            return FuzzyDate(part, open_end=True, **qualifiers), ctx
        return FuzzyDate(None, part, **qualifiers), ctx
    match = _DAY_RANGE.match(text)
    if match:
        start, ctx = _parse_single(f"{match['d1']} {match['rest']}", default_year)
        end, _ = _parse_single(f"{match['d2']} {match['rest']}", default_year)
        return _interval(start, end, qualifiers), ctx
    match = _MONTH_DAY_RANGE.match(text)
    if match and match["month"].rstrip(".").lower()[:3] in _MONTH_PREFIXES:
        start, ctx = _parse_single(f"{match['month']} {match['d1']}{match['rest']}", default_year)
        end, _ = _parse_single(f"{match['month']} {match['d2']}{match['rest']}", default_year)
        return _interval(start, end, qualifiers), ctx
    match = _YEAR_RANGE.match(text)
    if match:
        y1, y2 = match["y1"], match["y2"]
        if len(y2) < len(y1):  # "2022-24"
            y2 = y1[: len(y1) - len(y2)] + y2
        return _interval(DatePart(int(y1)), DatePart(int(y2)), qualifiers), False
    match = _MONTH_RANGE.match(text)
    if match and match["m1"].rstrip(".").lower()[:3] in _MONTH_PREFIXES:
        rest = match["rest"] or ""
        start, ctx = _parse_single(f"{match['m1']}{rest}", default_year)
        end, _ = _parse_single(f"{match['m2']}{rest}", default_year)
        return _interval(start, end, qualifiers), ctx
    pieces = _RANGE_SPLIT.split(text)
    if len(pieces) == 2:
        start, end, ctx = _parse_range(pieces[0], pieces[1], default_year)
        return _interval(start, end, qualifiers), ctx
    if len(pieces) > 2:
        raise DateError("more than two ends in a range")
    part, ctx = _parse_single(text, default_year)
    return FuzzyDate(part, **qualifiers), ctx


_MONTH_PREFIXES = {name[:3].lower() for name in calendar.month_name if name} | {"sep"}


def _interval(start: DatePart, end: DatePart, qualifiers: dict[str, bool]) -> FuzzyDate:
    if end.last_key() < start.first_key():
        raise DateError("the range ends before it starts")
    if start == end:
        return FuzzyDate(start, **qualifiers)
    return FuzzyDate(start, end, **qualifiers)


# --- display ----------------------------------------------------------------------------------


MONTH_NAMES = ("", "January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")


def period_label(key: int, prec_rank: int) -> str:
    """A period heading for a day key at a precision rank: "2024", "Spring 2024", "April 2024",
    "9 April 2024"; "Open start" for intervals with no start."""
    if key <= OPEN_LO_KEY + 10000:
        return "Open start"
    year, month, day = split_key(key)
    if prec_rank == 0:
        return year_text(year)
    if prec_rank == 1:
        season = {3: "Spring", 6: "Summer", 9: "Autumn", 12: "Winter"}.get(month, "Season")
        return f"{season} {year_text(year)}"
    if prec_rank == 2:
        return f"{MONTH_NAMES[month]} {year_text(year)}"
    return f"{day} {MONTH_NAMES[month]} {year_text(year)}"


def year_text(year: int) -> str:
    """A year for display: "2024", "800 CE", "44 BCE" (EDTF year -43)."""
    if year <= 0:
        return f"{1 - year} BCE"
    if year < 1000:
        return f"{year} CE"
    return str(year)


def _part_text(part: DatePart, with_year: bool = True) -> str:
    if part.season is not None:
        text = SEASONS[part.season][0]
        return f"{text} {year_text(part.year)}" if with_year else text
    pieces = []
    if part.day is not None:
        pieces.append(str(part.day))
    if part.month is not None:
        pieces.append(MONTH_ABBR[part.month])
    if with_year:
        pieces.append(year_text(part.year))
    text = " ".join(pieces)
    if part.minute is not None:
        text += f" {part.hour:02d}:{part.minute:02d}"
    return text


def format_date(value: FuzzyDate) -> str:
    """A date for display, no finer than its precision: "8–9 Apr 2024", "Feb 2024", "2023"."""
    if value.unspecified:
        text = value.unspecified
    elif value.start is None:
        text = f"until {_part_text(value.end)}" if value.end else "undated"
    elif value.open_end:
        text = f"from {_part_text(value.start)}"
    elif value.unknown_end:
        # The qualifiers belong to the start here; " – ?" says only that the end is unknown.
        return f"{format_date(replace(value, unknown_end=False))} – ?"
    elif value.end is None:
        text = _part_text(value.start)
    else:
        text = _range_text(value.start, value.end)
    if value.approximate:
        text = f"c. {text}"
    if value.uncertain:
        text = f"{text}?"
    return text


def _range_text(start: DatePart, end: DatePart) -> str:
    same_year = start.year == end.year
    plain = start.minute is None and end.minute is None and start.season is None \
        and end.season is None
    if plain and same_year and start.precision == end.precision == "year":
        return year_text(start.year)
    if plain and start.precision == end.precision == "year":
        if start.year > 0 and end.year > 0:
            return f"{start.year}–{end.year}"
        return f"{year_text(start.year)} – {year_text(end.year)}"
    if (plain and same_year and start.precision == end.precision == "day"
            and start.month == end.month):
        return f"{start.day}–{end.day} {MONTH_ABBR[start.month]} {year_text(start.year)}"
    if plain and same_year and start.precision == end.precision == "month":
        return f"{MONTH_ABBR[start.month]}–{MONTH_ABBR[end.month]} {year_text(start.year)}"
    if same_year and start.precision == end.precision and start.minute is None:
        return f"{_part_text(start, with_year=False)} – {_part_text(end)}"
    return f"{_part_text(start)} – {_part_text(end)}"


def format_edtf(edtf: str) -> str:
    """Display text for a stored EDTF string; the string itself if it cannot be read."""
    try:
        value = parse_edtf(edtf)
    except DateError:
        value = None
    return format_date(value) if value is not None else edtf


_RELATIVE = re.compile(r"^(?P<sign>[+-])\s*(?P<n>\d+)\s*(?P<unit>day|week|month|year)s?$",
                       re.IGNORECASE)


def target_key(text: str, from_key: int, today: datetime, default_year: int | None = None) -> int:
    """The day a "go to date" request means, as a lo_key.

    Takes a date ("2023", "Feb 2024", "9 April 2024"), "today", or an offset from `from_key`
    ("-3 months", "+1 year", "-10 days"). Raises DateError for anything else.
    """
    word = " ".join(text.split()).lower()
    if word == "today":
        return key_for(today.year, today.month, today.day)
    match = _RELATIVE.match(word)
    if match is None:
        return parse_date(text, default_year).value.lo_key
    n = int(match["n"]) * (-1 if match["sign"] == "-" else 1)
    year, month, day = split_key(from_key)
    unit = match["unit"].lower()
    if unit in ("day", "week"):
        days = n * (7 if unit == "week" else 1)
        if year < 1 or year > 9998:
            raise DateError("day offsets work between years 1 and 9998")
        moved = datetime(year, month, day) + timedelta(days=days)
        return key_for(moved.year, moved.month, moved.day)
    months = year * 12 + (month - 1) + (n if unit == "month" else 12 * n)
    year, month = divmod(months, 12)
    month += 1
    return key_for(year, month, min(day, days_in(year, month)))
