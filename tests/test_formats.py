"""Outside formats as found in the wild: TimelineJS, GDELT, ICEWS; exports to TimelineJS and Markdown."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from db import importers, timeline_order
from db.exporters import Selection, export
from db.importers import ImportFailed, detect_format, import_file
from db.search import search
from db.store import Store
from tests.conftest import ROOT, file_digest

SAMPLES = ROOT / "fixtures" / "samples"
GDELT = SAMPLES / "gdelt2-20191024143000.export.CSV"
ICEWS = SAMPLES / "icews-events.2018.sample.tab"


def _write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


# --- GDELT -------------------------------------------------------------------------------------

def test_the_real_gdelt_export_imports_every_row(store):
    summary = import_file(store, GDELT)
    assert summary.format == "gdelt"
    assert store.stats().events == 2111
    event = store.event("gdelt:881990833")
    assert event.title == "The EU: Consult"
    assert event.cameo_code == "040"  # codes stay strings
    assert event.when.date == "2018-10-24" and event.when.precision == "day"
    assert event.location == "Minsk, Belarus (general), Belarus"
    assert "verbal cooperation" in event.tags
    assert event.source.url.startswith("https://belsat.eu/")
    assert [(a.name, a.role) for a in event.actors] == [("The EU", "target")]
    assert event.dataset == "GDELT" and event.external_id == "881990833"
    assert event.attributes["event_base_code"] == "040"
    assert isinstance(event.attributes["num_mentions"], int)
    assert isinstance(event.attributes["goldstein"], float)
    from tui.pages import build_page

    fields = {b.label: b.text for b in build_page(store, "event", event.id).blocks if b.label}
    assert fields["Dataset"] == "GDELT 881990833"
    assert f"goldstein {event.attributes['goldstein']}" in fields["Figures"]


def _gdelt_row(event_id: int, columns: int, url: str = "https://example.org/a") -> str:
    cells = [""] * columns
    cells[0], cells[1], cells[2], cells[3], cells[4] = str(event_id), "20130315", "201303", \
        "2013", "2013.2"
    cells[5], cells[6], cells[7] = "USA", "UNITED STATES", "USA"
    cells[15], cells[16], cells[17] = "CHN", "CHINA", "CHN"
    cells[25], cells[26], cells[27], cells[28], cells[29] = "1", "042", "042", "04", "1"
    cells[30], cells[31], cells[32], cells[33], cells[34] = "1.9", "5", "1", "5", "2.5"
    geo = {61: 52, 58: 50, 57: 50}[columns]
    cells[geo] = "Beijing, Beijing, China"
    if columns == 61:
        cells[59], cells[60] = "20130315000000", url
    elif columns == 58:
        cells[56], cells[57] = "20130315", url
    else:
        cells[56] = "20130315"
    return "\t".join(cells)


def test_gdelt_versions_may_be_mixed_in_one_file(store, tmp_path):
    text = "\n".join([_gdelt_row(1, 61), _gdelt_row(2, 58), _gdelt_row(3, 57)]) + "\n"
    import_file(store, _write(tmp_path, "mixed.export.CSV", text))
    for event_id in (1, 2, 3):
        event = store.event(f"gdelt:{event_id}")
        assert event.title == "United States → China: Make a visit"
        assert event.location == "Beijing, Beijing, China"
    assert store.event("gdelt:3").source is None  # 57 columns: no SOURCEURL
    assert store.event("gdelt:2").source.url == "https://example.org/a"


def test_a_zipped_gdelt_file_imports(store, tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("20130315.export.CSV", _gdelt_row(7, 58) + "\n")
    path = _write(tmp_path, "20130315.export.CSV.zip", buffer.getvalue())
    assert detect_format(path) == "gdelt"
    import_file(store, path)
    assert store.event("gdelt:7") is not None


@pytest.mark.parametrize(("row", "expected"), [
    (lambda: _gdelt_row(9, 61).replace("20130315", "2013031", 1), "SQLDATE: must be YYYYMMDD"),
    (lambda: _gdelt_row(9, 61).replace("\t1.9\t", "\tlots\t"), "goldstein: must be a number"),
    (lambda: "\t".join(["9"] * 40), "has 40 columns"),
    (lambda: _gdelt_row(9, 61).replace("20130315", "20131345", 1), "SQLDATE"),
])
def test_bad_gdelt_rows_name_the_line_and_field(article_store, db_path, tmp_path, row, expected):
    text = _gdelt_row(8, 61) + "\n" + row() + "\n"
    path = _write(tmp_path, "bad.export.CSV", text)
    before = file_digest(db_path)
    with pytest.raises(ImportFailed) as failure:
        import_file(article_store, path, fmt="gdelt")
    assert f"{path}: line 2" in failure.value.lines()[0]
    assert expected in failure.value.lines()[0]
    assert file_digest(db_path) == before


def _events(store: Store) -> list[tuple]:
    """Every event as the store holds it, with its actors, for comparing two imports."""
    return store.conn.execute(
        "SELECT e.id, e.title, e.date, e.precision, e.lo_key, e.hi_key, e.date_text, e.event_type, "
        "e.cameo_code, e.attributes, e.tags, e.location, e.country, e.source_id, "
        "(SELECT group_concat(actor_id || '/' || role) FROM event_actors WHERE event_id = e.id) "
        "FROM events e ORDER BY e.id").fetchall()


def test_gdelt_reimport_changes_nothing_and_a_changed_row_is_rewritten(store, tmp_path):
    rows = [_gdelt_row(n, 61) for n in range(1, 6)]
    path = _write(tmp_path, "a.export.CSV", "\n".join(rows) + "\n")
    assert import_file(store, path).by_type["event"].added == 5
    again = import_file(store, path).counts
    assert (again.added, again.updated, again.unchanged) == (0, 0, 5 + 2 + 1)  # actors, source
    rows[2] = rows[2].replace("\tCHN\tCHINA\tCHN\t", "\tRUS\tRUSSIA\tRUS\t")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    changed = import_file(store, path).by_type
    assert (changed["event"].added, changed["event"].updated, changed["event"].unchanged) == (
        0, 1, 4)
    assert changed["actor"].added == 1
    event = store.event("gdelt:3")
    assert event.title == "United States → Russia: Make a visit"
    assert [(a.name, a.role) for a in event.actors] == [("United States", "source"),
                                                        ("Russia", "target")]
    # The full-text index follows the rewrite: the new title is found, the old one is gone.
    assert "gdelt:3" in [h.id for h in search(store, "russia", kinds=("event",))]
    assert "gdelt:3" not in [h.id for h in search(store, "china visit", kinds=("event",))]


def test_gdelt_attributes_keep_the_numbers_and_leave_out_blanks(store, tmp_path):
    row = _gdelt_row(1, 61).split("\t")
    row[31], row[34], row[56], row[57] = "07", "-2.50", "", ""  # mentions, tone, lat, long
    import_file(store, _write(tmp_path, "a.export.CSV", "\t".join(row) + "\n"))
    attributes = json.loads(store.conn.execute("SELECT attributes FROM events").fetchone()[0])
    assert attributes == {"avg_tone": -2.5, "date_added": "20130315000000",
                          "event_base_code": "042", "event_root_code": "04", "goldstein": 1.9,
                          "is_root_event": "1", "num_articles": 5, "num_mentions": 7,
                          "num_sources": 1, "quad_class": "1"}


def test_a_gdelt_id_given_twice_with_different_content_is_refused(store, tmp_path):
    same = _gdelt_row(4, 61)
    text = "\n".join([_gdelt_row(1, 61), same, same, _gdelt_row(4, 61, url="https://x.org/b")])
    with pytest.raises(ImportFailed) as failure:
        import_file(store, _write(tmp_path, "twice.export.CSV", text + "\n"))
    assert failure.value.lines() == [
        f"{tmp_path / 'twice.export.CSV'}: line 4 (GLOBALEVENTID 4): id: duplicate id "
        '"gdelt:4" with different content (first at line 2)']
    assert store.is_empty()
    # The same line twice is one event.
    assert import_file(store, _write(tmp_path, "same.export.CSV", f"{same}\n{same}\n")
                       ).by_type["event"].added == 1


def test_a_big_gdelt_file_staged_in_two_processes_imports_as_in_one(tmp_path, monkeypatch):
    from db.importers import gdelt

    text = GDELT.read_text(encoding="utf-8")
    path = _write(tmp_path, "big.export.CSV", text)
    whole = Store.open(tmp_path / "one.db")
    import_file(whole, path)
    monkeypatch.setattr(gdelt, "PARALLEL_FROM", 0)
    assert len(gdelt._cuts(path)) == 2
    split = Store.open(tmp_path / "two.db")
    seen = []
    rebuilds = []
    rebuild = timeline_order.rebuild
    monkeypatch.setattr(timeline_order, "rebuild",
                        lambda conn, presorted=None: (rebuilds.append(presorted),
                                                      rebuild(conn, presorted)))
    summary = import_file(split, path, progress=lambda done, total: seen.append((done, total)))
    assert summary.counts.added == whole.stats().events + whole.stats().actors + \
        whole.stats().sources
    assert _events(split) == _events(whole)
    # Into an empty store, the timeline was sorted beside the writing, and came out the same.
    assert rebuilds == ["gdelt_order.timeline_rows"]
    for table in ("timeline", "periods"):
        query = f"SELECT * FROM {table} ORDER BY rowid"
        assert split.conn.execute(query).fetchall() == whole.conn.execute(query).fetchall()
    assert seen[-1] == (path.stat().st_size, path.stat().st_size)
    # A bad line in the second half is named by its line in the whole file.
    lines = text.splitlines()
    lines[2000] = lines[2000].replace("\t", "\tx\t", 1)
    _write(tmp_path, "big.export.CSV", "\n".join(lines) + "\n")
    with pytest.raises(ImportFailed, match=r"line 2001: has 62 columns"):
        import_file(Store.open(tmp_path / "three.db"), path)
    assert not list(tmp_path.glob("timeline-gdelt-*"))  # scratch files are gone


def test_a_staging_worker_that_fails_is_reported_with_its_last_words():
    import subprocess
    import sys

    from db.importers import gdelt
    from db.writer import RecordError

    worker = subprocess.Popen([sys.executable, "-c", "raise SystemExit('disk gone')"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with pytest.raises(RecordError, match="second part of the file failed: disk gone"):
        gdelt._finish_worker(worker)


def test_a_first_big_import_writes_the_store_directly_and_leaves_it_in_wal_mode(
        tmp_path, monkeypatch):
    monkeypatch.setattr(importers, "BIG_FILE", 0)
    db = tmp_path / "new.db"
    store = Store.open(db)
    modes = []
    store.conn.set_trace_callback(lambda sql: modes.append(sql) if "journal_mode" in sql else None)
    import_file(store, GDELT)
    assert "PRAGMA main.journal_mode = DELETE" in modes
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    # A store with something in it, or open elsewhere, keeps its write-ahead log throughout.
    modes.clear()
    import_file(store, ICEWS)
    assert "PRAGMA main.journal_mode = DELETE" not in modes
    other = Store.open(tmp_path / "other.db")
    reader = Store.open(tmp_path / "other.db")
    import_file(other, GDELT)
    assert reader.stats().events == 2111
    assert other.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


# --- ICEWS -------------------------------------------------------------------------------------

def test_the_real_icews_sample_imports_every_row(store):
    summary = import_file(store, ICEWS)
    assert summary.format == "icews"
    assert store.stats().events == 3705
    event = store.event("icews:32889836")
    assert event.title.startswith("Foreign Affairs (Bangladesh) → High Ranking Military")
    assert event.cameo_code == "040"
    assert event.when.date == "2018-06-01"
    assert {"Executive", "Foreign Ministry", "Military"} <= set(event.tags)
    assert event.location == "Hanoi, Thanh Pho Ha Noi, Vietnam"  # District NA is absent
    assert event.source.title == "Vietnam News Agency Bulletin"


# --- TimelineJS --------------------------------------------------------------------------------

TIMELINEJS = {
    "title": {"text": {"headline": "A <i>history</i>", "text": "<p>About &amp; more</p>"}},
    "eras": [{"start_date": {"year": "1960"}, "end_date": {"year": "1969"},
              "text": {"headline": "The sixties"}}],
    "events": [
        {"start_date": {"year": "1963", "month": "08", "day": "28"},
         "text": {"headline": "March on Washington",
                  "text": "<p>“I have a dream” &mdash; speech<br>second line</p>"},
         "media": {"url": "<blockquote>Free at last</blockquote>", "caption": "<b>King</b>",
                   "credit": "AP"},
         "group": "Civil rights", "unique_id": "march"},
        {"start_date": {"year": -44, "month": 3, "day": 15}, "text": {"headline": "Ides"}},
        {"start_date": {"year": 800, "month": "", "day": None},
         "end_date": {"year": "", "month": ""}, "text": {"headline": "Charlemagne"}},
        {"start_date": {"year": 1969, "month": 7, "day": 20, "hour": "20", "minute": "17"},
         "text": {"headline": "Landing"}, "display_date": "20 July 1969, 20:17 UTC"},
        {"start_date": {"year": "1914"}, "end_date": {"year": "1918", "month": "11"},
         "text": {"headline": "War"}},
    ],
}


def test_timelinejs_slides_become_events_with_their_quirks(store, tmp_path):
    path = _write(tmp_path, "timeline.json", json.dumps(TIMELINEJS))
    summary = import_file(store, path)
    assert summary.format == "timelinejs"
    march = store.event("tljs:march")
    assert march.title == "March on Washington"
    assert march.summary == "“I have a dream” — speech\nsecond line"
    assert march.when.date == "1963-08-28"
    assert set(march.tags) == {"Civil rights", "era: The sixties"}
    attributes = json.loads(store.conn.execute(
        "SELECT attributes FROM events WHERE id = 'tljs:march'").fetchone()[0])
    assert attributes == {"media_text": "Free at last", "media_caption": "King",
                          "media_credit": "AP"}
    assert march.source.title == "A history"
    rows = {r.title: r for r in store.rows(1, 10)}
    assert rows["Ides"].date == "-0043-03-15"
    assert rows["Charlemagne"].date == "0800"  # "" and null are absent; year "" is no end
    assert rows["Landing"].date == "1969-07-20T20:17:00"
    assert rows["War"].date == "1914/1918-11"


def test_timelinejs_without_ids_reimports_without_change(store, tmp_path):
    path = _write(tmp_path, "timeline.json", json.dumps(TIMELINEJS))
    import_file(store, path)
    again = import_file(store, path)
    assert (again.counts.added, again.counts.updated) == (0, 0)


def test_timelinejs2_documents_import(store, tmp_path):
    doc = {"timeline": {"headline": "Old", "type": "default", "text": "<p>x</p>", "date": [
        {"startDate": "1963,8,9", "endDate": "1963,8,10", "headline": "A &amp; B",
         "text": "<p>t</p>", "asset": {"media": "https://example.org/x.jpg", "credit": "c"}},
        {"startDate": "2011", "headline": "Y", "tag": "T"}]}}
    import_file(store, _write(tmp_path, "old.json", json.dumps(doc)))
    rows = store.rows(1, 5)
    assert [(r.title, r.date) for r in rows] == [("A & B", "1963-08-09/1963-08-10"),
                                                 ("Y", "2011")]


SHEET = (
    "Year, month ,DAY,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,Media,"
    "Media Credit,Media Caption,Media Thumbnail,Type,Group,Background\r\n"
    ',,,,,,,,,My sheet,"Intro\nline two",,,,,title,,\r\n'
    '1963,8,28,14:30,,,,,,March,"<p>Line one\nline two</p>",,,,,,Rights,\r\n'
    "2001,,,,2002,,,,,Years,,,,,,,,\r\n"
)


def test_a_timelinejs_sheet_with_crlf_and_newlines_in_cells_imports(store, tmp_path):
    path = _write(tmp_path, "sheet.csv", SHEET)
    assert detect_format(path) == "timelinejs"
    import_file(store, path)
    rows = store.rows(1, 5)
    assert [(r.title, r.date) for r in rows] == [("March", "1963-08-28T14:30:00"),
                                                 ("Years", "2001/2002")]
    assert store.event(rows[0].item_id).summary == "Line one line two"
    assert store.event(rows[0].item_id).source.title == "My sheet"


def test_a_bad_timelinejs_slide_names_the_slide_and_field(store, db_path, tmp_path):
    doc = {"events": [{"start_date": {"year": "1963", "month": "13"}, "text": {"headline": "x"}}]}
    before = file_digest(db_path)
    with pytest.raises(ImportFailed) as failure:
        import_file(store, _write(tmp_path, "t.json", json.dumps(doc)))
    assert "events[0]: start_date: month 13 is out of range" in failure.value.lines()[0]
    assert file_digest(db_path) == before


# --- detection ---------------------------------------------------------------------------------

def test_formats_are_recognised_from_content_not_names(tmp_path):
    cases = {
        "a.txt": (GDELT.read_text(encoding="utf-8"), "gdelt"),
        "b.dat": (ICEWS.read_text(encoding="utf-8"), "icews"),
        "c.txt": (json.dumps(TIMELINEJS), "timelinejs"),
        "d.csv": (SHEET, "timelinejs"),
        "e.data": ('{"type": "actor", "id": "a", "name": "A"}\n{"type": "actor", "id": "b", '
                   '"name": "B"}\n', "jsonl"),
        "f.txt": ('{"format": "timeline/1", "actors": [{"id": "a", "name": "A"}]}', "json"),
    }
    for name, (content, expected) in cases.items():
        assert detect_format(_write(tmp_path, name, content)) == expected, name


def test_an_unknown_format_says_what_it_looked_like(store, tmp_path):
    path = _write(tmp_path, "notes.txt", "Dear diary; today nothing happened.\n")
    with pytest.raises(ImportFailed) as failure:
        import_file(store, path)
    message = failure.value.lines()[0]
    assert "cannot tell the format" in message and "Dear diary" in message
    assert "timelinejs, gdelt, icews" in message


# --- exports -----------------------------------------------------------------------------------

def test_timelinejs_export_keeps_precision_and_reimports(article_store, tmp_path):
    out = io.StringIO()
    count = export(article_store, "timelinejs", out)
    doc = json.loads(out.getvalue())
    assert count == len(doc["events"]) == 25 - 2  # open-start rows have no start year
    visit = next(s for s in doc["events"] if s["unique_id"] == "event-lavrov-beijing-visit-2024")
    assert visit["start_date"] == {"year": 2024, "month": 4, "day": 8}
    assert visit["end_date"] == {"year": 2024, "month": 4, "day": 9}
    invasion = next(s for s in doc["events"] if s["unique_id"] == "event-russia-invasion-of-ukraine")
    assert invasion["start_date"] == {"year": 2024, "month": 2}  # a month, not a day
    quote = next(s for s in doc["events"] if s["unique_id"] == "statement-wang-international-meeting")
    assert quote["text"]["headline"] == "Wang Yi (quote)"
    assert "appropriate time" in quote["text"]["text"]
    copy = Store.open(tmp_path / "copy.db")
    import_file(copy, _write(tmp_path, "export.json", out.getvalue()))
    dates = {r.date for r in copy.rows(1, 100)}
    assert {"2024-04-08/2024-04-09", "2024-02", "2023"} <= dates


def test_markdown_export_is_a_readable_chronology(article_store):
    out = io.StringIO()
    export(article_store, "markdown", out)
    text = out.getvalue()
    assert "## 2024\n" in text and "### April 2024\n" in text
    assert "**Wang Yi** (quote):\n\n  > China supports the convening at an appropriate time" in text
    assert "### January 2023" not in text  # a year-precision row sits under its year only


def test_exports_honour_the_actor_and_date_filters(article_store):
    out = io.StringIO()
    export(article_store, "markdown", out, Selection(actor_id="janet-yellen"))
    text = out.getvalue()
    assert "# Timeline: @Janet Yellen" in text
    assert "difficult conversations" in text
    assert "**Sergei Lavrov**" not in text and "Lavrov's official visit" not in text
    out = io.StringIO()
    count = export(article_store, "timelinejs", out, Selection(lo_key=20230101, hi_key=20231231))
    titles = [s["text"]["headline"] for s in json.loads(out.getvalue())["events"]]
    assert count == 1
    assert titles == ["China is Russia's largest trade partner in 2023"]


def test_markdown_escapes_markup_in_the_data(store, tmp_path):
    path = _write(tmp_path, "x.json", json.dumps(
        {"events": [{"id": "e", "title": "*bold* [link](http://x) <script>", "date": "2024"}]}))
    import_file(store, path)
    out = io.StringIO()
    export(store, "markdown", out)
    assert "\\*bold\\* \\[link\\](http://x) \\<script\\>" in out.getvalue()


def test_markdown_headings_name_bce_and_early_years(store, tmp_path):
    path = _write(tmp_path, "old.json", json.dumps({"events": [
        {"id": "ides", "title": "Ides of March", "date": "15 March 44 BC"},
        {"id": "crown", "title": "Coronation", "date": "25 December 800 CE"}]}))
    import_file(store, path)
    out = io.StringIO()
    export(store, "markdown", out)
    text = out.getvalue()
    assert "## 44 BCE\n" in text and "### March 44 BCE\n" in text
    assert "## 800 CE\n" in text and "### December 800 CE\n" in text
