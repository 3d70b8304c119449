"""Statements of courtesy and procedure: greetings, thanks, welcome, handing over the floor.

Transcripts of meetings and visits are full of them ("Thank you, Mr President. I am glad to
meet you.", "I will now give the floor to Mr Rahmon."), and their words match many a
question ("what did the Armenian prime minister say at the anniversary summit"). They are
stored like any statement, but tagged `TAG` so that answers rank them below statements that
say as much with substance (bot.answer.features). A statement is a courtesy when it takes no
position (its kind is none of POSITION_KINDS) and most of its words are in short sentences the
lexicon (data/courtesy.json) calls courteous.

Here, below the store, so that a migration can tag statements stored before (0015).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from bot.resources import data_json, word_list
from bot.text.positions import POSITION_KINDS

TAG = "courtesy"

# A sentence ends at . ! ? or … before a space and a capital or an opening mark; not after an
# abbreviation the extractor's sentence splitter also knows ("Mr. President") or an initial
# ("Joseph R. Biden").
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’»)]*\s+(?=[A-Z\"“‘'«(])")
_WORD_BEFORE_STOP = re.compile(r"(\w+)\.$")
_ABBREVIATIONS = word_list("cues.json", "abbreviations")
_PARENTHESIS = re.compile(r"\([^()]*\)")


@dataclass(frozen=True)
class _Lexicon:
    courteous: re.Pattern[str]
    longest_words: int
    share: float


@cache
def _lexicon() -> _Lexicon:
    raw = data_json("courtesy.json")
    return _Lexicon(
        re.compile(r"\b(?:" + "|".join(raw["patterns"]) + r")\b"),
        raw["longest_words"],
        raw["share"],
    )


def is_courtesy(text: str, kind: str | None) -> bool:
    """Whether the statement is a courtesy: no position, and at least the lexicon's share
    of its words in courteous sentences of at most its longest_words words. What stands in
    parentheses is the editor's ("(Applause.)") and is left out."""
    if kind in POSITION_KINDS:
        return False
    lex = _lexicon()
    courteous = total = 0
    for sentence in sentences(_PARENTHESIS.sub(" ", text)):
        n = len(sentence.split())
        total += n
        if n <= lex.longest_words and lex.courteous.search(sentence.lower()):
            courteous += n
    return total > 0 and courteous >= lex.share * total


def tags(text: str, kind: str | None) -> list[str]:
    """The tags a statement is stored with."""
    return [TAG] if is_courtesy(text, kind) else []


def sentences(text: str) -> list[str]:
    """The text's sentences, stripped, none empty."""
    out: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        word = _WORD_BEFORE_STOP.search(text, start, m.start())
        if word is not None and (
            word.group(1).lower() in _ABBREVIATIONS
            or len(word.group(1)) == 1
            and word.group(1).isupper()
        ):
            continue
        out.append(text[start : m.start()].strip())
        start = m.end()
    out.append(text[start:].strip())
    return [s for s in out if s]
