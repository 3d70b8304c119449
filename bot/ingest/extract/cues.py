"""Speech cues in one sentence: the verb (or "according to") and who it is attributed to."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import lexicon
from .names import NAME_RUN, Phrase, is_org, parse_after_verb, parse_subject
from .speakers import Person, Registry

_ACCORDING_RE = re.compile(r"\b[Aa]ccording to\s+")
_CITED_RE = re.compile(
    r"\b(?:was|were|is|has been|had been)\s+(?:cited|quoted)\b[^,]{0,60},?\s*(?:as\s+)?$"
)
_ADVERBIAL_RE = re.compile(r"^(?:[\w’'\-]+\s+){0,20}?[\w’'\-]+,\s+")
_NAME_RE = re.compile(rf"(?<![\w’'\-]){NAME_RUN}")
_PRONOUN_START_RE = re.compile(r"^(He|She)\b")
_MODAL_BEFORE_RE = re.compile(
    r"\b(?:will|would|could|can|may|might|must|should|did|do|does|to|I|we|you|they|We|They)"
    r"\s+(?:[a-z]+ly\s+|not\s+|also\s+)?$"
)
# Forms that are verbs whatever precedes them (not "comments", "states", "calls" …).
_CLEAR_FORMS = frozenset(
    {
        "said",
        "says",
        "told",
        "added",
        "wrote",
        "stated",
        "noted",
        "explained",
        "argued",
        "claimed",
        "insisted",
        "warned",
        "stressed",
        "declared",
        "announced",
        "tweeted",
        "replied",
        "responded",
        "continued",
        "acknowledged",
        "admitted",
        "asserted",
        "emphasised",
        "emphasized",
        "suggested",
        "signalled",
        "signaled",
        "confirmed",
    }
)
_NOT_SUBJECT = frozenset(
    {
        "the",
        "a",
        "an",
        "to",
        "of",
        "in",
        "on",
        "at",
        "for",
        "and",
        "or",
        "that",
        "this",
        "which",
        "who",
        "his",
        "her",
        "their",
        "its",
        "our",
        "was",
        "were",
        "be",
        "been",
        "is",
        "are",
        "had",
        "has",
        "have",
        "would",
        "will",
        "could",
        "should",
        "not",
        "also",
        "with",
        "by",
        "s",
    }
)
# Inverted attributions ("…," said Trump) use a handful of verbs only.
_INVERTING = frozenset(
    {
        "say",
        "add",
        "ask",
        "write",
        "continue",
        "explain",
        "note",
        "tell",
        "reply",
        "respond",
        "insist",
        "conclude",
        "declare",
        "warn",
        "argue",
        "quip",
        "recall",
        "counter",
        "joke",
        "tweet",
        "state",
    }
)


@dataclass
class Cue:
    start: int  # the verb (or "according to") span
    end: int
    word: str  # as written
    lemma: str
    phrase: Phrase
    person: Person | None
    role: str
    inverted: bool = False  # speaker after the verb
    org: str | None = None  # an organisation as speaker ("the Kremlin said")


def _subject_of_sentence(masked: str, s: int, upto: int) -> Phrase | None:
    """The grammatical subject at the start of a sentence ("On Monday, Putin’s spokesman
    Dmitry Peskov …, saying")."""
    head = masked[s:upto]
    adv = _ADVERBIAL_RE.match(head)
    # An opening adverbial ("On the same day, …", "With Democratic leaders worried …, …")
    # starts with a preposition or adverb; "House Speaker Paul Ryan, R-Wis., …" does not.
    first = head.split(None, 1)[0] if head.strip() else ""
    skip = adv.end() if adv and first in lexicon().time_words else 0
    pm = _PRONOUN_START_RE.match(head[skip:])
    if pm:
        word = pm.group(1)
        return Phrase("pronoun", word, gender="m" if word == "He" else "f", pos=s + skip)
    for m in _NAME_RE.finditer(head, skip):
        if m.start() > skip + 80:
            break
        if head.startswith(("’s", "'s"), m.end()):
            continue  # "Putin’s spokesman Dmitry Peskov": the possessive is not the subject
        ph = parse_subject(head[: m.end()], s)
        if ph is not None:
            return ph
    return None


def find_cues(masked: str, s: int, e: int, reg: Registry) -> list[Cue]:
    """Every speech cue in the sentence ``masked[s:e]`` that has a speaker phrase."""
    lex = lexicon()
    cues: list[Cue] = []
    for m in lex.verb_re.finditer(masked, s, e):
        word = m.group()
        if word[0].isupper() and m.start() != s:
            continue  # "the Washington Post", "State" … are names, not verbs
        lemma = lex.verb_lemma[word.lower()]
        left = masked[s : m.start()]
        if word.lower() == lemma and not _MODAL_BEFORE_RE.search(left):
            continue  # a bare form ("the Russian state", "a phone call") is a noun here
        if left.rstrip().endswith(("’s", "'s")):
            continue  # "Lavrov's comments"
        ph: Phrase | None = None
        inverted = False
        if word.lower().endswith("ing") and left.rstrip().endswith((",", "--", "—")):
            cm = _CITED_RE.search(left.rstrip())
            if cm:
                ph = parse_subject(left[: cm.start()], s)
            elif cues and cues[-1].phrase.kind != "other":
                # "X said …, adding that …": the participle shares the main verb's subject.
                prev = cues[-1]
                cues.append(
                    Cue(
                        m.start(),
                        m.end(),
                        word,
                        lemma,
                        prev.phrase,
                        prev.person,
                        prev.role,
                        False,
                        prev.org,
                    )
                )
                continue
            else:
                ph = _subject_of_sentence(masked, s, m.start())
        if ph is None:
            ph = parse_subject(left, s)
        if ph is None and lemma in _INVERTING:
            prev = left.rstrip()[-1:] if left.strip() else ""
            if prev in {",", '"', "”", "’", "'", "»", "#", "—", "–"} or not left.strip():
                ph = parse_after_verb(masked[m.end() : min(e, m.end() + 160)], m.end())
                inverted = ph is not None
        if ph is None:
            # A cue whose subject is no person ("officials said", "the statement says") still
            # claims the quotation next to it, so that it is not given to someone else.
            last = re.search(r"([A-Za-z]+)\s*$", left)
            if last and word in _CLEAR_FORMS and last.group(1).lower() not in _NOT_SUBJECT:
                ph = Phrase("other", last.group(1), pos=s + last.start(1))
                cues.append(Cue(m.start(), m.end(), word, lemma, ph, None, ""))
            continue
        person, role = reg.resolve(ph, ph.pos if ph.pos >= 0 else m.start())
        org = ph.name if ph.kind == "name" and person is None and is_org(ph.name) else None
        cues.append(Cue(m.start(), m.end(), word, lemma, ph, person, role, inverted, org))
    for m in _ACCORDING_RE.finditer(masked, s, e):
        ph = parse_after_verb(masked[m.end() : min(e, m.end() + 160)], m.end())
        if ph is None:
            continue
        person, role = reg.resolve(ph, ph.pos)
        org = ph.name if ph.kind == "name" and person is None and is_org(ph.name) else None
        cues.append(
            Cue(m.start(), m.end() - 1, "according to", "according to", ph, person, role, True, org)
        )
    cues.sort(key=lambda c: c.start)
    return cues
