"""The seed article as a fixture: faithful to its words, honest where it is wrong or silent."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import ARTICLE

SEED = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds" / \
    "000_4878833bfae2ea62.txt"


def _doc() -> dict:
    return json.loads(ARTICLE.read_text(encoding="utf-8"))


def test_the_source_holds_the_full_article():
    source = _doc()["sources"][0]
    assert source["author"] == "IAR Desk"
    if SEED.exists():
        assert source["text"] == SEED.read_text(encoding="utf-8")


def test_every_excerpt_is_the_articles_own_words():
    doc = _doc()
    text = doc["sources"][0]["text"]
    for record in doc["events"] + doc["statements"]:
        assert record["excerpt"] in text, record["id"]


def test_every_verbatim_quote_is_in_the_article():
    doc = _doc()
    text = doc["sources"][0]["text"]
    quotes = [s for s in doc["statements"] if s["kind"] == "quote"]
    assert {q["id"] for q in quotes} == {"wang-international-meeting",
                                         "yellen-difficult-conversations"}
    for quote in quotes:
        assert quote["text"] in text


def test_the_articles_errors_are_kept_and_noted(article_store):
    invasion = article_store.event("russia-invasion-of-ukraine")
    assert invasion.when.date_text == "February 2024"
    assert "2022" in invasion.note
    trade = article_store.event("china-russia-trade-2023")
    assert "$ billion" in trade.note
    assert not any(ch.isdigit() for ch in trade.summary.split("$")[1].split("billion")[0])


def test_actors_carry_their_names_in_their_own_script(article_store):
    names = {alias for _, alias, _ in article_store.actor_names()}
    assert {"Сергей Лавров", "王毅", "习近平", "岸田文雄"} <= names
