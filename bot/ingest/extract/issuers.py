"""Documents a group or a body issues: their words are the issuer's, not a person's.

A joint statement, declaration or communiqué ("Joint Statement from President Biden and
Prime Minister Meloni", "G7 Leaders’ Statement on Ukraine", "Carbis Bay G7 Summit
Communiqué") has no single speaker: its "we" is the group, and its sentences are the
group's words, not the words of whichever office published it. A body's own statement
("Statement by the Ministry of Foreign Affairs of Ukraine on …", "NATO Statement on …",
"Comment by the Information and Press Department") is likewise the body's. Such a document
is known by its shape, never by who issued it:

- its title is headed by a document noun ("Statement", "Declaration", "Communiqué",
  "Comment") that is collective ("Joint …", "… Leaders’ …", a communiqué, signatories
  listed or named as a group: "… by the Leaders of …", "… by NATO Foreign Ministers") or a
  body's ("NATO Statement", "… by the Ministry of …": a body's head noun or an acronym);
- or its opening names the group speaking: "We, the leaders of the Group of Seven, …".

The issuer is named as the document names it: the title's signatories or body ("of/by/from
…", or the name before the noun), else the opening's "we, the …" apposition. A title that
only mentions a declaration ("… signed a Joint Declaration", "Remarks … Launching a Joint
Declaration") is about one, not one; a statement by a person ("Statement by President
Biden …") is that person's, read elsewhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.resources import word_list

from .confidence import Confidence
from .lexicon import lexicon
from .model import Draft
from .names import split_name
from .principal import MIN_PASSAGE_WORDS, chunk
from .text import MASK, Layout

_NOUNS = word_list("cues.json", "issued_document_nouns")
_COLLECTIVE = word_list("cues.json", "collective_heads")
_BODY_HEADS = word_list("names.json", "body_heads")
_NOUN_RE = re.compile(rf"\b(?P<noun>{'|'.join(map(re.escape, _NOUNS))})\b", re.IGNORECASE)
_JOINT_RE = re.compile(r"\bjoint(?:\s+press)?\s*$", re.IGNORECASE)
_LEADERS_RE = re.compile(r"\b(?:(?P<joint>joint)\s+)?(?P<who>leaders)[’']?\s*$", re.IGNORECASE)
# What may stand before the noun of a title the noun heads: a group's name, capitalised
# ("G7", "United States-Republic of Korea", "CARBIS BAY G7 SUMMIT"), with its small words.
_NAME_SMALL = frozenset({"of", "the", "and", "de", "–", "-", "&"})
# The signatories after the noun: "of/by/from (the) …", after the topic ("on Air Defenses
# by …") or the occasion ("following the meeting of …", "following a call between …") when
# those come first; a topic's own "of" ("on the Future of …") names no one.
_AFTER_RE = re.compile(
    r"^\s*(?:on\s+.+?\s+(?=(?:by|from)\s)|(?:following|after)\s+.+?\s+)?(?:issued\s+)?"
    r"(?:of|by|from|between)\s+(?:the\s+)?(?P<who>.+)$",
    re.IGNORECASE,
)
# Where the signatories end: the topic, the occasion, a subtitle, a date.
_WHO_END_RE = re.compile(
    r"\s+(?:on|following|at|in|regarding|concerning|after|during|to)\s+|\s*[:–—]\s*|,\s*\d"
)
# "We, the leaders of the Group of Seven (G7), met …": the group the document speaks as.
_WE_THE_RE = re.compile(r"\b[Ww]e,\s+the\s+")
_OPENING_PARAGRAPHS = 3
# A signatories phrase longer than this, made of titled people, is shown as their names.
_LONG_WORDS = 10
# The document is the issuer's text: as sure as a principal's passage of a statement.
_CONFIDENCE = Confidence.CONTEXT
# A body's name is at most this long ("Ministry of Foreign Affairs of the Republic of …").
_BODY_WORDS = 10
# "NATO", "OSCE", "G7": an acronym names a body.
_ACRONYM_LETTERS = 6
# The longest group name kept whole: a speaker's key (its name as a slug) holds 128 characters.
_LONGEST = 120


@dataclass(frozen=True)
class Issuer:
    """Who a document speaks for, and the document's noun, shown as their role."""

    name: str  # "G7 Leaders", "President Biden and Prime Minister Meloni", "NATO"
    noun: str  # "joint statement", "communiqué", "declaration", "statement"
    kind: str  # "group" (signatories) or "body"


def issuer(title: str | None, layout: Layout) -> Issuer | None:
    """The group or body whose document this is, or None for any other document."""
    titled = _from_title(title) if title else None
    opening = _from_opening(layout)
    if titled is not None:
        name, noun, kind = titled
        if name is None:
            return Issuer(opening or "Signatories", noun, "group")
        return Issuer(name, noun, kind)
    if opening is not None:
        return Issuer(opening, "joint statement", "group")
    return None


