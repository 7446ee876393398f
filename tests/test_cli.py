"""The `timeline` command group as a script uses it."""

from __future__ import annotations

import json

from tests.conftest import ARTICLE, file_digest
from tui.cli import cli


def test_import_then_stats_shows_the_article(runner, db_path):
    result = runner.invoke(cli, ["import", str(ARTICLE), "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert "added 40, updated 0, unchanged 0" in result.output
    stats = json.loads(runner.invoke(cli, ["stats", "--json", "--db", str(db_path)]).output)
    assert stats == {"events": 11, "statements": 15, "actors": 13, "sources": 1,
                     "first": "../2024-04", "last": "2024-04~"}
    again = runner.invoke(cli, ["import", str(ARTICLE), "--db", str(db_path)])
    assert "added 0, updated 0, unchanged 40" in again.output


def test_search_json_finds_wang_yis_statement(runner, db_path):
    runner.invoke(cli, ["import", str(ARTICLE), "--db", str(db_path)])
    result = runner.invoke(cli, ["search", "appropriate time", "--json", "--db", str(db_path)])
    hits = json.loads(result.output)
    top = hits[0]
    assert (top["kind"], top["id"], top["speaker"]) == (
        "statement", "wang-international-meeting", "Wang Yi")
    assert set(top) == {"kind", "id", "score", "title", "date", "text", "speaker", "spans"}
    start, end = top["spans"][0]
    assert top["text"][start:end].lower() == "appropriate time"


def test_a_bad_file_exits_1_with_the_place_on_stderr(runner, db_path, tmp_path):
    runner.invoke(cli, ["import", str(ARTICLE), "--db", str(db_path)])
    bad = tmp_path / "bad.json"
    bad.write_text(ARTICLE.read_text(encoding="utf-8").replace(
        '"date": "8-9 April"', '"date": "Febtember 2024"'), encoding="utf-8")
    before = file_digest(db_path)
    result = runner.invoke(cli, ["import", str(bad), "--db", str(db_path)])
    assert result.exit_code == 1
    assert f'{bad}: events[0] (id "lavrov-beijing-visit-2024"): date: cannot read ' \
           '"Febtember 2024"' in result.stderr
    assert "Traceback" not in result.output
    assert file_digest(db_path) == before


def test_export_writes_a_file_that_imports_back(runner, db_path, tmp_path):
    runner.invoke(cli, ["import", str(ARTICLE), "--db", str(db_path)])
    out = tmp_path / "out.csv"
    result = runner.invoke(cli, ["export", "--format", "csv", "-o", str(out), "--db",
                                 str(db_path)])
    assert result.exit_code == 0
    copy = tmp_path / "copy.db"
    assert runner.invoke(cli, ["import", str(out), "--db", str(copy)]).exit_code == 0
    stats = [runner.invoke(cli, ["stats", "--json", "--db", str(p)]).output for p in (db_path, copy)]
    assert stats[0] == stats[1]


def test_stats_on_a_file_that_is_not_a_store_fails_cleanly(runner, tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"\x00\x01garbage" * 500)
    result = runner.invoke(cli, ["stats", "--db", str(junk)])
    assert result.exit_code == 1
    assert "not a timeline store" in result.output
