"""Shared fixtures: stores on temporary files, the bundled article, a CLI runner."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from db.importers import import_file
from db.store import Store

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "fixtures" / "lavrov-beijing-2024.json"
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "store.db"


@pytest.fixture
def store(db_path: Path) -> Store:
    store = Store.open(db_path)
    yield store
    store.close()


@pytest.fixture
def article_store(store: Store) -> Store:
    import_file(store, ARTICLE)
    return store


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def file_digest(path: Path) -> str:
    """The bytes of a store and its WAL, so a test can say "byte for byte unchanged"."""
    digest = hashlib.sha256()
    for part in (path, Path(f"{path}-wal")):
        if part.exists():
            digest.update(part.read_bytes())
    return digest.hexdigest()
