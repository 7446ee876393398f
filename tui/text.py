"""Text from the store made safe for a terminal."""

from __future__ import annotations


def printable(text: str, keep_newlines: bool = True) -> str:
    """Control characters (escape, bell, NUL...) shown as `\\x1b`, never sent to the terminal.

    Textual and Rich markup needs no escaping here: callers render this as plain `Text`.
    """
    if text.isprintable():
        return text
    keep = "\n\t" if keep_newlines else ""
    return "".join(
        c if c.isprintable() or c in keep else f"\\x{ord(c):02x}" if ord(c) < 256
        else f"\\u{ord(c):04x}" for c in text)
