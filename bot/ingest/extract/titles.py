"""People a document's title names: "Remarks by President Biden and Prime Minister Lee Hsien
Loong of Singapore", "Statement from National Security Advisor Jake Sullivan on …".

Titles are written in title case, so a run of capitalised words is no name: "President Biden
Before Marine One Departure" is President Biden and then what he did. A titled person is
office words, then one to four name words, ending at the first word that cannot be part of a
name in a title: a preposition or conjunction ("Before", "On", "And"), a gerund after the
name ("Announcing"), a word naming the event ("Call", "Meeting", "Visit"), a possessive
("Biden’s"), a comma or other punctuation. A generational suffix stays with its name
("Joseph R. Biden, Jr." is "Joseph R. Biden Jr."); initials are kept.

The speaker of a speech, statement or readout is the first titled person after the phrase that
says so ("Remarks by", "Statement from", "Readout of").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from bot.resources import word_list
from bot.text.particles import honorifics, name_particles

from .lexicon import lexicon
from .names import GENERATIONAL_SUFFIXES, INITIAL_RE, is_org

_BREAK_WORDS = frozenset(
    "Before After On At In During With Aboard En Route To For And Of From Upon Via Following "
    "Ahead Regarding About Amid Into Over Across Through Toward Towards Against Between Vs "
    "The A An As By Or Nor But Than Who Whose That This These Those Today Tonight".split()
)
_EVENT_WORDS = word_list("cues.json", "title_event_words")
_TOKEN_RE = re.compile(r"[^\s,;:()\[\]\"“”]+|[,;:()\[\]\"“”]")
_POSSESSIVE_RE = re.compile(r"(?:’s|'s|’|')$")
_SPEAKER_LEAD_RE = re.compile(
    r"\b(?:Remarks|Statement|Statements|Readout|Address|Speech|Message|Letter|Op-Ed|Interview|"
    r"Words|Greeting|Appeal|Article|Testimony|Toast|Eulogy)"
    r"(?:\s+as\s+Prepared\s+for\s+Delivery)?\s+(?:by|from|of)\s+(?:the\s+)?",
    re.IGNORECASE,
)
MAX_NAME_WORDS = 4


@dataclass(frozen=True)
class TitledPerson:
    office: str  # "Prime Minister", "" when the title gives only a name
    name: str  # "Lee Hsien Loong", "Biden", "Joseph R. Biden Jr."
    start: int  # offset of the office (or the name) in the title
    possessive: bool = False  # "President Biden’s Call with …"


def title_people(title: str | None) -> list[TitledPerson]:
    """Everyone the title names, in order: office words followed by a name."""
    if not title:
        return []
    tokens = [(m.group(), m.start()) for m in _TOKEN_RE.finditer(title)]
    out: list[TitledPerson] = []
    i = 0
    while i < len(tokens):
        k, run, possessive = _capitalised_run(tokens, i)
        person = _split_run(run, tokens[i][1], possessive) if run else None
        if person is not None:
            suffix = _suffix(tokens, k)
            if suffix:
                name = f"{person.name} {suffix[0]}"
                person = TitledPerson(person.office, name, person.start, possessive)
                k = suffix[1]
            out.append(person)
        i = max(k, i + 1)
    return out


def _capitalised_run(tokens: list[tuple[str, int]], i: int) -> tuple[int, list[str], bool]:
    """(index after the run, its words, whether it ended in a possessive): capitalised words
    (with "of", "the" and name particles inside) up to the first word no title name holds."""
    run: list[str] = []
    k = i
    while k < len(tokens):
        word = tokens[k][0]
        if run and (word in _PARTICLES or word in {"of", "the"}):
            run.append(word)
            k += 1
            continue
        if not word[:1].isupper() or word in _BREAK_WORDS or word in _EVENT_WORDS:
            break
        if (run and _is_gerund(word)) or word in _TITLE_VERBS:
            break
        if _is_acronym(word) and not _is_office(word):
            break  # "U.S.", "NATO", "G7": an acronym is no part of a person's name
        stripped = _POSSESSIVE_RE.sub("", word)
        if stripped != word:
            run.append(stripped)
            k += 1
            trimmed = _trim(run)
            return k, trimmed, len(trimmed) == len(run)
        run.append(word)
        k += 1
    trimmed = _trim(run)
    return k - (len(run) - len(trimmed)), trimmed, False


def ends_a_name(word: str) -> bool:
    """A title's word that no name runs on to: a preposition or an event ("In", "Conference")."""
    return word in _BREAK_WORDS or word in _EVENT_WORDS


