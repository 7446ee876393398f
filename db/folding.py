"""Text folded the way the full-text index folds it: lower case, no accents, split into words."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

WORD = re.compile(r"[^\W_]+")
"""A run of letters and digits: what FTS5's unicode61 tokenizer calls a token."""


def _fold_char(c: str) -> str:
    base = unicodedata.normalize("NFD", c)[0].lower()
    return base if len(base) == 1 else c.lower() if len(c.lower()) == 1 else c


def fold(text: str) -> str:
    """Lower case without accents, one character for one, so offsets still point into `text`."""
    if text.isascii():
        return text.lower()
    return "".join(c.lower() if c.isascii() else _fold_char(c) for c in text)


@lru_cache(maxsize=200_000)
def fold_word(word: str) -> str:
    return fold(word)


def terms_of(text: str | None) -> set[str]:
    """The distinct index terms of a text."""
    if not text:
        return set()
    return {fold_word(word) for word in WORD.findall(text)}
