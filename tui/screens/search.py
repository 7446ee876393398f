"""SearchScreen: fuzzy search as you type, hits grouped by kind, the selected one previewed.

Searching runs in a thread worker on its own read-only connection, so typing never waits on SQLite;
the worker only posts its hits, and the handler (on the UI thread) fills the list.
"""

from __future__ import annotations

import threading

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from db.search import Hit, Searcher, parse_query
from db.store import Store

from ..pages import KIND_MARK, build_page
from ..text import printable
from ..widgets.detail_pane import DetailPane
from ..widgets.footer import Footer

GROUPS = (("actor", "Actors"), ("statement", "Statements"), ("event", "Events"))
DEBOUNCE = 0.05
"""Seconds of quiet after a keystroke before the search runs."""


def hit_text(hit: Hit, width: int = 200) -> Text:
    """A hit as one line: date, mark, who, and the text with the matched characters highlighted."""
    if hit.kind == "actor":
        prefix = f"{hit.score:3.0f}  "
        if hit.text is not None:  # matched through an alias
            prefix += printable(hit.title, keep_newlines=False) + "  "
    else:
        mark = KIND_MARK["event"] if hit.kind == "event" else KIND_MARK.get(hit.statement_kind, "❝")
        prefix = f"{hit.score:3.0f}  {hit.display_date:<14} {mark} "
        if hit.kind == "statement":
            prefix += printable(hit.speaker or "", keep_newlines=False) + ": "
        elif hit.text is not None:
            prefix += printable(hit.title, keep_newlines=False) + ": "
    shown = printable(hit.shown, keep_newlines=False)
    spans = hit.spans if shown == hit.shown else []  # escaped text: offsets no longer hold
    room = max(10, width - len(prefix))
    if spans and spans[0][1] > room - 1:
        # The match is far into a long text: start the line a little before it.
        cut = max(0, spans[0][0] - 12)
        shown = "…" + shown[cut:]
        spans = [(start - cut + 1, end - cut + 1) for start, end in spans if start >= cut]
    line = Text(prefix)
    offset = len(prefix)
    line.append(shown)
    for start, end in spans:
        line.stylize("bold reverse", offset + start, offset + end)
    line.truncate(width, overflow="ellipsis")
    return line


class SearchScreen(Screen[Hit | None]):
    """Type to search; enter opens the highlighted hit; esc goes back to where you were."""

    DEFAULT_CSS = """
    SearchScreen #search-input { margin: 0 1; }
    SearchScreen #search-status { height: 1; padding: 0 2; color: $text-muted; }
    SearchScreen #search-body { height: 1fr; }
    SearchScreen #search-hits { width: 3fr; height: 1fr; border: none; }
    SearchScreen #search-preview { width: 2fr; height: 1fr; border-left: vkey $panel; }
    SearchScreen.narrow #search-body { layout: vertical; }
    SearchScreen.narrow #search-hits { width: 100%; }
    SearchScreen.narrow #search-preview { width: 100%; border-left: none; }
    """

    BINDINGS = [
        Binding("escape", "close", "Back", id="search.close", tooltip="Close search, go back"),
        Binding("down", "move(1)", "Next hit", id="search.next", tooltip="Highlight the next hit"),
        Binding("up", "move(-1)", "Previous hit", id="search.previous",
                tooltip="Highlight the previous hit"),
        Binding("enter", "open", "Open", id="search.open",
                tooltip="Open the hit in the detail pane and move the timeline to its date"),
    ]

    class Results(Message):
        """Hits for `query`, from the worker."""

        def __init__(self, query: str, hits: list[Hit]) -> None:
            super().__init__()
            self.query = query
            self.hits = hits

    def __init__(self, store: Store, searcher: Searcher, lock: threading.Lock,
                 query: str = "") -> None:
        """`searcher` runs in worker threads, one at a time under `lock` (it is the app's, and
        outlives this screen, so its actor names and connection are loaded once)."""
        super().__init__()
        self.store = store
        self.initial_query = query
        self.query_text = query
        self.hits: list[Hit] = []
        self._timer: Timer | None = None
        self._lock = lock
        self._searcher = searcher

    def compose(self) -> ComposeResult:
        yield Input(self.initial_query, placeholder="Search actors, quotes, events "
                    "(@actor  kind:quote  from:2024-01  to:2024-06)", id="search-input")
        yield Static("", id="search-status")
        with Horizontal(id="search-body"):
            yield OptionList(id="search-hits")
            with Vertical(id="search-preview"):
                yield DetailPane(id="search-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.set_class(self.app.size.width < 100, "narrow")
        self.query_one(Input).focus()
        if self.initial_query:
            self._run(self.initial_query)

    @on(Input.Changed, "#search-input")
    def _typed(self, event: Input.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        self.query_text = event.value
        self._timer = self.set_timer(DEBOUNCE, lambda: self._run(event.value))

    @work(thread=True, exclusive=True, group="search")
    def _run(self, query: str) -> None:
        worker = get_current_worker()
        with self._lock:
            if worker.is_cancelled:
                return
            hits = self._searcher.search(query, limit=50) if query.strip() else []
        if not worker.is_cancelled:
            self.post_message(self.Results(query, hits))

    def on_search_screen_results(self, message: Results) -> None:
        if message.query != self.query_text:
            return  # a slower, older search
        self.hits = message.hits
        options: list[Option | None] = []
        width = max(40, self.query_one("#search-hits").size.width - 2)
        for kind, heading in GROUPS:
            group = [(i, hit) for i, hit in enumerate(self.hits) if hit.kind == kind]
            if not group:
                continue
            options.append(Option(Text(f"{heading} ({len(group)})", style="bold"),
                                  disabled=True))
            options.extend(Option(hit_text(hit, width), id=str(i)) for i, hit in group)
        hits_list = self.query_one(OptionList)
        hits_list.clear_options()
        hits_list.add_options(options)
        first = next((i for i, option in enumerate(options)
                      if option is not None and not option.disabled), None)
        if first is not None:
            hits_list.highlighted = first
        problems = parse_query(message.query).problems
        status = f"{len(self.hits)} hits" if message.query.strip() else "Type to search"
        if problems:
            status += " · " + "; ".join(problems)
        self.query_one("#search-status", Static).update(Text(printable(status)))

    @property
    def selected(self) -> Hit | None:
        hits_list = self.query_one(OptionList)
        if hits_list.highlighted is None:
            return None
        option = hits_list.get_option_at_index(hits_list.highlighted)
        return self.hits[int(option.id)] if option.id is not None else None

    @on(Input.Submitted, "#search-input")
    def _submitted(self) -> None:
        self.action_open()

    @on(OptionList.OptionHighlighted)
    def _preview(self) -> None:
        hit = self.selected
        if hit is None:
            return
        page = build_page(self.store, hit.kind, hit.id)
        if page is not None:
            self.query_one(DetailPane).show(page, [])

    @on(OptionList.OptionSelected)
    def _chosen(self) -> None:
        self.action_open()

    def action_move(self, step: int) -> None:
        hits_list = self.query_one(OptionList)
        if step > 0:
            hits_list.action_cursor_down()
        else:
            hits_list.action_cursor_up()

    def action_open(self) -> None:
        hit = self.selected
        if hit is not None:
            self.dismiss(hit)

    def action_close(self) -> None:
        self.dismiss(None)
