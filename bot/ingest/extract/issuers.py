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
from .issuer_names import NAME_SMALL, name_run, parties, tidy
from .lexicon import lexicon
from .model import Draft
from .principal import MIN_PASSAGE_WORDS, chunk
from .text import MASK, Layout

_NOUNS = word_list("cues.json", "issued_document_nouns")
_COLLECTIVE = word_list("cues.json", "collective_heads")
_BODY_HEADS = word_list("names.json", "body_heads")
_NOUN_RE = re.compile(rf"\b(?P<noun>{'|'.join(map(re.escape, _NOUNS))})\b", re.IGNORECASE)
_JOINT_RE = re.compile(r"\bjoint(?:\s+press)?\s*$", re.IGNORECASE)
_LEADERS_RE = re.compile(r"\b(?:(?P<joint>joint)\s+)?(?P<who>leaders)[’']?\s*$", re.IGNORECASE)
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
# The document is the issuer's text: as sure as a principal's passage of a statement.
_CONFIDENCE = Confidence.CONTEXT
# A body's name is at most this long ("Ministry of Foreign Affairs of the Republic of …").
_BODY_WORDS = 10
# "NATO", "OSCE", "G7": an acronym names a body.
_ACRONYM_LETTERS = 6


@dataclass(frozen=True)
class Issuer:
    """Who a document speaks for, and the document's noun, shown as their role."""

    name: str  # "G7 Leaders", "President Biden and Prime Minister Meloni", "NATO"
    noun: str  # "joint statement", "communiqué", "declaration", "statement"
    kind: str  # "group" (signatories) or "body"


def issuer(title: str | None, layout: Layout) -> Issuer | None:
    """The group or body whose document this is, or None for any other document."""
    titled = _from_title(title) if title else None
    if titled is not None:
        name, noun, kind = titled
        if name is None:  # "Joint Statement on Further Measures": the opening names them
            return Issuer(_from_opening(layout) or "Signatories", noun, "group")
        return Issuer(name, noun, kind)
    opening = _from_opening(layout)
    return Issuer(opening, "joint statement", "group") if opening is not None else None


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
                return (tidy(name) if name else None, kind, "group")
            body = group if _a_body(group) else who if _a_body(who) else None
            if body is not None:
                return (tidy(body), noun, "body")  # "NATO Statement on …"
            # "Statement by President Biden on …", "Chair’s Statement": a person's
    return None


def _names_a_group(before: str) -> bool:
    """Nothing but a capitalised name before the noun: "G7", "Japan-U.S.", "" (the noun
    opens the title); not "Remarks by President Biden at an Event Launching a"."""
    for token in before.split():
        if token.lower() in NAME_SMALL:
            continue
        if not (token[:1].isupper() or token[:1].isdigit()):
            return False
    words = before.split()
    if words and re.search(r"[’']s$", words[-1]):
        return False  # "Chair’s Statement": one person's
    return not words or words[0].lower() not in NAME_SMALL


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
    return not _a_body(who) and parties(who) >= 2


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
        who = name_run(text, m.end(), end)
        if _headed_by_a_group(who.lower()):
            return tidy(who)
    return None


# A line of asterisks, dashes or hashes alone: the end of one text on a page.
_SEPARATOR_RE = re.compile(r"\s*(?:[*#~_—–-]\s*){3,}")


def _goes_on(layout: Layout, p: int) -> bool:
    """After a separator line, the issuers still speak ("We depart Camp David …"): a rule
    between parts of one statement, not the end of it."""
    q = layout.next_content_para(p)
    return q < len(layout.paragraphs) and lexicon().in_person(layout.masked, *layout.paragraphs[q])


def issuer_passages(
    layout: Layout,
    by: Issuer,
    drafts: list[Draft],
    claimed: list[tuple[int, int]],
    title: str | None = None,
) -> list[Draft]:
    """Every sentence of the document that no other statement takes is the issuer's, in
    passages: the document is their text, so its words are shown as theirs, with the
    document's noun ("joint statement") as their role; up to a separator line ("* * *")
    after which no one speaks in the first person: the page holds other matter there. The
    title, printed again as the first paragraph, is no one's words."""
    taken = sorted([d.context for d in drafts] + claimed)
    masked = layout.masked
    heading = " ".join((title or "").split()).casefold()
    runs: list[list[tuple[int, int]]] = [[]]
    for p in range(len(layout.paragraphs)):
        if layout.boilerplate[p]:
            continue
        if (
            heading
            and " ".join(layout.text[slice(*layout.paragraphs[p])].split()).casefold() == heading
        ):
            continue
        if _SEPARATOR_RE.fullmatch(layout.text, *layout.paragraphs[p]) and not _goes_on(layout, p):
            break  # "* * *": what follows is other matter (a news report of the meeting)
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