def _is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def _trim(run: list[str]) -> list[str]:
    while run and (run[-1] in _PARTICLES or run[-1] in {"of", "the"}):
        run = run[:-1]
    return run


def _is_office(word: str) -> bool:
    lex = lexicon()
    bare = word.rstrip(".")
    return bare in lex.titles or bare.lower() in lex.role_nouns


def _split_run(run: list[str], at: int, possessive: bool) -> TitledPerson | None:
    """Office words, then the name. The office is the run's leading title words ("Secretary
    of State"); a title word further on restarts it ("National Economic Council Director
    Brian Deese"). After an office with an "of" complement the name is the last two name
    words ("Director of Communications Kate Bedingfield"); otherwise an "of" ends the name
    ("President Niinistö of the Republic of Finland")."""
    k = 0
    while k < len(run) and (_is_office(run[k]) or (k and run[k] in {"of", "the"})):
        k += 1
    inner = [j for j in range(k, len(run) - 1) if _is_office(run[j])]
    if inner:
        k = inner[-1] + 1
    office, name = run[:k], run[k:]
    words = [w for w in name if w not in _PARTICLES]
    if office and office[-1] in {"of", "the"} and len(words) < 3:
        return None  # "President of Utopia": the complement is a place, no name follows
    if "of" in office or (not office and len(words) > 2):
        # Without an office, a longer run is a description before the name: "… for
        # Strategic Communications John Kirby".
        initials = any(INITIAL_RE.fullmatch(w) for w in name)
        keep = _last_name_words(name, 3 if initials else 2)
        # The words dropped before the name belong to an office only after one.
        extra = name[: len(name) - keep] if office else []
        office, name = office + extra, name[len(name) - keep :]
    elif "of" in name or "the" in name:
        name = name[: min(name.index(w) for w in ("of", "the") if w in name)]
    while office and office[-1] in {"of", "the"}:
        office = office[:-1]
    words = [w for w in name if w not in _PARTICLES]
    if not words or len(words) > MAX_NAME_WORDS or (not office and len(words) < 2):
        return None
    if "of" in office and len(words) < 2:
        return None  # "the Minister of Foreign Affairs": the complement's last word, no name
    if name[0] in {"of", "the"} or (len(words) == 1 and is_org(words[0])):
        return None  # "at the National Council of …", "House of Representatives of Cyprus"
    if any(_is_acronym(w) and not INITIAL_RE.fullmatch(w) for w in words):
        return None
    return TitledPerson(" ".join(office), " ".join(name), at, possessive)


_TITLE_VERBS = word_list("cues.json", "title_verbs")


def _last_name_words(name: list[str], n: int) -> int:
    """How many of the name's last words hold ``n`` words that are no particles."""
    count = seen = 0
    for w in reversed(name):
        count += 1
        if w not in _PARTICLES:
            seen += 1
            if seen == n:
                break
    return count


_PARTICLES = name_particles()


def _is_gerund(word: str) -> bool:
    return len(word) >= 7 and word.endswith("ing") and word.lower() in _common_gerunds()


@cache
def _common_gerunds() -> frozenset[str]:
    """ "Announcing", "Highlighting": everyday words; "Jinping", "Fleming" are not."""
    from wordfreq import top_n_list

    return frozenset(w for w in top_n_list("en", 30_000) if w.endswith("ing"))


