"""Is an extracted speaker name a person (or institution) worth a Speaker row?

The extractor proposes names from syntax; some are place names, role phrases or demonyms
("French President", "Russian Baltic", "of Kazakhstan"). A speaker the store cannot trust
would be offered to users as someone "who said" things, so new names must look like a
person's: two or more capitalised words, none of them a demonym, role word or place (a
country's name may be a surname: "Lisa Monaco").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from bot.resources import data_json, word_list
from bot.text.analysis import bare_role, fold
from bot.text.gazetteer import curated_forms, form, load_gazetteer
from bot.text.particles import honorifics, name_particles

# Lower-case particles that belong inside names ("Ursula von der Leyen", "bin Zayed").
_PARTICLES = name_particles()
_HONORIFICS = honorifics()
_SENTENCE_END = re.compile(r"[^\W\d_]{2,}\.")
_SUFFIXES = frozenset({"jr.", "sr."})
_NOT_A_ROLE = re.compile(r"[#“”\"]|\d{2}:\d{2}")


@dataclass(frozen=True)
class _NonNameWords:
    anywhere: frozenset[str]  # role nouns, organisation words, demonyms, curated places
    first: frozenset[str]  # other country names and capitals: a surname when last
    phrases: frozenset[str]  # every entity name, alias and demonym, whole


@cache
def _non_name_words() -> _NonNameWords:
    """Words that make a "name" a description.

    Role nouns, organisation words, demonyms and the one-word names and aliases of the
    gazetteer's own entities ("Kremlin", "Washington") do so anywhere. The other country
    names, capitals and spellings the country package gives do so as the first word ("Kabul
    Airport"); as the last, after a word that is no place, they are a surname ("Lisa Monaco",
    "Jim Jordan"). Country names that are also given names (also_personal_names: "Jordan",
    "Chad") do so nowhere ("Jordan Peterson", "Chad Wolf"); a lone "Jordan" has one word,
    too few for a new person, and a whole entity name ("Sri Lanka") is never one.
    """
    cues = data_json("cues.json")
    anywhere: set[str] = set()
    for phrase in cues.get("role_nouns", []) + cues.get("organisation_words", []):
        anywhere.update(fold(phrase).split())
    gaz = load_gazetteer()
    personal = {fold(n) for n in gaz.personal_names}
    own = curated_forms()
    first: set[str] = set()
    phrases: set[str] = set()
    for entity in gaz.entities:
        listed = own.get(entity.key)  # None: a country only the package gives
        for phrase in (entity.name, *entity.aliases, *entity.demonyms):
            phrases.add(_phrase(phrase))
            word = fold(phrase)
            if len(phrase.split()) != 1 or word in personal:
                continue
            if phrase in entity.demonyms or (
                # The gazetteer's own entities keep their names blocked everywhere.
                listed is not None and (phrase == entity.name or form(phrase) in listed)
            ):
                anywhere.add(word)
            else:
                first.add(word)
    anywhere.update(word_list("names.json", "description_words"))
    return _NonNameWords(frozenset(anywhere), frozenset(first - anywhere), frozenset(phrases))


def _phrase(text: str) -> str:
    text = " ".join(fold(text).split())
    return text[4:] if text.startswith("the ") else text


# The head nouns of bodies that speak: "Human Rights Watch", "Urban League", "Clean Water
# Action". A name ending in one is an organisation, not a person; laws, plans, outlets and
# places (Act, Plan, News, Street) end names too but never speak.
_BODY_HEADS = word_list("names.json", "body_heads")


def plausible_new_body(name: str) -> bool:
    """A name the store may keep as an organisation speaking: two to six capitalised words
    ending in a body's head noun ("Human Rights Watch")."""
    tokens = name.split()
    if not 2 <= len(tokens) <= 6 or len(name) > 80 or not tokens[0][:1].isupper():
        return False
    if any(ch.isdigit() or ch in "#@/:" for ch in name):
        return False
    return fold(tokens[-1]).strip(".,’'") in _BODY_HEADS and all(
        t[:1].isupper() or fold(t) in _PARTICLES or t in {"of", "for", "and", "the"} for t in tokens
    )


def plausible_new_speaker(name: str) -> bool:
    tokens = name.split()
    if len(tokens) < 2 or len(tokens) > 5 or len(name) > 80:
        return False
    if not tokens[0][:1].isupper() or any(ch.isdigit() or ch in "#@/:" for ch in name):
        return False
    if any(len(t) >= 3 and t.isalpha() and t.isupper() for t in tokens):
        return False  # "NSW Rail", "DNSA Pyle": an acronym is no part of a person's name
    if last_sentence(name) != name:
        return False  # two people's names run together across a full stop
    blocked = _non_name_words()
    if _phrase(name) in blocked.phrases:
        return False  # "Costa Rica", "Arab League": a country or organisation, whole
    last = len(tokens) - 1
    for i, token in enumerate(tokens):
        word = fold(token).strip(".,’'")
        if word in _PARTICLES:
            continue
        if not token[:1].isupper() or word in blocked.anywhere or word in _HONORIFICS:
            return False
        if word in blocked.first and i != last:
            return False
    return True


def last_sentence(name: str) -> str:
    """The part of an extracted name after the last full stop that ends a word: "Frank-Walter
    Steinmeier. Dmitry Kozak" (a transcript's label read together with the sentence before
    it) is Dmitry Kozak. An initial ("George W. Bush") or a suffix ("Jr.") ends no sentence."""
    tokens = name.split()
    for i in range(len(tokens) - 2, -1, -1):
        if _SENTENCE_END.fullmatch(tokens[i]) and fold(tokens[i]) not in _SUFFIXES:
            return " ".join(tokens[i + 1 :])
    return name


def clean_role(role: str | None) -> str | None:
    """The role phrase as the source states it, or None when the extractor's phrase carries
    quotation residue, timestamps or only an honorific ("Mr"). What a title never opens
    with goes: a dash or other punctuation, an article ("- Kremlin spokesman", "a spokesman
    for the National Guard")."""
    if not role:
        return None
    role = bare_role(role)
    if _NOT_A_ROLE.search(role) or fold(role).strip(".") in _HONORIFICS:
        return None
    return role[:300] or None