def _from_title(title: str) -> tuple[str | None, str, str] | None:
    """(issuer or None, noun, kind) when a collective or a body's document noun heads the
    title."""
    for segment in title.split(":"):
        for m in _NOUN_RE.finditer(segment):
            before, after = segment[: m.start()], segment[m.end() :]
            joint_at = _JOINT_RE.search(before)  # "… Leaders’ Joint Statement"
            if joint_at is not None:
                before = before[: joint_at.start()]
            leaders = _LEADERS_RE.search(before)  # "… Joint Leaders’ Statement"
            if leaders is not None:
                before = before[: leaders.start()]
            joint = joint_at is not None or bool(leaders and leaders.group("joint"))
            group = before.strip(" ,")
            if not _names_a_group(group):
                continue  # "Remarks by … Launching a Joint Declaration": about one
            noun = m.group("noun").lower()
            communique = noun.startswith("communiqu")
            who = _after_noun(after)
            if group and leaders:
                group = f"{group} Leaders"
            if joint or leaders or communique or _collective(who):
                name = group or who
                if group and who and _a_body(who):
                    name = f"{group} {who}"  # "U.S.-EU" + "Trade and Technology Council"
                kind = f"joint {noun}" if joint and not communique else noun
                return (_tidy(name) if name else None, kind, "group")
            body = group if _a_body(group) else who if _a_body(who) else None
            if body is not None:
                return (_tidy(body), noun, "body")  # "NATO Statement on …"
            # "Statement by President Biden on …", "Chair’s Statement": a person's
    return None


def _names_a_group(before: str) -> bool:
    """Nothing but a capitalised name before the noun: "G7", "Japan-U.S.", "" (the noun
    opens the title); not "Remarks by President Biden at an Event Launching a"."""
    for token in before.split():
        if token.lower() in _NAME_SMALL:
            continue
        if not (token[:1].isupper() or token[:1].isdigit()):
            return False
    words = before.split()
    if words and re.search(r"[’']s$", words[-1]):
        return False  # "Chair’s Statement": one person's
    return not words or words[0].lower() not in _NAME_SMALL


def _a_body(phrase: str | None) -> bool:
    """ "Trade and Technology Council", "Ministry of Foreign Affairs of Ukraine", "NATO": a
    body's name, its head noun last before any "of", or an acronym; not an office
    ("Press Secretary") nor a person ("Secretary of State Antony Blinken")."""
    if not phrase or len(phrase.split()) > _BODY_WORDS:
        return False
    if phrase.isupper() and " " not in phrase and len(phrase.strip(".")) <= _ACRONYM_LETTERS:
        return True
    head = re.split(r"\s+of\s+", phrase, maxsplit=1)[0].split()
    return bool(head) and head[-1].lower() in _BODY_HEADS


def _after_noun(after: str) -> str | None:
    m = _AFTER_RE.match(after)
    if m is None:
        return None
    who = _WHO_END_RE.split(m.group("who"), maxsplit=1)[0].strip(" ,.")
    return who or None


def _collective(who: str | None) -> bool:
    """Whether the phrase names several signatories: a group of office-holders by its head
    ("the Leaders of the Five Nuclear-Weapons States", "NATO Foreign Ministers"), or a list
    of parties ("President Biden and Prime Minister Meloni"); not one person with their
    office ("H.E. Mr. Karl Brandt, Minister for Foreign Affairs of …")."""
    if not who:
        return False
    if _headed_by_a_group(who.lower()):
        return True
    # "Information and Press Department" is one body, its name holding an "and".
    return not _a_body(who) and _parties(who) >= 2


def _parties(phrase: str) -> int:
    """How many parties a list names. An office after a person's name is that person's
    ("Anna Kovalenko, Permanent Representative of …"), and a short name after such an
    office continues its place ("… of the United Kingdom of Great Britain and Northern
    Ireland")."""
    count = 0
    previous = ""  # "person", "apposition" or "other"
    for item in _LIST_RE.split(phrase.strip()):
        words = item.split()
        if not words:
            continue
        title, name = split_name(item)
        # A name, not an office's place: "Anna Kovalenko", "President Biden"; not "President
        # of Ukraine" nor "Permanent Representative of Ruritania".
        named = (
            bool(name)
            and not title.endswith((" of", " the"))
            and not name.startswith(("of ", "the "))
            and " of " not in name
        )
        office_only = not named and (bool(title) or _office_first(words))
        if office_only and previous == "person":
            previous = "apposition"  # the office of the name before it
        elif previous == "apposition" and not _office_first(words) and len(words) <= 2:
            pass  # the place of that office runs on
        else:
            count += 1
            previous = "person" if named else "other"
    return count


def _office_first(words: list[str]) -> bool:
    """The item opens with an office ("Minister for …", "the President of …")."""
    lex = lexicon()
    first = words[1] if words[0].lower() == "the" and len(words) > 1 else words[0]
    bare = first.rstrip(".,")
    return bare in lex.titles or bare.lower() in lex.role_nouns