def _suffix(tokens: list[tuple[str, int]], k: int) -> tuple[str, int] | None:
    """ "Jr." after the name, with or without a comma before it."""
    if k < len(tokens) and tokens[k][0] in GENERATIONAL_SUFFIXES:
        return tokens[k][0], k + 1
    if k + 1 < len(tokens) and tokens[k][0] == "," and tokens[k + 1][0] in GENERATIONAL_SUFFIXES:
        return tokens[k + 1][0], k + 2
    return None


def title_speaker_person(title: str | None) -> TitledPerson | None:
    """The speaker of a speech, statement or readout the title names: "Remarks by President
    Biden on …", "Statement from National Security Advisor Jake Sullivan on …", "Readout
    of President Biden’s Call with …": the person right after the lead words, who must have
    an office unless nothing stands between ("Statement of the Trade and Technology
    Council" names a body, not a person)."""
    if not title:
        return None
    m = _SPEAKER_LEAD_RE.search(title)
    if m is None:
        return _possessive_speaker(title)
    # Courtesy before the name is no office, and stands between nothing: "Statement by H.E.
    # Mr. Karl Brandt".
    lead_end = m.end()
    while (courtesy := _COURTESY_RE.match(title, lead_end)) is not None:
        lead_end = courtesy.end()
    for person in title_people(title):
        if person.start >= m.end() - 1:
            if not person.office and person.start > lead_end:
                return None
            return _with_office_after(title, person)
    return None


# "H.E.", "His Excellency", "Mr.", "Dr": a courtesy, not an office.
_COURTESY_RE = re.compile(
    r"(?:H\.\s?E\.|(?:His|Her)\s+Excellency|"
    + "|".join(rf"{re.escape(h.capitalize())}\.?" for h in sorted(honorifics()))
    + r")\s+"
)
# The office in an apposition after the name: "…, Minister for Foreign Affairs of Nordvik,
# at the General Debate": up to the next comma, or the occasion ("at", "to", "before").
_OFFICE_AFTER_RE = re.compile(
    r",\s+(?:the\s+)?(?P<office>[^,]+?)(?=\s*,|\s+(?:at|to|before|on)\s|$)"
)


def _with_office_after(title: str, person: TitledPerson) -> TitledPerson:
    """The person, with the office an apposition after their name gives when the words
    before it gave none but a courtesy ("H.E. Mr. Karl Brandt, Minister for …")."""
    if person.office and person.office.rstrip(".").lower() not in honorifics():
        return person
    at = title.find(person.name, person.start)
    after = _OFFICE_AFTER_RE.match(title, at + len(person.name)) if at >= 0 else None
    if after is None or not _is_office(after.group("office").split()[0]):
        return person
    return TitledPerson(after.group("office"), person.name, person.start, person.possessive)


# What a person's possessive in a title may own to make them its speaker: "Secretary
# Blinken’s Op-Ed in …", "President Kovalenko’s Address to the Nation", "Prime Minister
# Karl Brandt's speech at …" (titles in sentence case too).
_OWNED_SPEECH_RE = re.compile(
    r"(?:’s|'s|’|')\s+(?:[A-Z][\w-]*\s+){0,2}?(?i:remarks|statement|address|speech|message|"
    r"letter|op-ed|interview|article|testimony|toast|eulogy)\b"
)


def _possessive_speaker(title: str) -> TitledPerson | None:
    """The person whose speech or writing the title says it is, by a possessive: someone
    with an office or a full name, right before what they own ("Secretary Blinken’s Op-Ed");
    "President Biden’s Call with …" is an event, not their words."""
    for person in title_people(title):
        if not person.possessive:
            continue
        at = title.find(person.name, person.start)
        if at < 0 or not _OWNED_SPEECH_RE.match(title, at + len(person.name)):
            return None
        if person.office or len(person.name.split()) >= 2:
            return person
        return None
    return None
