"""British and American spellings of one word: "recognised" / "recognized", "defence" /
"defense", "mobilisation" / "mobilization".

The store holds both (the Kremlin's and the Guardian's English is British, the White
House's American), and a user types either, so a question's word also finds the other
spelling. The stemmer does not join them ("recognis" / "recogn", "defenc" / "defens"), and
the pairs are a dictionary, not a rule ("promise" and "four" have no other spelling):
breame's table of about 1,700 pairs.
"""

from __future__ import annotations

from functools import cache, lru_cache

from bot.text.analysis import stem


@cache
def _pairs() -> tuple[dict[str, str], dict[str, str]]:
    from breame.data.spelling_constants import (
        AMERICAN_ENGLISH_SPELLINGS,
        BRITISH_ENGLISH_SPELLINGS,
    )

    return BRITISH_ENGLISH_SPELLINGS, AMERICAN_ENGLISH_SPELLINGS


def other_spellings(word: str) -> frozenset[str]:
    """The word's other spellings, British or American (lower-case word in, words out)."""
    british_to_american, american_to_british = _pairs()
    found = {british_to_american.get(word), american_to_british.get(word)} - {None, word}
    return frozenset(w for w in found if w)


@lru_cache(maxsize=20_000)
def spelling_stems(word: str) -> frozenset[str]:
    """Stems of the word's other spellings that differ from its own stem ("recognised" ->
    {"recogn"}; "travelled" -> {}, since "traveled" stems alike)."""
    own = stem(word)
    return frozenset(s for w in other_spellings(word) if (s := stem(w)) != own)
