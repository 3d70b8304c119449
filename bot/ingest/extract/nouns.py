"""Speech nouns: statements, reports and claims that carry their author's words.

Three shapes, each a principle of English reporting rather than a list of cases:

- a possessor's claim noun introduces a quotation: "Doe’s claim that there were “thousands”";
- a document of an author speaks for it: "the IMF report stated", "the ministry’s statement
  said" (the author is the speaker);
- a participle after a speech noun shares the sentence's subject: "the council issued a
  statement calling the test “a clear violation”".
"""

from __future__ import annotations

import re
from functools import cache

from .lexicon import lexicon
from .names import NAME_RUN, Phrase, name_gender, split_name


def _alt(words: frozenset[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _possessive_re() -> re.Pattern[str]:
    # The quotation must sit in the noun's complement: "claim that …", "warning: “…”".
    return re.compile(
        rf"(?<![\w’'\-])({NAME_RUN})[’']s?\s+(?:[a-z][\w\-]*\s+){{0,2}}?"
        rf"({_alt(lexicon().claim_nouns)})\s*(?:that\b|:|(?=[\"“‘«]))"
    )


@cache
def _author_re() -> re.Pattern[str]:
    return re.compile(
        rf"(?<![\w’'\-])({NAME_RUN})(?:’s|'s)?\s+(?:(?:new|latest|final|own|joint|official)\s+)?"
        rf"(?:{_alt(lexicon().speech_nouns)})\s*,?\s*$"
    )


@cache
def _noun_end_re() -> re.Pattern[str]:
    nouns = lexicon().speech_nouns | lexicon().claim_nouns
    return re.compile(rf"\b(?:a|an|the|its|his|her|their)\s+(?:[a-z]+\s+)?(?:{_alt(nouns)})\s*$")


def _name_phrase(run: str, pos: int) -> Phrase | None:
    title, name = split_name(run)
    if not name or name in lexicon().time_words:
        return None
    return Phrase("name", run, name, title, name_gender(name, title), pos + run.find(name))


def possessive_claims(masked: str, s: int, e: int) -> list[tuple[int, int, str, Phrase]]:
    """(start, end, noun, speaker phrase) for every "NAME’s claim that" in ``masked[s:e]``."""
    out = []
    for m in _possessive_re().finditer(masked, s, e):
        ph = _name_phrase(m.group(1), m.start(1))
        if ph is not None:
            out.append((m.start(2), m.end(2), m.group(2), ph))
    return out


def document_author(left: str, offset: int) -> Phrase | None:
    """ "the IMF report" / "Lavrov’s statement" just before a speech verb: the author."""
    m = _author_re().search(left)
    if m is None:
        return None
    return _name_phrase(m.group(1), offset + m.start(1))


@cache
def _document_by_re() -> re.Pattern[str]:
    return re.compile(
        rf"(?:a|an|the|his|her|their|its)\s+(?:[\w\-]+\s+){{0,3}}?"
        rf"(?:{_alt(lexicon().speech_nouns)})\s+(?:(?:by|from|of)\s+)?(?:the\s+)?({NAME_RUN})"
    )


def document_by(right: str, offset: int) -> Phrase | None:
    """ "according to a speech Mrs. Doe delivered", "… to a statement by the ministry"."""
    m = _document_by_re().match(right.lstrip())
    if m is None:
        return None
    return _name_phrase(m.group(1), offset + len(right) - len(right.lstrip()) + m.start(1))


def ends_with_speech_noun(left: str) -> bool:
    """ "… issued a statement" right before a participle ("calling", "saying")."""
    return _noun_end_re().search(left) is not None
