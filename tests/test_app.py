"""The explorer, driven with keys as a user would, reading what the screen shows."""

from __future__ import annotations

import json

import pytest
from textual.widgets import Static

from db.importers import import_file
from db.store import Store
from tui.app import TimelineApp
from tui.screens.goto_date import GoToDateScreen
from tui.screens.help import HelpScreen
from tui.screens.welcome import WelcomeScreen
from tui.widgets.detail_pane import LinkItem
from tui.widgets.status_header import StatusHeader

SIZE = (120, 40)


def timeline_lines(app: TimelineApp) -> list[str]:
    view = app.timeline
    return [view.render_line(y).text.rstrip()
            for y in range(view.scrollable_content_region.height)]


def detail_text(app: TimelineApp) -> str:
    return "\n".join(str(w.content) for w in app.detail.query(Static))


def header_text(app: TimelineApp) -> str:
    return str(app.query_one(StatusHeader).content)


async def settle(pilot) -> None:
    """Wait until the detail pane shows the row under the cursor (it redraws once the cursor rests)."""
    app = pilot.app
    for _ in range(100):
        await pilot.pause(0.03)
        row = app.timeline.cursor_row
        page = app.detail.page
        if row is None or (page is not None and page.id == row.item_id):
            await pilot.pause()
            return


@pytest.fixture
def app(article_store: Store) -> TimelineApp:
    return TimelineApp(article_store)


