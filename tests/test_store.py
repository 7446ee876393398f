"""The store's read API: timeline order, grouped lines, positions and linked records."""

from __future__ import annotations

import json
import sqlite3

import pytest

from db.importers import import_file
from db.store import Store, StoreError


def test_the_timeline_is_in_date_order_with_coarse_dates_first(article_store):
    rows = article_store.rows(1, 100)
    assert len(rows) == article_store.timeline_size() == 11 + 14  # one statement is undated
    keys = [(r.lo_key) for r in rows]
    assert keys == sorted(keys)
    titles = [r.title for r in rows]
    # The open-ended rejection ("until Apr 2024") comes first, the 2023 trade figures next.
    assert titles[0] == "Western countries reject China's peace plan for Ukraine"
    assert titles[2] == "China is Russia's largest trade partner in 2023"
    # An event comes right before the statements made at it.
    visit = titles.index("Lavrov's official visit to Beijing")
    assert {r.kind for r in rows[visit + 1: visit + 7]} == {"statement"}


def test_a_month_sorts_before_the_days_in_it(store, tmp_path):
    path = tmp_path / "m.json"
    path.write_text(json.dumps({"events": [
        {"id": "day", "title": "A day", "date": "2024-04-01"},
        {"id": "month", "title": "A month", "date": "April 2024"},
        {"id": "year", "title": "A year", "date": "2024"},
    ]}))
    import_file(store, path)
    assert [r.item_id for r in store.rows(1, 3)] == ["year", "month", "day"]
    assert [r.display_date for r in store.rows(1, 3)] == ["2024", "Apr 2024", "1 Apr 2024"]


@pytest.mark.parametrize("grain", ["year", "month", "day"])
def test_grouped_lines_cover_every_row_once_under_its_header(article_store, grain):
    total = article_store.line_count(grain)
    lines = article_store.lines(grain, 0, total + 10)
    assert len(lines) == total
    rows = [line.row.pos for line in lines if line.row is not None]
    assert rows == list(range(1, article_store.timeline_size() + 1))
    assert lines[0].row is None
    # Any window starts where the full list says it does.
    for start in range(total):
        window = article_store.lines(grain, start, 3)
        assert [(w.line, w.row and w.row.pos) for w in window] == [
            (w.line, w.row and w.row.pos) for w in lines[start:start + 3]]
    for line in lines:
        if line.row is not None:
            assert article_store.line_of(grain, line.row.pos) == line.line


def test_month_grouping_puts_a_year_date_under_the_year(article_store):
    headers = [(line.period.key, line.period.prec_rank)
               for line in article_store.lines("month", 0, 100) if line.row is None]
    assert (20230000, 0) in headers  # "2023", not "January 2023"
    assert (20240400, 2) in headers  # "April 2024"


def test_keyset_pages_go_both_ways(article_store):
    middle = article_store.position_of("event", "lavrov-beijing-visit-2024")
    after = article_store.rows_after(middle, 3)
    before = article_store.rows_after(middle, 3, backwards=True)
    assert [r.pos for r in after] == [middle + 1, middle + 2, middle + 3]
    assert [r.pos for r in before] == [middle - 1, middle - 2, middle - 3]
    assert article_store.rows_after(article_store.timeline_size(), 5) == []


def test_positions_by_date_and_item(article_store):
    pos = article_store.position_on_or_after(20240408)
    assert article_store.rows(pos, 1)[0].item_id == "lavrov-beijing-visit-2024"
    assert article_store.position_of("statement", "wang-ceasefire") is not None
    last = article_store.timeline_size()
    assert article_store.position_on_or_after(30000101) == last


