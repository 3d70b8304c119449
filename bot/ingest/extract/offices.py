"""Titles and offices: which title marks a person, and whether two roles name one office."""

from __future__ import annotations

import re
from functools import cache

from bot.resources import data_json, word_list
from bot.text.particles import name_particles

from .lexicon import lexicon

_WEAK_TITLES = word_list("cues.json", "weak_titles")


def strong_title(title: str) -> bool:
    """A title that marks a person ("Sen.", "Foreign Minister"), not an adjective ("National")."""
    return any(t.rstrip(".") not in _WEAK_TITLES for t in title.split() if t not in {"of", "the"})


_GENERIC_PLACE = frozenset(
    "the of and for republic federation federative kingdom state states united people".split()
)


def complement(role: str) -> set[str]:
    """Stems of the "of …" complement of a role: "President of Russia" -> {"russi"}."""
    parts = re.split(r"\s+of\s+", role.lower(), maxsplit=1)
    if len(parts) < 2:
        return set()
    words = re.findall(r"[a-z]{3,}", re.sub(r"[’']s\b", "", parts[1]))
    return {w[:5] for w in words if w not in _GENERIC_PLACE}


def same_office(comp: set[str], roles: list[str]) -> bool:
    if not comp:
        return True
    known = [c for c in (complement(r) for r in roles) if c]
    return not known or any(c <= comp or comp <= c for c in known)


def states_office(comp: set[str], roles: list[str]) -> bool:
    """One of ``roles`` names the office ``comp`` describes, not only a compatible title."""
    return bool(comp) and any(c and (c <= comp or comp <= c) for c in map(complement, roles))


def role_before(before: str) -> str:
    m = re.search(r"((?:[\w’'\-]+\s+){0,4}[\w’'\-]+)\s+$", before)
    if not m:
        return ""
    words = m.group(1).split()
    # Keep from the last determiner or possessive onwards: "Putin’s spokesman".
    for k in range(len(words) - 1, -1, -1):
        w = words[k]
        if w.lower() in {"the", "a", "an", "his", "her", "their"} or w.endswith(("’s", "'s")):
            return " ".join(words[k:])
        if w[:1].isupper() and k < len(words) - 1 and not words[k - 1 : k]:
            return " ".join(words[k:])
    return " ".join(words[-3:]) if len(words) > 2 else " ".join(words)


# Words that join an office's parts: "Adviser to the President of Ukraine on Economic Issues".
_LINKS = frozenset({"of", "on", "for", "to", "the"})
_PREPS = frozenset({"of", "on", "for", "to"})
# Lower-case words that never sit inside a title: they end the walk back from a name.
_NOT_IN_TITLE = frozenset(
    "a an and or but by with at in from as than that this these those who which whose when while "
    "said says told was were is are be been has have had will would who after before during "
    "into about against between his her its their our my your also not alongside including "
    "like such via under over among across through despite near toward towards within without "
    "amid since until behind beyond upon met held heard sent gave made took spoke wrote "
    "thanked".split()
)
_TITLE_TOKEN_RE = re.compile(r"\S+")
_GLUED_RE = re.compile(r"(?:[.\d]|[a-z]{3})([A-Z][\w’'\-]*)$")
# Particles inside names: "Ursula von der Leyen" has no title "… von der".
_PARTICLES = name_particles()
# Common nouns that a name of an organisation, not of a person, follows.
_ORG_NOUNS = word_list("names.json", "organisation_nouns")


@cache
def _role_openers() -> frozenset[str]:
    """First words of the role nouns of several words: "foreign" (minister), "press"."""
    return frozenset(r.split()[0] for r in lexicon().role_nouns if " " in r)


def _modifier(word: str) -> bool:
    """A lower-case word that can open or qualify a title: "foreign" (minister), "deputy"."""
    lex = lexicon()
    return word in lex.role_nouns or word.capitalize() in lex.titles or word in _role_openers()


def _has_role_noun(words: list[str]) -> bool:
    roles = lexicon().role_nouns
    return any(
        " ".join(words[k : k + n]) in roles for n in (1, 2, 3) for k in range(len(words) - n + 1)
    )