async def test_opening_shows_the_timeline_grouped_by_month_and_the_first_row(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lines = timeline_lines(app)
        assert lines[0].strip() == "Open start"
        assert "◆ Western countries reject China's peace plan" in lines[1]
        assert "2023" in [line.strip() for line in lines]
        assert "April 2024" in [line.strip() for line in lines]
        assert "11 events · 15 statements · 13 actors" in header_text(app)
        assert "by month" in header_text(app)
        assert "Western countries reject China's peace plan for Ukraine" in detail_text(app)


async def test_j_and_k_move_the_cursor_and_the_pane_follows(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        assert app.timeline.cursor_row.item_id == "west-rejects-plan-position"
        await pilot.press("j")  # skips the "2023" header
        assert app.timeline.cursor_row.item_id == "china-russia-trade-2023"
        await settle(pilot)
        assert "China is Russia's largest trade partner in 2023" in detail_text(app)
        assert "$ billion" in detail_text(app)
        await pilot.press("k", "k")
        assert app.timeline.cursor_row.item_id == "west-rejects-china-peace-plan"
        await pilot.press("k")  # already first
        assert app.timeline.cursor_row.item_id == "west-rejects-china-peace-plan"


async def test_g_and_G_go_to_the_ends(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("G")
        assert app.timeline.cursor_row.item_id == "wang-international-meeting"
        await pilot.press("g")
        assert app.timeline.cursor_row.item_id == "west-rejects-china-peace-plan"
        await pilot.press("end")
        assert app.timeline.cursor_row.item_id == "wang-international-meeting"
        await pilot.press("home")
        assert app.timeline.cursor_row.item_id == "west-rejects-china-peace-plan"


async def test_brackets_jump_by_month_and_braces_by_year(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("G")
        await pilot.press("left_square_bracket")
        assert app.timeline.cursor_row.item_id == "russia-invasion-of-ukraine"  # Feb 2024
        await pilot.press("left_square_bracket")
        assert app.timeline.cursor_row.item_id == "china-russia-trade-2023"
        await pilot.press("right_square_bracket")
        assert app.timeline.cursor_row.item_id == "russia-invasion-of-ukraine"
        await pilot.press("right_square_bracket")
        assert app.timeline.cursor_row.display_date == "c. Apr 2024"
        await pilot.press("left_curly_bracket")
        assert app.timeline.cursor_row.item_id == "china-russia-trade-2023"
        await pilot.press("right_curly_bracket")
        assert app.timeline.cursor_row.item_id == "russia-invasion-of-ukraine"


async def test_page_keys_move_by_a_screen(article_store):
    app = TimelineApp(article_store)
    async with app.run_test(size=(100, 12)) as pilot:
        await pilot.press("pagedown")
        first_page = app.timeline.cursor_line
        assert first_page >= 8
        await pilot.press("pageup")
        assert app.timeline.cursor_line < first_page
        await pilot.press("ctrl+d")
        assert app.timeline.cursor_line > 1
        await pilot.press("ctrl+u")
        assert app.timeline.cursor_line == 1


async def test_z_changes_the_grouping_and_keeps_the_row(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("G")
        row = app.timeline.cursor_row.item_id
        await pilot.press("z")  # month -> day
        assert "by day" in header_text(app)
        headers = [line.strip() for line in timeline_lines(app) if not line.startswith("  ")]
        assert "8 April 2024" in headers
        assert app.timeline.cursor_row.item_id == row
        await pilot.press("z")  # day -> year
        headers = [line.strip() for line in timeline_lines(app) if line.strip()
                   and not line.startswith("  ")]
        assert headers == ["Open start", "2023", "2024"]
        assert "by year" in header_text(app)


async def test_colon_goes_to_a_typed_date(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("colon")
        assert isinstance(app.screen, GoToDateScreen)
        await pilot.press(*"Feb 2024", "enter")
        assert not isinstance(app.screen, GoToDateScreen)
        assert app.timeline.cursor_row.item_id == "russia-invasion-of-ukraine"
        await pilot.press("colon", *"-14 months", "enter")
        assert app.timeline.cursor_row.item_id == "china-russia-trade-2023"


async def test_an_unreadable_date_is_explained_and_nothing_moves(app):
    async with app.run_test(size=SIZE) as pilot:
        before = app.timeline.cursor_row.item_id
        await pilot.press("colon", *"Febtember", "enter")
        assert isinstance(app.screen, GoToDateScreen)
        assert "Cannot read 'Febtember'" in str(app.screen.query_one("#goto-error").content)
        await pilot.press("escape")
        assert app.timeline.cursor_row.item_id == before


async def test_following_links_with_history_and_a_breadcrumb(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("colon", *"8 April 2024", "enter")
        assert app.timeline.cursor_row.item_id == "lavrov-beijing-visit-2024"
        await pilot.press("enter")  # open the row: focus goes to its first link
        assert isinstance(app.focused, LinkItem)
        assert app.focused.target == ("actor", "sergei-lavrov")
        await pilot.press("enter")  # follow it: Lavrov's actor page
        text = detail_text(app)
        assert "Sergei Lavrov" in text and "Сергей Лавров (ru)" in text
        assert "Did and said" in text
        breadcrumb = text.splitlines()[0]
        assert breadcrumb.startswith("Lavrov's official visit")
        assert breadcrumb.endswith(" › Sergei Lavrov")
        await pilot.press("tab", "enter")  # the first thing he did: the eve remarks
        assert app.detail.page.id == "lavrov-eve-remarks-2024"
        assert app.timeline.cursor_row.item_id == "lavrov-eve-remarks-2024"
        await pilot.press("backspace")
        assert app.detail.page.id == "sergei-lavrov"
        await pilot.press("alt+left")
        assert app.detail.page.id == "lavrov-beijing-visit-2024"
        await pilot.press("alt+right")
        assert app.detail.page.id == "sergei-lavrov"
        # A new visit drops the forward history.
        await pilot.press("backspace")
        app.timeline.focus()
        await pilot.press("j")
        await settle(pilot)
        await pilot.press("alt+right")
        assert app.detail.page.id != "sergei-lavrov"


async def test_a_statement_links_to_its_speaker_event_and_source(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("G")
        await settle(pilot)
        text = detail_text(app)
        assert "China supports the convening at an appropriate time" in text
        assert "Wang Yi (Minister of Foreign Affairs of China)" in text
        assert "Joint news conference of Lavrov and Wang Yi" in text
        assert "“China supports the convening" in text and "Wang said." in text
        targets = [link.target for link in app.detail.query(LinkItem)]
        assert targets == [("actor", "wang-yi"), ("event", "lavrov-wang-news-conference-2024"),
                           ("source", "iar-eurasian-security-2024")]


async def test_the_source_page_highlights_every_cited_excerpt(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        for _ in range(4):
            await pilot.press("tab")
            if app.focused.target[0] == "source":
                break
        await pilot.press("enter")
        assert app.detail.page.kind == "source"
        body = next(w for w in app.detail.query(Static) if "Reeling from" in str(w.content))
        highlighted = {str(body.content)[span.start:span.end] for span in body.content.spans}
        assert "China believes that NATO should not extend its hands to this region" in highlighted
        assert "(21 cited passages highlighted)" in detail_text(app)


async def test_help_lists_every_binding_by_group(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        keys = app.screen.query_one("#help-keys")
        # Drawn, not only built: the table once sat in a box that gave it no room at all.
        await pilot.pause()
        assert keys.region.width >= 60 and keys.region.height >= 30
        assert "Previous&#160;month" in app.export_screenshot()
        table = keys.content
        rows = list(zip(*[[str(c) for c in col._cells] for col in table.columns], strict=True))
        keys = {(k, d) for k, d, _ in rows}
        for expected in [("j down", "Down"), ("[", "Previous month"), ("]", "Month"),
                         (":", "Go to date"), ("backspace alt+left", "Back"),
                         ("enter", "Open"), ("ctrl+p", "Commands"), ("z", "Group")]:
            assert expected in keys
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_the_command_palette_lists_our_actions(app):
    async with app.run_test(size=SIZE) as pilot:
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Go to date (:)" in titles
        assert "Group (z)" in titles
        await pilot.press("ctrl+p")
        await pilot.press(*"go to date")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.1)
        assert isinstance(app.screen, GoToDateScreen)


async def test_a_narrow_terminal_stacks_the_panes(article_store):
    app = TimelineApp(article_store)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        assert app.screen.has_class("narrow")
        timeline, detail = app.timeline.region, app.detail.region
        assert detail.y >= timeline.bottom
        assert timeline.width == detail.width == 60
        await pilot.press("j", "j")
        assert app.timeline.cursor_row.item_id == "china-russia-trade-2023"


async def test_an_empty_store_welcomes_and_loads_the_example(store):
    app = TimelineApp(store)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, WelcomeScreen)
        assert "timeline import FILE" in str(app.screen.query_one(Static).content)
        await pilot.press("l")
        await settle(pilot)
        assert not isinstance(app.screen, WelcomeScreen)
        assert "11 events" in header_text(app)
        assert app.timeline.cursor_row is not None


async def test_a_click_selects_the_row(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#timeline", offset=(5, 4))
        assert app.timeline.cursor_row.item_id == "china-russia-trade-2023"


HOSTILE = "[bold]loud[/] [@click=app.quit]quit[/] \x1b[31mred\x1b[0m \x07bell ]["


async def test_markup_and_escapes_in_the_data_show_as_characters(tmp_path):
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps({
        "actors": [{"id": "a", "name": HOSTILE}],
        "events": [{"id": "e", "title": HOSTILE, "date": "2024", "summary": HOSTILE,
                    "actors": [{"id": "a"}]}],
        "statements": [{"id": "s", "speaker": "a", "event": "e", "kind": "quote",
                        "text": HOSTILE}],
    }))
    store = Store.open(tmp_path / "h.db")
    import_file(store, path)
    app = TimelineApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = "\n".join(timeline_lines(app)) + detail_text(app)
        assert "[bold]loud[/]" in shown
        assert "[@click=app.quit]quit[/]" in shown
        assert "\\x1b[31mred" in shown and "\\x07bell" in shown
        assert "\x1b" not in shown and "\x07" not in shown
        await pilot.press("enter")
        await pilot.press("enter")  # the link whose text holds [@click=app.quit]
        assert app.is_running
        await pilot.click(LinkItem)
        assert app.is_running


async def test_the_app_reads_only_what_it_shows(article_store, monkeypatch):
    # Opening never reads the whole timeline: only pages of lines around the screen.
    asked = []
    original = article_store.lines
    monkeypatch.setattr(article_store, "lines",
                        lambda grain, first, count: asked.append(count) or original(
                            grain, first, count))
    app = TimelineApp(article_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("G", "g")
    assert asked and max(asked) <= 64


# --- search, filters and matches -----------------------------------------------------------------

async def _search(pilot, text: str) -> None:
    from tui.screens.search import SearchScreen

    app = pilot.app
    await pilot.press("slash")
    assert isinstance(app.screen, SearchScreen)
    await pilot.press(*text)
    for _ in range(100):  # the hits arrive from a worker
        await pilot.pause(0.03)
        if app.screen.hits and app.screen.query_text == text and app.screen.selected:
            return
    raise AssertionError(f"no hits for {text!r}")


def _hit_lines(app) -> list[str]:
    from textual.widgets import OptionList

    hits = app.screen.query_one(OptionList)
    return [str(hits.get_option_at_index(i).prompt) for i in range(hits.option_count)]


async def test_slash_searches_as_you_type_grouped_by_kind(app):
    async with app.run_test(size=SIZE) as pilot:
        await _search(pilot, "wang")
        lines = _hit_lines(app)
        assert lines[0] == "Actors (1)"
        assert "Wang Yi" in lines[1]
        assert any(line.startswith("Statements") for line in lines)
        assert any(line.startswith("Events") for line in lines)
        # The highlighted hit is previewed.
        preview = "\n".join(str(w.content) for w in app.screen.query("#search-detail Static"))
        assert "Minister of Foreign Affairs of China" in preview
        # Typing more narrows the hits.
        await pilot.press(*" ceasefire")
        for _ in range(50):
            await pilot.pause(0.03)
            if app.screen.query_text == "wang ceasefire" and app.screen.hits:
                break
        assert app.screen.hits[0].id == "wang-ceasefire"


async def test_matched_characters_are_highlighted(app):
    from textual.widgets import OptionList

    async with app.run_test(size=SIZE) as pilot:
        await _search(pilot, "appropriate time")
        hits = app.screen.query_one(OptionList)
        prompt = hits.get_option_at_index(hits.highlighted).prompt
        styled = [str(prompt)[span.start:span.end] for span in prompt.spans
                  if "reverse" in str(span.style)]
        assert styled == ["appropriate time"]


async def test_enter_opens_the_hit_and_moves_the_timeline(app):
    async with app.run_test(size=SIZE) as pilot:
        await _search(pilot, "difficult conversatons")
        await pilot.press("enter")
        assert app.screen is app.screen_stack[0]
        assert app.detail.page.id == "yellen-difficult-conversations"
        assert app.timeline.cursor_row.item_id == "yellen-difficult-conversations"


async def test_escape_returns_to_where_you_were(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j")
        await settle(pilot)
        await _search(pilot, "NATO hands")
        await pilot.press("escape")
        assert app.timeline.cursor_row.item_id == "china-russia-trade-2023"
        assert app.detail.page.id == "china-russia-trade-2023"
        assert app.focused is app.timeline


async def test_f_filters_to_the_search_and_F_clears_it(app):
    async with app.run_test(size=SIZE) as pilot:
        await _search(pilot, "lavrov")
        await pilot.press("escape", "f")
        assert 'filter: "lavrov"' in header_text(app)
        shown = [line for line in timeline_lines(app) if line.startswith("  ")]
        assert shown and all("Lavrov" in line or "lavrov" in line.lower() for line in shown)
        await pilot.press("F")
        assert "filter" not in header_text(app)
        assert app.timeline.line_count == app.store.line_count("month")


async def test_f_on_an_actor_page_filters_to_that_actor(app):
    async with app.run_test(size=SIZE) as pilot:
        await _search(pilot, "Yellen")
        await pilot.press("enter")  # the actor page
        assert app.detail.page.id == "janet-yellen"
        await pilot.press("f")
        assert "filter: @Janet Yellen" in header_text(app)
        rows = [line.strip() for line in timeline_lines(app) if line.startswith("  ")]
        assert len(rows) == 3
        assert all("Yellen" in row for row in rows)
        await pilot.press("G", "g", "right_square_bracket", "z")  # keys work on the subset
        assert app.timeline.cursor_row is not None


async def test_n_and_N_step_through_the_matches(app):
    async with app.run_test(size=SIZE) as pilot:
        await _search(pilot, "china")
        await pilot.press("escape", "g")
        seen = []
        for _ in range(4):
            await pilot.press("n")
            seen.append(app.timeline.cursor_row.pos)
        assert seen == sorted(seen) and len(set(seen)) == 4
        await pilot.press("N")
        assert app.timeline.cursor_row.pos == seen[-2]


async def test_a_megabyte_of_text_is_cut_not_laid_out_whole(tmp_path):
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"events": [
        {"id": "e", "title": "Big", "date": "2024", "summary": "word " * 200_000}]}))
    store = Store.open(tmp_path / "big.db")
    import_file(store, path)
    app = TimelineApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = detail_text(app)
        assert "980,000 more characters not shown here" in text
        assert len(text) < 25_000
        await pilot.press("tab", "pagedown", "end")
        assert app.is_running


async def test_a_long_actor_page_lists_its_entries_a_hundred_at_a_time(store, tmp_path):
    said = [{"id": f"s{n:03}", "speaker": "a", "text": f"Words number {n}", "kind": "quote",
             "date": f"{1900 + n}-01-01"} for n in range(230)]
    path = tmp_path / "many.json"
    path.write_text(json.dumps({"actors": [{"id": "a", "name": "Talker"}], "statements": said}))
    import_file(store, path)
    app = TimelineApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", "enter")  # the first quote, then its speaker's page
        assert app.detail.page.id == "a"
        links = list(app.detail.query(LinkItem))
        assert len(links) == 100 + 1  # the first hundred, in time order, and "more"
        assert str(links[0].content).endswith("“Words number 0”")
        assert str(links[-1].content).startswith("130 more: enter lists the next 100")
        links[-1].focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused.target == ("statement", "s100")
        assert str(app.focused.content) == "❝ 1 Jan 2000 · “Words number 100”"
        last = list(app.detail.query(LinkItem))[-1]
        assert str(last.content).startswith("30 more: enter lists the next 30")
        last.focus()
        await pilot.press("enter")
        await pilot.pause()
        texts = [str(link.content) for link in app.detail.query(LinkItem)]
        assert len(texts) == 230 and "more:" not in texts[-1]
        assert texts[-1].endswith("“Words number 229”")
        await pilot.press("enter")  # the first of those just listed has the focus, and opens
        assert app.detail.page.id == "s200"


async def test_a_click_on_a_footer_key_presses_it(app):
    from tui.screens.help import HelpScreen
    from tui.widgets.footer import Footer

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(Footer)
        start = next(start for start, _, key in footer._spans if key.description == "Help")
        await pilot.hover(Footer, offset=(start + 1, 0))
        assert footer.tooltip == "Every key, grouped by where it works"
        await pilot.click(Footer, offset=(start + 1, 0))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_the_footer_shows_the_keys_of_the_focused_pane(app):
    from tui.widgets.footer import Footer

    def footer_keys() -> set[str]:
        return set(app.screen.query_one(Footer).descriptions)

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert {"Group", "Search", "Quit"} <= footer_keys()
        await pilot.press("enter")  # into the detail pane's links
        await pilot.pause()
        assert "Group" not in footer_keys() and "Open" in footer_keys()
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is app.timeline
        assert "Group" in footer_keys()
