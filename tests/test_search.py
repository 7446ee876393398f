"""Fuzzy search: relevance on the article, typos, Unicode and aliases, narrowing, FTS5 safety."""

from __future__ import annotations

import pytest

from db.search import Searcher, parse_query, search

# query -> (kind, id) of the expected top hit
RELEVANCE = [
    ("lavrv", ("actor", "sergei-lavrov")),
    ("yelen", ("actor", "janet-yellen")),
    ("difficult conversatons", ("statement", "yellen-difficult-conversations")),
    ("ceasefire", ("statement", "wang-ceasefire")),
    ("NATO hands", ("statement", "china-nato-asia-pacific")),
    ("dual confrontation", ("statement", "wang-dual-confrontation")),
    ("Xi", ("actor", "xi-jinping")),
    ("appropriate time", ("statement", "wang-international-meeting")),
    ("Лавров", ("actor", "sergei-lavrov")),
    ("王毅", ("actor", "wang-yi")),
    ("wang yi", ("actor", "wang-yi")),
    ("岸田文雄", ("actor", "fumio-kishida")),
    ("zaporozhye", ("statement", "russia-iaea-zaporozhye")),
    ("ZAPOROZHYE", ("statement", "russia-iaea-zaporozhye")),
    ("Zaporózhye", ("statement", "russia-iaea-zaporozhye")),
    ("consultation plan", ("event", "lavrov-wang-consultation-plan-2024")),
    ("Phillipines", ("actor", "philippines")),
]


@pytest.mark.parametrize(("query", "expected"), RELEVANCE)
def test_the_expected_hit_comes_first(article_store, query, expected):
    hits = search(article_store, query)
    assert hits, query
    assert (hits[0].kind, hits[0].id) == expected


def test_an_exact_phrase_ranks_above_a_fuzzy_match(article_store):
    hits = search(article_store, "group confrontation")
    assert hits[0].id == "china-opposes-group-confrontation"
    assert hits[0].score == 100
    assert all(h.score < 100 for h in hits[1:] if h.kind != "actor")


def test_xi_does_not_match_every_word_containing_xi(article_store):
    ids = [h.id for h in search(article_store, "Xi")]
    assert ids[0] == "xi-jinping"
    # No hit merely has "xi" inside a word.
    for hit in search(article_store, "Xi"):
        assert any(hit.shown[a:b].lower() == "xi" for a, b in hit.spans), hit


def test_spans_point_at_the_matched_characters(article_store):
    hit = search(article_store, "appropriate time")[0]
    (start, end), = hit.spans
    assert hit.text[start:end] == "appropriate time"
    hit = search(article_store, "NATO hands")[0]
    assert [hit.text[a:b] for a, b in hit.spans] == ["NATO", "hands"]
    hit = search(article_store, "difficult conversatons")[0]
    assert [hit.text[a:b] for a, b in hit.spans] == ["difficult conversations"] or \
        [hit.text[a:b] for a, b in hit.spans] == ["difficult", "conversations"]


def test_an_alias_hit_names_the_actor_and_shows_the_alias(article_store):
    hit = search(article_store, "Сергей")[0]
    assert (hit.title, hit.text) == ("Sergei Lavrov", "Сергей Лавров")
    assert hit.text[hit.spans[0][0]:hit.spans[0][1]] == "Сергей"


@pytest.mark.parametrize("query", ['"', "AND", "(", ")", "*", "-", 'NEAR(a b)', "a OR", '"unclosed',
                                   "^", "col:umn", "{x}", "''", "\x00", "  "])
def test_fts5_syntax_in_a_query_is_only_text(article_store, query):
    search(article_store, query)  # never raises


def test_at_narrows_to_one_actors_statements_and_events(article_store):
    hits = search(article_store, "@lavrov")
    assert hits
    for hit in hits:
        if hit.kind == "statement":
            assert hit.speaker == "Sergei Lavrov"
        else:
            assert hit.kind == "event"
            assert "sergei-lavrov" in {a.id for a in article_store.event(hit.id).actors}
    assert {h.id for h in search(article_store, "@wang china")} >= {
        "wang-international-meeting", "wang-ceasefire"}


def test_kind_and_dates_narrow_the_hits(article_store):
    quotes = search(article_store, "kind:quote")
    assert {h.id for h in quotes} == {"wang-international-meeting",
                                      "yellen-difficult-conversations"}
    assert all(h.kind == "event" for h in search(article_store, "kind:event visit"))
    in_2023 = search(article_store, "from:2023 to:2023 trade")
    assert [h.id for h in in_2023 if h.kind != "actor"] == ["china-russia-trade-2023"]


def test_a_bad_filter_is_reported_not_raised():
    query = parse_query("kind:poem from:Febtember china")
    assert query.text == "china"
    assert len(query.problems) == 2


def test_a_searcher_keeps_actor_names_between_keystrokes(article_store):
    searcher = Searcher(article_store)
    first = [h.id for h in searcher.search("lav")]
    again = [h.id for h in searcher.search("lavr")]
    assert first and again and again[0] == "sergei-lavrov"
