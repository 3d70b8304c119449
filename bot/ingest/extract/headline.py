"""The headline: a document's short first line, and who speaks in the quotations it holds.

Headlines attribute in their own shorthand: "Lavrov: ‘We are ready to talk’", "A lesson from
Jane Doe: ‘Be heard’", "Obama Sees ‘Personal Insult’ if …", "Smith Calls Plan ‘A Disgrace’".
Title-case headlines capitalise their verbs, so the cue finder accepts a capitalised speech
verb there; what has no cue is given to the name before a colon, or to a person the body
introduces whose name opens the headline.
"""

from __future__ import annotations

import re

from .after import parse_after_verb
from .lexicon import lexicon
from .names import NAME_RUN, is_org, names_an_office, split_name
from .speakers import Person, Registry
from .text import Layout

_MAX_HEADLINE = 220
_COLON_NAME_RE = re.compile(rf"({NAME_RUN})(?:’s|'s)?\s*:\s*$")
_LEAD_LABEL_RE = re.compile(rf"\s*({NAME_RUN})\s*:\s")
_WORD_RE = re.compile(r"[^\W\d_][\w’'\-]*")


def headline_para(layout: Layout) -> int | None:
    """0 when the first paragraph is a headline: short, one line, followed by a body."""
    if len(layout.paragraphs) < 2 or layout.boilerplate[0]:
        return None
    s, e = layout.paragraphs[0]
    line = layout.text[s:e]
    if e - s > _MAX_HEADLINE or "\n" in line:
        return None
    if len(layout.sentences(0)) > 2:
        return None
    return 0


def is_title_case(line: str) -> bool:
    """Most words of four letters or more are capitalised: "Obama Sees ‘Personal Insult’"."""
    words = [w for w in _WORD_RE.findall(line) if len(w) >= 4]
    if len(words) < 3:
        return False
    return sum(w[0].isupper() for w in words) >= 0.75 * len(words)


def headline_speaker(
    layout: Layout, reg: Registry, hs: int, q_open: int
) -> tuple[Person | None, str | None, str] | None:
    """(person, organisation, role) for a headline quotation that has no speech cue."""
    masked = layout.masked
    lead = masked[hs:q_open]
    m = _COLON_NAME_RE.search(lead) or _LEAD_LABEL_RE.match(lead)
    if m:
        opening = _known_opening(m.group(1), reg)
        if opening is not None:
            return opening  # "Jane Doe Slams Plan: ‘…’": the known person before the verb
        title, name = split_name(m.group(1))
        if name and name not in lexicon().question_labels:
            if len(name.split()) == 1 and not title:
                p = reg.lookup_surname(name, q_open)
                if p is not None:
                    return p, None, ""
                return None, name, ""  # "Politifact: …" names an outlet or a body
            if is_org(name):
                return None, name, ""
            return reg.person(name, title), None, title
    return _known_opening(lead, reg)


def _known_opening(lead: str, reg: Registry) -> tuple[Person | None, str | None, str] | None:
    """A person of the body whose name (or surname) opens the headline: "Obama Sees …"."""
    tokens = _WORD_RE.findall(lead)[:4]
    for k in range(len(tokens), 0, -1):
        cand = re.sub(r"[’']s$", "", " ".join(tokens[:k]))
        if not cand[:1].isupper():
            continue
        for p in reg.people:
            if p.name == cand or (k == 1 and p.surname == cand and len(p.name.split()) > 1):
                return p, None, ""
    return None


_SPEECH_BY_RE = re.compile(
    r"\b(?:[Aa]ddress|[Ss]peech|[Rr]emarks|[Ss]tatement|[Mm]essage|[Ww]ords|[Gg]reeting|"
    r"[Aa]ppeal|[Aa]rticle|[Ii]nterview)\s+(?:by|of)\s+(?:the\s+)?"
    r"(.+?)(?=\s+(?:to|at|in|on|during|before|for|with)\s|[,.:;(]|\s[-–—]\s|$)"
)


def title_speaker(title: str | None, reg: Registry) -> Person | None:
    """The speaker a title names for a speech: "Address by the President of Ukraine", "Speech
    by Head of the Office of the President Andriy Yermak at …"."""
    m = _SPEECH_BY_RE.search(title or "")
    if m is None:
        return None
    phrase = m.group(1).strip()
    ph = parse_after_verb(phrase, 0)
    if (
        ph is not None
        and ph.kind == "name"
        and len(ph.name.split()) >= 2
        and not names_an_office(ph.name)
    ):
        return reg.person(ph.name, ph.role)
    # "Speech by DRC Minister of Mines": an office, whose holder the text or the page names.
    return reg.by_role(phrase, 10**9)
