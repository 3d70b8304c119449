"""The analysed words of a statement as a set that is never built.

Scoring asks a candidate's body, context and speaker fields whether they hold a handful of
question words. Splitting every field of every candidate into a set (a few hundred
candidates, ~100 words each) cost more than the rest of scoring; a `WordBag` answers
`word in bag` by finding " word " in the space-separated text instead, and only splits
when something iterates it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Set
from itertools import chain


class WordBag(Set):
    """A read-only set of the space-separated words of an analysed text."""

    __slots__ = ("_padded",)

    def __init__(self, text: str = "") -> None:
        if "\t" in text or "\n" in text or "\r" in text:
            text = " ".join(text.split())
        self._padded = f" {text} "

    @property
    def padded(self) -> str:
        """The words, space-separated, with a space before the first and after the last."""
        return self._padded

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str) or not word or " " in word:
            return False
        return f" {word} " in self._padded

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys(self._padded.split()))

    def __len__(self) -> int:
        return len(set(self._padded.split()))

    def __bool__(self) -> bool:
        return not self._padded.isspace()

    def __or__(self, other: Iterable) -> Set:
        if isinstance(other, WordBag):
            return WordBag(self._padded + other._padded)
        # What Set's own __or__ builds (through _from_iterable), which it types for sets only.
        return frozenset(chain(self, other))

    __ror__ = __or__

    def __and__(self, other: Iterable) -> frozenset:
        return frozenset(w for w in other if w in self)

    __rand__ = __and__

    @classmethod
    def _from_iterable(cls, it: Iterable) -> frozenset:
        return frozenset(it)

    def __repr__(self) -> str:
        return f"WordBag({self._padded.strip()!r})"


def padded(words: Iterable[str]) -> str:
    """Analysed words space-separated, with a space before the first and after the last:
    a `WordBag`'s own text, else the words joined (a field read as a plain set)."""
    return words.padded if isinstance(words, WordBag) else " " + " ".join(words) + " "
