"""How much a role makes its holder's words count: the office level a digest ranks by
(bot.schedule.significance) and the review queue orders by (bot.review.queue).

Heads of state or government, foreign and defence ministers, spokespeople of a ministry or
presidency, ambassadors and heads of international organisations lead (`TOP`); other
officials (ministers, MPs, governors, advisers, a government speaking as a body) come next
(`OFFICIAL`); witnesses, analysts, commentators, former office-holders and speakers whose
role is unknown come last (`OTHER`). Read from the role with the office phrases of the
question gazetteer (data/question_words.json) and the word lists of data/roles.json, so
"Kremlin spokesman" and "US secretary of state" are the offices they are, and "Deputy
Foreign Minister" is not the foreign minister.
"""

from __future__ import annotations

import re
from enum import IntEnum
from functools import cache, lru_cache

from bot.resources import ordered_words, word_list
from bot.text.analysis import fold
from bot.text.roles import offices


class Office(IntEnum):
    """How much a speaker's office makes their words news (higher leads)."""

    OTHER = 0  # witnesses, analysts, commentators, former office-holders, unknown roles
    OFFICIAL = 1
    TOP = 2


# Offices of the gazetteer that lead a digest (its keys in question_words.json "roles"),
# plus the phrases naming heads of international organisations and of ministries'
# press offices that the question gazetteer does not list.
_TOP_OFFICES = ordered_words("roles.json", "top_offices")
_TOP_EXTRA = ordered_words("roles.json", "top_offices_extra")
# Words that make the rest of a role someone else's office: "Deputy Foreign Minister" is
# not the foreign minister, "former Chancellor" holds no office now.
_LESSER = frozenset({"deputy", "vice", "assistant", "under", "acting"})
_FORMER = frozenset({"former", "ex", "retired", "erstwhile", "late"})
_OFFICIAL_WORDS = word_list("roles.json", "official_words")
_NON_OFFICIAL_WORDS = word_list("roles.json", "non_official_words")
_SPLIT = re.compile(r"\s*(?:,|;|\band\b|\s&\s)\s*", re.IGNORECASE)
_TOKEN = re.compile(r"[a-z0-9]+")


@cache
def _top_phrases() -> tuple[tuple[str, ...], ...]:
    known = offices().by_office
    phrases = {form for office in _TOP_OFFICES for form in known.get(office, ())}
    phrases |= {tuple(p.split()) for p in _TOP_EXTRA}
    # Longest first, so "secretary general" is read before "secretary".
    return tuple(sorted(phrases, key=len, reverse=True))


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(fold(text).replace("’", "'"))


def _part_level(tokens: list[str]) -> Office:
    if not tokens:
        return Office.OTHER
    if _FORMER & set(tokens) or _NON_OFFICIAL_WORDS & set(tokens):
        return Office.OTHER
    for phrase in _top_phrases():
        n = len(phrase)
        for i in range(len(tokens) - n + 1):
            if tuple(tokens[i : i + n]) == phrase and not _LESSER & set(tokens[:i]):
                return Office.TOP
    return Office.OFFICIAL if _OFFICIAL_WORDS & set(tokens) else Office.OTHER


@lru_cache(maxsize=8192)  # a digest reads thousands of statements of a few hundred roles
def office_level(role: str | None, speaker_kind: str = "person", has_entity: bool = True) -> Office:
    """Who: the office a role names. A role naming two ("MP and former officer") counts by
    its best part; a government or organisation speaking as a body, with no role, is an
    official voice of its side; a person with no stored role is not counted as one. The
    signatories of a joint statement speak for their governments together: an official
    voice, whatever their role (the document's noun, "joint statement") says."""
    if speaker_kind == "group":
        return Office.OFFICIAL
    if role and role.strip():
        parts = _SPLIT.split(role)
        return max((_part_level(_tokens(part)) for part in parts), default=Office.OTHER)
    if speaker_kind != "person" and has_entity:
        return Office.OFFICIAL
    return Office.OTHER
