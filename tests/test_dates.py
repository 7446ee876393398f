"""Dates as sources write them: parsed into bounds and precision, and shown no finer than given."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from db.dates import (
    DateError,
    DatePart,
    FuzzyDate,
    format_date,
    parse_date,
    parse_edtf,
)

# text, default year -> EDTF, precision, lo_key, hi_key, display
PHRASES = [
    ("8-9 April", 2024, "2024-04-08/2024-04-09", "day", 20240408, 20240409, "8–9 Apr 2024"),
    ("8–9 April 2024", None, "2024-04-08/2024-04-09", "day", 20240408, 20240409, "8–9 Apr 2024"),
    ("February 2024", None, "2024-02", "month", 20240201, 20240229, "Feb 2024"),
    ("for the year 2023", None, "2023", "year", 20230101, 20231231, "2023"),
    ("2024", None, "2024", "year", 20240101, 20241231, "2024"),
    ("9 April 2024", None, "2024-04-09", "day", 20240409, 20240409, "9 Apr 2024"),
    ("April 9, 2024", None, "2024-04-09", "day", 20240409, 20240409, "9 Apr 2024"),
    ("April 8-9, 2024", None, "2024-04-08/2024-04-09", "day", 20240408, 20240409, "8–9 Apr 2024"),
    ("8 April – 2 May 2024", None, "2024-04-08/2024-05-02", "day", 20240408, 20240502,
     "8 Apr – 2 May 2024"),
    ("April–May 2024", None, "2024-04/2024-05", "month", 20240401, 20240531, "Apr–May 2024"),
    ("2022–2024", None, "2022/2024", "year", 20220101, 20241231, "2022–2024"),
    ("28 Dec 2023 – 2 Jan 2024", None, "2023-12-28/2024-01-02", "day", 20231228, 20240102,
     "28 Dec 2023 – 2 Jan 2024"),
    ("2024-04-08", None, "2024-04-08", "day", 20240408, 20240408, "8 Apr 2024"),
    ("-0043-03-15", None, "-0043-03-15", "day", -429685, -429685, "15 Mar 44 BCE"),
    ("15 March 44 BC", None, "-0043-03-15", "day", -429685, -429685, "15 Mar 44 BCE"),
    ("2024-04-07~", None, "2024-04-07~", "day", 20240407, 20240407, "c. 7 Apr 2024"),
    ("2024?", None, "2024?", "year", 20240101, 20241231, "2024?"),
    ("2024-04/..", None, "2024-04/..", "month", 20240401, 999_999_999_999, "from Apr 2024"),
    ("../2024-04", None, "../2024-04", "month", -999_999_999_999, 20240430, "until Apr 2024"),
    ("201X", None, "201X", "year", 20100101, 20191231, "201X"),
    ("2024-21", None, "2024-21", "season", 20240301, 20240531, "Spring 2024"),
    ("2023-24", None, "2023-24", "season", 20231201, 20240229, "Winter 2023"),
    ("9 Apr 2024 14:30", None, "2024-04-09T14:30:00", "minute", 20240409, 20240409,
     "9 Apr 2024 14:30"),
    ("Feb 2024", None, "2024-02", "month", 20240201, 20240229, "Feb 2024"),
]


@pytest.mark.parametrize(("text", "year", "edtf", "precision", "lo", "hi", "shown"), PHRASES)
def test_phrase_is_read_as_the_source_meant(text, year, edtf, precision, lo, hi, shown):
    parsed = parse_date(text, default_year=year)
    value = parsed.value
    assert (value.edtf, value.precision, value.lo_key, value.hi_key) == (edtf, precision, lo, hi)
    assert format_date(value) == shown
    assert parsed.text == text


def test_a_missing_year_comes_from_context_and_says_so():
    parsed = parse_date("8-9 April", default_year=2024, year_source="the file's default_year")
    assert parsed.note == "year 2024 taken from the file's default_year"
    assert parse_date("9 April 2024").note is None


def test_a_month_is_never_shown_as_a_day():
    value = parse_date("February 2024").value
    assert format_date(value) == "Feb 2024"
    assert "1" not in format_date(value).split()[0]


@pytest.mark.parametrize("text", [
    "Febtember 2024", "31 February 2024", "9-8 April 2024", "", "   ",
    "on the eve of his visit", "April", "2024-13", "2023-02-29", "2024-04-31",
])
def test_unreadable_dates_are_refused(text):
    with pytest.raises(DateError):
        parse_date(text)


def test_a_year_missing_with_no_context_is_refused():
    with pytest.raises(DateError, match="no year"):
        parse_date("8-9 April")


# --- properties -------------------------------------------------------------------------------

years = st.integers(min_value=-9999, max_value=9999)


@st.composite
def date_parts(draw, precision=None):
    year = draw(years)
    precision = precision or draw(st.sampled_from(["year", "season", "month", "day", "minute"]))
    if precision == "year":
        return DatePart(year)
    if precision == "season":
        return DatePart(year, season=draw(st.integers(21, 24)))
    month = draw(st.integers(1, 12))
    if precision == "month":
        return DatePart(year, month)
    day = draw(st.integers(1, DatePart(year, month).last_key() % 100))
    if precision == "day":
        return DatePart(year, month, day)
    return DatePart(year, month, day, draw(st.integers(0, 23)), draw(st.integers(0, 59)))


@st.composite
def fuzzy_dates(draw):
    shape = draw(st.sampled_from(["single", "range", "open_end", "open_start", "unknown_end"]))
    qualifiers = {"uncertain": draw(st.booleans()), "approximate": draw(st.booleans())}
    if shape == "single":
        return FuzzyDate(draw(date_parts()), **qualifiers)
    if shape == "open_end":
        return FuzzyDate(draw(date_parts()), open_end=True, **qualifiers)
    if shape == "unknown_end":
        return FuzzyDate(draw(date_parts()), unknown_end=True, **qualifiers)
    if shape == "open_start":
        return FuzzyDate(None, draw(date_parts()), **qualifiers)
    precision = draw(st.sampled_from(["year", "month", "day"]))
    start, end = sorted([draw(date_parts(precision)), draw(date_parts(precision))],
                        key=lambda p: p.first_key())
    if start == end:
        return FuzzyDate(start, **qualifiers)
    return FuzzyDate(start, end, **qualifiers)


def _meaning(value: FuzzyDate) -> tuple:
    return value.edtf, value.precision, value.lo_key, value.hi_key


@given(fuzzy_dates())
def test_formatting_then_parsing_gives_back_the_same_date(value):
    assert _meaning(parse_date(format_date(value)).value) == _meaning(value)


@given(fuzzy_dates())
def test_edtf_round_trips(value):
    assert _meaning(parse_edtf(value.edtf)) == _meaning(value)


@given(fuzzy_dates())
def test_bounds_are_ordered(value):
    assert value.lo_key <= value.hi_key


@given(date_parts(), date_parts())
def test_keys_order_days_as_the_calendar_does(a, b):
    # A day key is smaller exactly when the day is earlier, BCE included.
    assert (a.first_key() < b.first_key()) == (
        (a.year, a.month or 1, a.day or 1) < (b.year, b.month or 1, b.day or 1)
        if a.season is None and b.season is None else a.first_key() < b.first_key())


@given(st.text(max_size=40))
def test_any_text_is_read_or_refused_cleanly(text):
    try:
        value = parse_date(text, default_year=2024).value
    except DateError:
        return
    assert value.lo_key <= value.hi_key