def test_an_event_links_to_its_actors_statements_source_and_related_events(article_store):
    visit = article_store.event("lavrov-beijing-visit-2024")
    assert [(a.name, a.role) for a in visit.actors][:2] == [
        ("Sergei Lavrov", "visitor"), ("Wang Yi", "host")]
    assert {s.id for s in visit.statements} >= {"china-nato-asia-pacific", "wang-dual-confrontation"}
    assert visit.source.title.startswith("China and Russia")
    related = {(r.id, r.relation) for r in visit.related}
    assert ("yellen-beijing-visit-2024", "follows") in related
    assert ("lavrov-meets-xi-2024", "← part of") in related


def test_a_statement_takes_its_events_date_when_it_has_none(article_store):
    statement = article_store.statement("wang-international-meeting")
    assert statement.speaker.name == "Wang Yi"
    assert statement.event.id == "lavrov-wang-news-conference-2024"
    assert statement.when.date == "2024-04-08/2024-04-09"
    assert statement.when.date_note == "date of its event"


def test_an_actor_has_everything_it_did_and_said(article_store):
    lavrov = article_store.actor("sergei-lavrov")
    assert ("Сергей Лавров", "ru") in lavrov.aliases
    assert (lavrov.event_count, lavrov.statement_count) == (5, 1)
    entries = article_store.actor_entries_page("sergei-lavrov", 0, 100)
    assert entries[0].id == "lavrov-eve-remarks-2024"
    assert [e.id for e in entries if e.kind == "statement"] == ["lavrov-praises-peace-formula"]
    positions = [article_store.position_of(e.kind, e.id) for e in entries]
    assert positions == sorted(positions)  # the timeline's order


def test_an_actors_entries_come_a_page_at_a_time_undated_last(store, tmp_path):
    said = [{"id": f"s{n:03}", "speaker": "a", "text": f"Words {n}", "kind": "quote",
             "date": f"{2000 + n % 50}-01-01"} for n in range(150)]
    said.append({"id": "s-undated", "speaker": "a", "text": "When?", "kind": "quote"})
    path = tmp_path / "many.json"
    path.write_text(json.dumps({"actors": [{"id": "a", "name": "A"}], "statements": said}))
    import_file(store, path)
    assert store.actor("a").statement_count == 151
    pages = [store.actor_entries_page("a", offset, 60) for offset in (0, 60, 120)]
    assert [len(page) for page in pages] == [60, 60, 31]
    entries = [entry for page in pages for entry in page]
    assert len({e.id for e in entries}) == 151
    assert entries[-1].id == "s-undated" and entries[-1].display_date == "undated"
    years = [e.date[:4] for e in entries[:-1]]
    assert years == sorted(years)


def test_a_source_lists_every_excerpt_cited_from_it(article_store):
    source = article_store.source("iar-eurasian-security-2024")
    assert len(source.excerpts) == 11 + 15
    assert all(e.text in source.text for e in source.excerpts)


def test_a_file_that_is_not_sqlite_is_refused(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello " * 1000)
    with pytest.raises(StoreError, match="not a timeline store"):
        Store.open(path)


def test_a_store_from_a_newer_version_is_refused(db_path):
    store = Store.open(db_path)
    store.conn.execute("PRAGMA user_version = 99")
    store.conn.commit()
    store.close()
    with pytest.raises(StoreError, match="newer"):
        Store.open(db_path)


def test_opening_a_missing_store_without_create_says_so(tmp_path):
    with pytest.raises(StoreError, match="no such store"):
        Store.open(tmp_path / "missing.db", create=False)


def test_opening_a_store_during_its_first_import_says_to_wait(db_path):
    # A big first import holds the store without the write-ahead log (Store.bulk_writing).
    Store.open(db_path).close()
    writer = sqlite3.connect(db_path, isolation_level=None)
    assert writer.execute("PRAGMA journal_mode = DELETE").fetchone()[0] == "delete"
    writer.execute("BEGIN EXCLUSIVE")
    with pytest.raises(StoreError, match="an import is writing this store for the first time"):
        Store.open(db_path, busy_ms=50)
    writer.execute("ROLLBACK")
    writer.close()
    assert Store.open(db_path).conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
