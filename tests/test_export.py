"""Export in the native formats, then import into an empty store: the same rows come back."""

from __future__ import annotations

import io

import pytest

from db.exporters import export
from db.importers import import_file
from db.store import Store

TABLES = ("sources", "actors", "actor_aliases", "events", "event_actors", "statements",
          "event_links", "timeline", "periods")


def _rows(store: Store) -> dict[str, list[tuple]]:
    result = {}
    for table in TABLES:
        columns = [c for c in store.db[table].columns_dict if c != "import_id"]
        result[table] = sorted(
            store.conn.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall(), key=repr)
    return result


@pytest.mark.parametrize(("fmt", "suffix"), [("json", ".json"), ("jsonl", ".jsonl"),
                                             ("csv", ".csv")])
def test_export_then_import_gives_back_the_same_rows(article_store, tmp_path, fmt, suffix):
    buffer = io.StringIO()
    count = export(article_store, fmt, buffer)
    assert count == 40
    path = tmp_path / f"export{suffix}"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    copy = Store.open(tmp_path / "copy.db")
    import_file(copy, path)
    assert copy.stats() == article_store.stats()
    assert _rows(copy) == _rows(article_store)