def _headed_by_a_group(phrase: str) -> bool:
    """ "leaders of …", "heads of state …", "g7 foreign ministers": the phrase's head (its
    first words, or its last before an "of") is a group of office-holders."""
    head = phrase.split(" of ", 1)[0]
    return any(
        head == group or head.startswith(group + " ") or head.endswith(" " + group)
        for group in _COLLECTIVE
    )


def _from_opening(layout: Layout) -> str | None:
    """The group a "We, the …," apposition in the opening paragraphs names, when its head
    is a group of office-holders ("the leaders of …", "the Heads of State …")."""
    text = layout.text
    last = min(len(layout.paragraphs), _OPENING_PARAGRAPHS)
    if not last:
        return None
    end = layout.paragraphs[last - 1][1]
    for m in _WE_THE_RE.finditer(text, 0, end):
        who = _name_run(text, m.end(), end)
        if _headed_by_a_group(who.lower()):
            return _tidy(who)
    return None


_RUN_TOKEN_RE = re.compile(r"\s*(\([^()]*\)|[^\s,()]+|,)")


def _name_run(text: str, start: int, end: int) -> str:
    """The phrase from ``start`` while it names: the collective head, then capitalised
    words, commas and parentheses with their small words ("leaders of the European
    Commission, France, …, and the United States"), up to the first other lower-case word
    (the verb: "condemn", "met")."""
    words: list[str] = []
    pos = start
    while pos < end:
        m = _RUN_TOKEN_RE.match(text, pos, end)
        if m is None:
            break
        token = m.group(1)
        low = token.lower()
        if words and token[:1].islower() and low not in _NAME_SMALL and low not in {"and", "of"}:
            break
        if not words and not any(low.startswith(h.split()[0]) for h in _COLLECTIVE):
            break
        words.append(token)
        pos = m.end()
    while words and (words[-1] == "," or words[-1].lower() in _NAME_SMALL):
        words.pop()
    return re.sub(r"\s+,", ",", " ".join(words))


def _tidy(name: str) -> str:
    """The group's name as a speaker's: a leading "the" dropped, the first letter and an
    all-capitals title ("CARBIS BAY G7 SUMMIT") capitalised as a name; a long list of
    titled people ("U.S. President Joseph R. Biden, Dutch Prime Minister Dick Schoof, …")
    shortened to their names."""
    name = re.sub(r"^the\s+", "", name.strip(" ,.’'"), flags=re.IGNORECASE)
    name = re.sub(r"[’']$", "", name)
    if name.isupper() and len(name.split()) > 1:
        name = " ".join(w if _acronym(w) else w.capitalize() for w in name.split())
    name = name[:1].upper() + name[1:]
    if len(name.split()) > _LONG_WORDS:
        name = _people(name) or name
    if len(name) > _LONGEST:
        # "Boris Johnson, Prime Minister of the United Kingdom of … and …": past what a
        # speaker's name may hold, the first signatory stands for the rest.
        name = f"{_LIST_RE.split(name, maxsplit=1)[0]} and others"
    return name


def _acronym(word: str) -> bool:
    return any(c.isdigit() for c in word) or len(word.strip(".")) <= 2


_LIST_RE = re.compile(r",\s*(?:and\s+)?|\s+and\s+")


def _people(phrase: str) -> str | None:
    """ "Biden, Schoof and Zelenskyy"-style names of a list whose every item is a titled
    person; None when any item is not."""
    names = []
    for item in _LIST_RE.split(phrase):
        title, name = split_name(item.strip())
        if not title or not 2 <= len(name.split()) <= 4 or " of " in f" {name} ":
            return None  # no title, or "Republic of Germany Olaf Scholz": not read apart
        names.append(name)
    if len(names) < 2:
        return None
    return ", ".join(names[:-1]) + " and " + names[-1]


def issuer_passages(
    layout: Layout, by: Issuer, drafts: list[Draft], claimed: list[tuple[int, int]]
) -> list[Draft]:
    """Every sentence of the document that no other statement takes is the issuer's, in
    passages: the document is their text, so its words are shown as theirs, with the
    document's noun ("joint statement") as their role."""
    taken = sorted([d.context for d in drafts] + claimed)
    masked = layout.masked
    runs: list[list[tuple[int, int]]] = [[]]
    for p in range(len(layout.paragraphs)):
        if layout.boilerplate[p]:
            continue
        for s, e in layout.sentences(p):
            if MASK * 3 in masked[s:e] or any(a < e and b > s for a, b in taken):
                runs.append([])  # a quotation of someone else, or a sentence reporting one:
                continue  # a passage never runs across it
            runs[-1].append((s, e))
    passages = [(s, e) for run in runs for s, e in chunk(layout, run)]
    return [
        Draft(s, e, True, None, by.noun, None, _CONFIDENCE, (s, e), by.name, issuer=by.kind)
        for s, e in passages
        if len(layout.text[s:e].split()) >= MIN_PASSAGE_WORDS
    ]
