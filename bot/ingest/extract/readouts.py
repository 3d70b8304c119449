"""Reported speech in readouts: "President Biden strongly condemned Russia’s attack …".

A readout of a call or a meeting reports what each side said in the office's words, with
verbs of position that take a noun rather than a "that" clause: condemned, reaffirmed,
underscored, welcomed, urged, expressed, pledged. Each such sentence whose subject is a person
of the document is that person's reported speech: the words from the verb (with an adverb
before it: "strongly condemned") to the sentence's end, so what the person did with the words
stays part of them. A sentence the other passes already took (a quotation, a "that" clause)
is left to them. Never shown as a quotation: the words are the office's.

The readout's own official (its principal, or else its ``host``: whom the title opens with)
is "the Minister" of a sentence that names no one, and speaks a sentence both sides speak
("Both ministers agreed that …") when it says more than keeping in touch.
"""

from __future__ import annotations

import re

from .confidence import Confidence
from .model import Draft
from .names import parse_subject
from .speakers import Person, Registry
from .text import MASK, Layout
from .titles import title_people

# Past forms: readouts narrate. "called for" needs its particle (a call is also an event).
_READOUT_VERB_RE = re.compile(
    r"\b(?:(?:strongly|also|again|further|firmly|warmly|both|jointly)\s+)?"
    r"(?P<verb>condemned|reaffirmed|affirmed|underscored|underlined|welcomed|urged|emphasi[sz]ed|"
    r"stressed|expressed|pledged|reiterated|highlighted|committed|called\s+for|praised|"
    r"commended|voiced|conveyed|denounced|rejected|demanded|insisted|warned|noted|"
    r"confirmed|agreed|discussed|raised|thanked|assured|offered|proposed|supported|requested|"
    r"congratulated|invited|called\s+on)\b"
)
# Words of a title that come after its subject: "Minister Vos meets Chinese Minister …",
# "Foreign Secretary's call with …". A person named after one is the guest.
_TITLE_AFTER_SUBJECT_RE = re.compile(
    r"\b(?:meets?|met|receives?|received|hosts?|hosted|calls?|call|talks?|spoke|speaks|with|"
    r"and|welcomes?|visits?)\b",
    re.IGNORECASE,
)


# The subject of a sentence both sides speak in ("Both ministers agreed …", "The Deputy
# Secretary and the Foreign Minister agreed …"), after any lead-in ("During the call, ").
_JOINT_SUBJECT_RE = re.compile(
    r"(?:^|,\s+)(?:(?:[Bb]oth|[Tt]he(?:\s+two)?)\s+(?:ministers|leaders|sides|presidents|"
    r"delegations|secretaries|parties|governments|counterparts|participants|prime\s+ministers|"
    r"heads\s+of\s+state)|[Tt]he\s+[A-Z][\w\- ]{0,40}\s+and\s+(?:both|the|his|her)\s+"
    r"[\w\- ]{0,40}|[Tt]hey|[Bb]oth)\s*$"
)
# How far into a sentence its verb may stand: a lead-in and a subject ("During the call,
# President Biden and Chancellor Scholz").
_SUBJECT_CHARS = 120
# Shorter than this, the words say nothing on their own ("agreed to stay in touch").
_MIN_WORDS = 5
# Both sides' agreement says something of the official's own only when it is more than
# keeping in touch ("agreed to remain in close contact"): "agreed that attacks on the port
# must stop at once".
_MIN_JOINT_WORDS = 8
_CONFIDENCE = Confidence.CONTEXT_CLOSE
_TRAIL = " .;:"


def readout_reports(
    layout: Layout, reg: Registry, drafts: list[Draft], claimed: list[tuple[int, int]]
) -> list[Draft]:
    masked = layout.masked
    taken = sorted([(d.start, d.end) for d in drafts] + claimed)
    out: list[Draft] = []
    for p in range(len(layout.paragraphs)):
        if layout.boilerplate[p]:
            continue
        for s, e in layout.sentences(p):
            if any(a < e and b > s for a, b in taken) or MASK * 3 in masked[s:e]:
                continue
            verb = _READOUT_VERB_RE.search(masked, s, min(e, s + _SUBJECT_CHARS))
            if verb is None:
                continue
            left = masked[s : verb.start()]
            person, role = None, ""
            joint = _JOINT_SUBJECT_RE.search(left) is not None
            if joint:
                # "Both ministers agreed that …", "The Secretary and the Foreign Minister
                # agreed …": what the readout's own official agreed to.
                person = reg.principal or reg.host
                role = person.roles[0] if person is not None and person.roles else ""
            else:
                subject = parse_subject(left, s)
                if subject is not None and subject.kind in ("name", "pronoun", "role"):
                    person, role = reg.resolve(subject, verb.start(), create=False)
            if person is None:
                continue
            end = s + len(masked[s:e].rstrip(_TRAIL))
            if len(masked[verb.start() : end].split()) < (
                _MIN_JOINT_WORDS if joint else _MIN_WORDS
            ):
                continue
            lemma = verb.group("verb").split()[0]
            out.append(Draft(verb.start(), end, False, person, role, lemma, _CONFIDENCE, (s, e)))
    return out


def host(title: str | None, reg: Registry) -> Person | None:
    """Whose office writes a readout that names no principal: the person its title opens with
    ("Minister Vos meets Chinese Minister of Commerce Wang Dongsheng", "Readout of Deputy
    Secretary Prescott's meeting with …"), else the person the text names first (the lead's
    "State Minister of Finance Nirmala Jayasekara met …"). The other side is named when it
    speaks ("Minister Wang stated …"); "the Minister" alone is the host."""
    for titled in title_people(title or ""):
        if _TITLE_AFTER_SUBJECT_RE.search(title or "", 0, titled.start):
            break
        known = reg.known_person(titled.name)
        if known is not None:
            return known
    mentioned = [(min(map(abs, p.mentions)), p) for p in reg.people if p.mentions]
    return min(mentioned, key=lambda pair: pair[0])[1] if mentioned else None
