"""DetailPane: the linked page of whatever is selected, with a breadcrumb of the way there."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from ..messages import OpenItem
from ..pages import Block, Page, more_blocks
from ..text import printable


class LinkItem(Static, can_focus=True):
    """A linked record in the pane: focus it and press enter (or click) to open it."""

    DEFAULT_CSS = """
    LinkItem { padding: 0 1 0 2; color: $text-accent; }
    LinkItem:hover { background: $boost; }
    LinkItem:focus { background: $primary; color: $text; text-style: bold; }
    """

    BINDINGS = [Binding("enter", "follow", "Open", id="detail.open",
                        tooltip="Open the linked record")]

    def __init__(self, text: str, target: tuple[str, str]) -> None:
        # A link is one line of the pane: long quotes are cut, the page behind shows them whole.
        shown = text if len(text) <= 300 else text[:299] + "…"
        super().__init__(Text(printable(shown), no_wrap=False))
        self.target = target

    def action_follow(self) -> None:
        self.post_message(OpenItem(*self.target))

    def on_click(self) -> None:
        self.call_later(self.action_follow)  # which may be a coroutine, as a MoreItem's is


class MoreItem(LinkItem):
    """The end of a long list on a page: enter lists the next entries in its place."""

    def __init__(self, block: Block) -> None:
        super().__init__(block.text, block.target)
        self.block = block
        self.add_class("detail--more")

    async def action_follow(self) -> None:
        kind, item_id = self.block.target
        blocks = more_blocks(self.app.store, kind, item_id, self.block.offset, self.block.total)
        widgets = [_block_widget(block) for block in blocks]
        pane = self.parent
        await pane.mount_all(widgets, before=self)
        if widgets:
            widgets[0].focus()
        await self.remove()


def _block_widget(block: Block) -> Static:
    text = printable(block.text)
    if block.style == "more":
        return MoreItem(block)
    if block.style == "link":
        return LinkItem(block.text, block.target)
    if block.style == "field":
        content = Text.assemble((f"{block.label}: ", "bold"), text)
    elif block.style == "note":
        content = Text.assemble((f"{block.label}: ", "bold italic"), (text, "italic"))
    else:
        content = Text(text)
        for start, end in block.highlights:
            content.stylize("reverse", start, end)
    widget = Static(content, classes=f"detail--{block.style}")
    return widget


class DetailPane(VerticalScroll):
    """The page for the record under the cursor, or for the link last followed."""

    DEFAULT_CSS = """
    DetailPane { padding: 0 1; background: $surface; }
    DetailPane > .detail--breadcrumb { color: $text-muted; margin-bottom: 1; }
    DetailPane > .detail--title { text-style: bold; color: $text; margin-bottom: 1; }
    DetailPane > .detail--heading { text-style: bold; color: $accent; margin-top: 1; }
    DetailPane > .detail--text { margin: 0 0 0 2; }
    DetailPane > .detail--note { color: $text-warning; margin-top: 1; }
    DetailPane > .detail--field { padding-left: 2; }
    DetailPane > .detail--more { color: $text-muted; text-style: italic; }
    """

    def __init__(self, *, id: str | None = None, page: Page | None = None) -> None:
        """`page`, if given, is composed with the pane, so the first frame shows it."""
        super().__init__(id=id)
        self.page = page

    def compose(self) -> ComposeResult:
        if self.page is None:
            yield Static(Text("Nothing selected"), classes="detail--text")
        else:
            yield from _page_widgets(self.page, [])

    def show(self, page: Page, trail: list[str]) -> AwaitComplete:
        """Replace the pane's content with `page`; `trail` titles the way here.

        Await the result to know the new links are mounted (to focus one of them).
        """
        self.page = page
        self.scroll_home(animate=False)
        return AwaitComplete(self.remove_children(), self.mount_all(_page_widgets(page, trail)))


def _page_widgets(page: Page, trail: list[str]) -> list[Static]:
    widgets: list[Static] = []
    if len(trail) > 1:
        crumbs = " › ".join(_shorten(t) for t in trail)
        widgets.append(Static(Text(printable(crumbs, keep_newlines=False)),
                              classes="detail--breadcrumb"))
    widgets.extend(_block_widget(block) for block in page.blocks)
    return widgets


def _shorten(title: str, width: int = 28) -> str:
    return title if len(title) <= width else title[: width - 1] + "…"
