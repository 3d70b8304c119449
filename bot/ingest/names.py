"""Is an extracted speaker name a person (or institution) worth a Speaker row?

The extractor proposes names from syntax; some are place names, role phrases or demonyms
("French President", "Russian Baltic", "of Kazakhstan"). A speaker the store cannot trust
would be offered to users as someone "who said" things, so new names must look like a
person's: two or more capitalised words, none of them a demonym, role word or place.
"""

from __future__ import annotations

import json
import re
from functools import cache

from bot.answer.analysis import fold
from bot.answer.gazetteer import load_gazetteer
from bot.resources import data_dir

# Lower-case particles that belong inside names ("Ursula von der Leyen", "bin Zayed").
_PARTICLES = frozenset("von van der den de da di du la le al el bin ibn y dos das del".split())
_HONORIFICS = frozenset("mr mrs ms miss dr gen sir madam mx prof".split())
_NOT_A_ROLE = re.compile(r"[#“”\"]|\d{2}:\d{2}")


@cache
def _non_name_words() -> frozenset[str]:
    """Words that make a "name" a description: demonyms, entity names, role nouns."""
    cues = json.loads((data_dir() / "cues.json").read_text(encoding="utf-8"))
    words: set[str] = set()
    for phrase in cues.get("role_nouns", []) + cues.get("organisation_words", []):
        words.update(fold(phrase).split())
    gaz = load_gazetteer()
    for entity in gaz.entities:
        for phrase in (entity.name, *entity.aliases, *entity.demonyms):
            if len(phrase.split()) == 1:
                words.add(fold(phrase))
    words.update(
        "island city region oblast state republic sea river street square centre center "
        "office ministry government service press national federal western eastern "
        "northern southern european asian african baltic humanitarian".split()
    )
    return frozenset(words)


def plausible_new_speaker(name: str) -> bool:
    tokens = name.split()
    if len(tokens) < 2 or len(tokens) > 5 or len(name) > 80:
        return False
    if not tokens[0][:1].isupper() or any(ch.isdigit() or ch in "#@/:" for ch in name):
        return False
    blocked = _non_name_words()
    for token in tokens:
        word = fold(token).strip(".,’'")
        if word in _PARTICLES:
            continue
        if not token[:1].isupper() or word in blocked or word in _HONORIFICS:
            return False
    return True


def clean_role(role: str | None) -> str | None:
    """The role phrase as the source states it, or None when the extractor's phrase carries
    quotation residue, timestamps or only an honorific ("Mr")."""
    if not role:
        return None
    role = " ".join(role.split())
    if _NOT_A_ROLE.search(role) or fold(role).strip(".") in _HONORIFICS:
        return None
    return role[:300] or None
