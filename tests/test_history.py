"""Back and forward as in a browser, with cursor-following pages that do not pile up."""

from tui.history import History, Visit


def v(name: str, timeline: bool = False) -> Visit:
    return Visit("event", name, name, from_timeline=timeline)


def test_back_and_forward_walk_the_visits():
    history = History()
    for name in "abc":
        history.visit(v(name))
    assert history.back().id == "b"
    assert history.back().id == "a"
    assert history.back() is None and history.current.id == "a"
    assert history.forward().id == "b"
    assert [p.id for p in history.trail()] == ["a", "b"]


def test_a_new_visit_drops_the_forward_pages():
    history = History()
    for name in "abc":
        history.visit(v(name))
    history.back()
    history.back()
    history.visit(v("d"))
    assert history.forward() is None
    assert [p.id for p in history.trail()] == ["a", "d"]


def test_pages_that_follow_the_cursor_replace_one_another():
    history = History()
    history.visit(v("row1", timeline=True))
    history.visit(v("row2", timeline=True))
    history.visit(v("row3", timeline=True))
    assert [p.id for p in history.trail()] == ["row3"]
    history.visit(v("link"))
    history.visit(v("row4", timeline=True))
    assert [p.id for p in history.trail()] == ["row3", "link", "row4"]
    assert history.back().id == "link"


def test_opening_the_row_on_show_takes_its_place():
    history = History()
    history.visit(v("row1", timeline=True))
    history.visit(v("row2"), in_place=True)
    assert [(p.id, p.from_timeline) for p in history.trail()] == [("row2", False)]
    assert not history.can_go_back
