"""Textual's footer, without the keys it would otherwise keep after redrawing them."""

from __future__ import annotations

from textual import widgets


class Footer(widgets.Footer):
    """The footer of every screen.

    Each time the bindings change (a focus move does it) Textual's footer composes new keys, each
    bound to its `compact` reactive; the old keys' watchers stay on the footer until `compact`
    changes, which it never does, so every key ever shown stayed in memory (Textual issue #6666:
    about 40 KB a keypress). Re-announcing `compact` after each recompose makes Textual prune them.
    """

    async def recompose(self) -> None:
        await super().recompose()
        self.mutate_reactive(widgets.Footer.compact)