def title_before(text: str, pos: int) -> str:
    """The title written right before the name at ``pos``: the longest run of capitalised and
    role words, with "of/on/for/to the …" complements, that ends there and is headed by a role
    noun. "This was stated by Adviser to the President of Ukraine on economic issues Oleh
    Ustenko" -> "Adviser to the President of Ukraine on economic issues"; "US secretary of state
    Antony Blinken" -> "US secretary of state"; "" when no title ends at ``pos``."""
    start = max(0, pos - 200)
    window = text[start:pos]
    if not window or not window[-1].isspace() or "\n" in window[-2:]:
        return ""
    tokens: list[str] = []
    for m in reversed(list(_TITLE_TOKEN_RE.finditer(window))):
        tok = m.group()
        gap = window[m.end() : m.end() + 3] if tokens else window[m.end() :]
        if "\n" in gap:
            break
        glued = _GLUED_RE.search(tok)
        if glued:
            # "…at Camp Baird.Prime minister", "22 Mar 202210.05UK prime minister": text run
            # together (a live blog's timestamps); the title starts after the seam.
            tokens.append(glued.group(1))
            break
        if not re.fullmatch(r"[^\W\d_][\w’'\-]*|(?:[A-Z]\.)+", tok):
            break  # a comma, a quotation, a sentence's end: the title ends there
        low = tok.lower()
        # "and" may join the parts of an office's complement ("Secretary of Health and Human
        # Services"); ``_valid_title`` decides whether it does.
        if low == "and" and not joins_complement(tokens[::-1]):
            break  # "… and Prime Minister": another office starts after it
        if tok[0].islower() and low != "and" and (low in _NOT_IN_TITLE or not tok.isalpha()):
            break
        tokens.append(tok)
        if len(tokens) >= 16:
            break
    tokens.reverse()
    for i in range(len(tokens)):
        phrase = _valid_title(tokens[i:])
        if phrase:
            return phrase
    return ""


def _valid_title(tokens: list[str]) -> str:
    lex = lexicon()
    if not tokens:
        return ""
    first, last = tokens[0], tokens[-1]
    if first.lower() in _LINKS or last.lower() in _LINKS or "and" in (first, last):
        return ""
    opener = first in lex.time_words and first not in lex.titles  # "On", not "Under"
    if first[0].isupper() and (opener or first in _SKIP_OPENERS):
        return ""
    if first[0].islower() and not _modifier(first):
        return ""
    if last in _ORG_NOUNS or last in _PARTICLES or re.search(r"[’']s?$", last):
        # "a member of the aid group Médecins Sans Frontières": an organisation's name;
        # "Commissioner for Children's Rights": a possessive owns a noun, not a name.
        return ""
    head: list[str] = []
    in_complement = False
    for k, tok in enumerate(tokens):
        low = tok.lower()
        if low == "and" and not (in_complement and joins_complement(tokens[k + 1 :])):
            # "President Jane Doe and Prime Minister", "the head of the council and deputy":
            # "and" joins two people or two offices, not two parts of one complement.
            return ""
        if low in _PREPS:
            in_complement = True
            continue
        if not in_complement:
            # "EU’s foreign policy chief", "Plenary session moderator": after a capitalised
            # word, nouns qualify the role; a bare lower-case start is a modifier ("deputy"),
            # never a verb ("stated adviser", "Putin meets prime minister").
            opener = first[0].isupper() or (_modifier(first) and first not in lex.role_nouns)
            noun = opener and not re.search(r"(?:s|ed|ing|ly)$", low)
            if low in _LINKS or (tok[0].islower() and not _modifier(low) and not noun):
                return ""
            head.append(re.sub(r"(?:’s|'s)$", "", low))
        elif tok[0].islower() and low not in _LINKS and re.search(r"(?:ed|ing|ly)$", low):
            return ""
    # Headed by a role noun before any complement: "Deputy Head", "Kremlin spokesman".
    if not _has_role_noun(head):
        return ""
    return " ".join(tokens)


def joins_complement(after: list[str]) -> bool:
    """The words after an "and" inside an office's complement continue it ("… Security and
    Defense Council", "… of Trade and Industry") rather than start another office ("… and
    Prime Minister", "… and deputy"): none of them is a title that marks a person or a role
    noun."""
    lex = lexicon()
    return bool(after) and not any(
        (t.rstrip(".") in lex.titles and t.rstrip(".") not in _WEAK_TITLES)
        or t.lower() in lex.role_nouns
        for t in after
    )


# Capitalised words that open a sentence or clause but are no part of a title.
_SKIP_OPENERS = frozenset({"Asked", "Addressing", "Speaking", "Meanwhile", "Separately"})


@cache
def _spouse_offices() -> dict[str, dict[str, str]]:
    raw = data_json("cues.json")["spouse_offices"]
    return {office: kin for office, kin in raw.items() if not office.startswith("_")}


@cache
def _spouse_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    offices = "|".join(map(re.escape, _spouse_offices()))
    kin = "|".join(sorted({k for ks in _spouse_offices().values() for k in ks}))
    return (
        # "the wife of the President of Utopia"
        re.compile(rf"(?i)^(the\s+)?({kin})\s+of\s+(?:the\s+)?({offices})\b(.*)$"),
        # "the President's wife"
        re.compile(rf"(?i)^(the\s+)?({offices})[’']s\s+({kin})$"),
    )


def spouse_office(phrase: str) -> str:
    """The office a description of a spouse names ("the wife of the President of Utopia" ->
    "the First Lady of Utopia", "the President's wife" -> "the First Lady"); the phrase
    itself when it describes none."""
    of_form, owned_form = _spouse_res()
    if m := of_form.match(phrase):
        det, kin, office, rest = m.groups()
    elif m := owned_form.match(phrase):
        det, office, kin = m.groups()
        rest = ""
    else:
        return phrase
    title = _spouse_offices()[office.lower()].get(kin.lower())
    return f"{'the ' if det else ''}{title}{rest}" if title else phrase
