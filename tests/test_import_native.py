"""Importing the native format: JSON, JSON Lines and CSV; bad files are refused whole."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db.importers import ImportFailed, import_file
from db.store import Store
from tests.conftest import ARTICLE, file_digest


def _article() -> dict:
    return json.loads(ARTICLE.read_text(encoding="utf-8"))


def _write(tmp_path: Path, name: str, data: object) -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False),
                    encoding="utf-8")
    return path


def test_the_article_imports_with_every_record(store):
    summary = import_file(store, ARTICLE)
    stats = store.stats()
    assert (stats.events, stats.statements, stats.actors, stats.sources) == (11, 15, 13, 1)
    assert summary.counts.added == 40
    assert summary.counts.updated == summary.counts.unchanged == 0


def test_importing_again_changes_nothing(store, db_path):
    import_file(store, ARTICLE)
    def content() -> list[str]:
        # Every row and schema object but the import log, which records the second import.
        return sorted(r for r in store.conn.iterdump() if 'INSERT INTO "imports"' not in r)

    before = content()
    summary = import_file(store, ARTICLE)
    assert (summary.counts.added, summary.counts.updated, summary.counts.unchanged) == (0, 0, 40)
    assert content() == before


def test_a_changed_record_is_updated_in_place(store, tmp_path):
    import_file(store, ARTICLE)
    doc = _article()
    doc["events"][0]["title"] = "Lavrov in Beijing"
    summary = import_file(store, _write(tmp_path, "changed.json", doc))
    assert (summary.counts.added, summary.counts.updated) == (0, 1)
    assert store.event("lavrov-beijing-visit-2024").title == "Lavrov in Beijing"
    # The full-text index followed the update.
    assert store.conn.execute(
        "SELECT count(*) FROM events_fts WHERE events_fts MATCH 'Lavrov in Beijing'"
    ).fetchone()[0] >= 1


def test_dates_without_a_year_take_the_default_year_and_say_so(article_store):
    visit = article_store.event("lavrov-beijing-visit-2024")
    assert visit.when.date == "2024-04-08/2024-04-09"
    assert visit.when.date_text == "8-9 April"
    assert visit.when.date_note == "year 2024 taken from the file's default_year"


def _refused(store: Store, db_path: Path, path: Path, *expected: str) -> ImportFailed:
    before = file_digest(db_path)
    with pytest.raises(ImportFailed) as failure:
        import_file(store, path)
    message = "\n".join(failure.value.lines())
    for part in expected:
        assert part in message
    assert file_digest(db_path) == before
    return failure.value


def test_an_unreadable_date_names_the_record_and_field_and_quotes_the_value(
        article_store, db_path, tmp_path):
    doc = _article()
    doc["events"][3]["date"] = "Febtember 2024"
    path = _write(tmp_path, "bad.json", doc)
    failure = _refused(article_store, db_path, path)
    assert failure.lines()[0].startswith(
        f'{path}: events[3] (id "lavrov-wang-consultation-plan-2024"): date: '
        'cannot read "Febtember 2024"')


@pytest.mark.parametrize(("content", "expected"), [
    ('{"format": "timeline/1", "events": [', "truncated"),
    ('{"format": "timeline/1", "events": [}', "not valid JSON"),
    ("", "the file is empty"),
    ("   \n", "the file is empty"),
    ("[1, 2]", "expected an object"),
    ('{"format": "timeline/2", "events": []}', 'format: must be "timeline/1"'),
    ('{"format": "timeline/1"}', "no records"),
    ('{"events": [{"id": "e", "title": 5, "date": "2024"}]}', 'events[0] (id "e"): title: must be text'),
    ('{"events": [{"id": "e", "title": "x", "date": 2024}]}', "date: must be text, not a number"),
    ('{"events": [{"id": "e", "title": "x", "colour": "red"}]}', "colour: unknown field"),
    ('{"events": [{"title": "x"}]}', "id: is required"),
    ('{"events": [{"id": "e", "title": "x", "tags": "a,b,c"}]}', None),
    ('{"events": "none"}', "events: must be a list"),
    ('{"statements": [{"id": "s", "speaker": "nobody", "kind": "quote", "text": "hi"}]}',
     'statements[0] (id "s"): speaker: no actor with id "nobody"'),
    ('{"actors": [{"id": "a", "name": "A"}], "statements": [{"id": "s", "speaker": "a", '
     '"kind": "shout", "text": "hi"}]}', "kind: must be one of quote, paraphrase, position"),
    ('{"actors": [{"id": "a", "name": "A"}, {"id": "a", "name": "B"}]}',
     'actors[1] (id "a"): id: duplicate id "a" with different content (first at actors[0]'),
    ('{"events": [{"id": "e", "title": "x", "actors": [{"id": "ghost"}]}]}',
     'actors: no actor with id "ghost"'),
])
def test_bad_documents_are_refused_whole(article_store, db_path, tmp_path, content, expected):
    path = _write(tmp_path, "bad.json", content)
    if expected is None:  # a valid file among the bad: it must import
        import_file(article_store, path)
        return
    _refused(article_store, db_path, path, str(path), expected)


def test_a_duplicate_with_the_same_content_is_accepted(store, tmp_path):
    doc = {"actors": [{"id": "a", "name": "A"}, {"id": "a", "name": "A"}]}
    summary = import_file(store, _write(tmp_path, "dup.json", doc))
    assert summary.counts.added == 1


def test_every_error_in_a_file_is_reported(store, db_path, tmp_path):
    doc = {"default_year": 2024, "events": [
        {"id": "a", "title": "A", "date": "Febtember"},
        {"id": "b", "title": "B", "date": "8-9 April"},
        {"id": "c", "title": 3},
    ]}
    failure = _refused(store, db_path, _write(tmp_path, "two.json", doc))
    assert [e.place for e in failure.errors] == ['events[0] (id "a")', 'events[2] (id "c")']


def _jsonl(records: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def _article_as_jsonl() -> str:
    doc = _article()
    lines = [{"type": "meta", "format": "timeline/1", "default_year": doc["default_year"]}]
    for section, kind in (("sources", "source"), ("actors", "actor"), ("events", "event"),
                          ("statements", "statement")):
        lines.extend({"type": kind, **r} for r in doc[section])
    return _jsonl(lines)


def test_json_lines_import_the_same_records(store, tmp_path):
    path = _write(tmp_path, "article.jsonl", _article_as_jsonl())
    summary = import_file(store, path)
    assert summary.format == "jsonl"
    assert summary.counts.added == 40
    assert store.event("lavrov-beijing-visit-2024").when.date == "2024-04-08/2024-04-09"


def test_json_lines_may_refer_forward(store, tmp_path):
    text = _jsonl([
        {"type": "statement", "id": "s", "speaker": "a", "kind": "quote", "text": "hi",
         "date": "2024"},
        {"type": "actor", "id": "a", "name": "A"},
    ])
    import_file(store, _write(tmp_path, "fwd.jsonl", text))
    assert store.statement("s").speaker.name == "A"


@pytest.mark.parametrize(("text", "expected"), [
    ('{"type": "actor", "id": "a", "name": "A"}\n{"type": "actor", "id": "b", "na',
     "line 2: the file ends in the middle of a record (truncated?)"),
    ('{"type": "actor", "id": "a", "name": "A"}\n{"type": "robot", "id": "r"}\n',
     'line 2 (robot "r"): type: must be one of'),
    ('{"type": "event", "id": "e", "title": "E", "date": "Febtember 2024"}\n',
     'line 1 (event "e"): date: cannot read "Febtember 2024"'),
])
def test_bad_json_lines_name_the_line(store, db_path, tmp_path, text, expected):
    _refused(store, db_path, _write(tmp_path, "bad.jsonl", text), expected)


CSV_EVENTS = (
    "id,title,date,actors,tags\r\n"
    'visit,Lavrov visits Beijing,8-9 April 2024,"[{""id"": ""lavrov""}]",diplomacy|visit\r\n'
    '"quote-ev","A title with, a comma",February 2024,lavrov:speaker,\r\n'
)


def test_csv_files_name_their_type_by_file_name(store, tmp_path):
    _write(tmp_path, "actors.csv", "id,name,aliases\nlavrov,Sergei Lavrov,Lavrov|Сергей Лавров\n")
    import_file(store, tmp_path / "actors.csv")
    import_file(store, _write(tmp_path, "events.csv", CSV_EVENTS))
    visit = store.event("visit")
    assert visit.when.date == "2024-04-08/2024-04-09"
    assert visit.tags == ["diplomacy", "visit"]
    assert [(a.id, a.role) for a in store.event("quote-ev").actors] == [("lavrov", "speaker")]
    assert store.actor("lavrov").aliases == [("Lavrov", None), ("Сергей Лавров", None)]


def test_bad_csv_names_the_line_and_field(store, db_path, tmp_path):
    path = _write(tmp_path, "events.csv", "id,title,date\nok,Fine,2024\nbad,Broken,Febtember\n")
    _refused(store, db_path, path, 'line 3 (event "bad"): date: cannot read "Febtember"')


def test_dry_run_checks_and_writes_nothing(store, db_path):
    before = file_digest(db_path)
    summary = import_file(store, ARTICLE, dry_run=True)
    assert summary.counts.added == 40
    assert "would add 40" in summary.line()
    assert store.stats().events == 0
    assert file_digest(db_path) == before


# --- property: any mutation of a valid fixture either imports or is refused with nothing written

_MUTATIONS = st.sampled_from([
    ("set", None), ("set", 5), ("set", ""), ("set", "Febtember 2024"), ("set", ["x"]),
    ("set", {"a": 1}), ("set", "[bold]x[/]\x1b[31m"), ("delete", None), ("rename", None),
])


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(section=st.sampled_from(["sources", "actors", "events", "statements"]),
       index=st.integers(0, 14), field=st.integers(0, 20), mutation=_MUTATIONS)
def test_mutated_fixtures_import_whole_or_not_at_all(tmp_path, section, index, field, mutation):
    doc = _article()
    records = doc[section]
    record = records[index % len(records)]
    key = sorted(record)[field % len(record)]
    action, value = mutation
    if action == "set":
        record[key] = value
    elif action == "delete":
        del record[key]
    else:
        record[key + "_x"] = record.pop(key)
    db_path = tmp_path / f"p{abs(hash((section, index, field, str(mutation))))}.db"
    store = Store.open(db_path)
    try:
        import_file(store, _write(tmp_path, "base.jsonl", _jsonl(
            [{"type": "actor", "id": "keeper", "name": "Keeper"}])))
        before = file_digest(db_path)
        stats_before = store.stats()
        try:
            import_file(store, _write(tmp_path, "mutated.json", doc))
        except ImportFailed as failure:
            assert failure.errors
            for line in failure.lines():
                assert line.startswith(str(tmp_path / "mutated.json") + ": ")
            assert file_digest(db_path) == before
            assert store.stats() == stats_before
        else:
            assert store.stats().actors >= stats_before.actors
    finally:
        store.close()


def test_each_import_is_logged_with_the_files_digest_and_counts(store):
    import_file(store, ARTICLE)
    import_file(store, ARTICLE, dry_run=True)
    import_file(store, ARTICLE)
    log = store.conn.execute(
        "SELECT file, format, sha256, added, updated, unchanged FROM imports").fetchall()
    digest = hashlib.sha256(ARTICLE.read_bytes()).hexdigest()
    assert log == [(str(ARTICLE), "json", digest, 40, 0, 0),
                   (str(ARTICLE), "json", digest, 0, 0, 40)]  # a dry run leaves no trace
