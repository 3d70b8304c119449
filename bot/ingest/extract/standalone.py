"""Quoted paragraphs that stand alone, with no quotation marks, after their speaker's intro.

Scraped articles often lose the block-quote markup: "Peskov was cited by TASS, saying that …"
is followed by a paragraph of Peskov's own words. Such a paragraph is taken as a direct
statement only when all of these hold (the rule is deliberately conservative):

- the previous content paragraph (boilerplate lines skipped) ends with an attributed
  statement of a person — its last sentence carries a speech cue;
- the paragraph has no quotation marks, no speech cue of its own and reads as speech: first-
  or second-person language; or, in a document that uses no double quotation marks at all
  (so quotes *must* have lost their marks), present-tense text with no past-tense narration;
- it is not a heading (it ends a sentence) and it is of paragraph size.

A second paragraph may continue the same speech if it also speaks in the first person.
"""

from __future__ import annotations

import re

from .confidence import Confidence
from .lexicon import lexicon
from .model import Draft
from .quotes import QuoteSpan
from .text import Layout

_PAST_RE = re.compile(
    r"\b(?:was|were|had|did|said|told|went|came|took|made|gave|began|became|left|met|"
    r"[a-z]{3,}(?<!need)(?<!speed)(?<!indeed)(?<!feed)(?<!seed)ed)\b"
)
_THIRD_START_RE = re.compile(r"^(?:He|She|They|It was|The [a-z]+ (?:was|were|said))\b")


def _speechlike(para: str, no_double_marks: bool) -> bool:
    if lexicon().in_person(para):
        return True
    return bool(no_double_marks and not _PAST_RE.search(para) and not _THIRD_START_RE.match(para))


def standalone(
    layout: Layout, drafts: list[Draft], quotes: list[QuoteSpan], claimed: list[tuple[int, int]]
) -> list[Draft]:
    text = layout.text
    lex = lexicon()
    no_double = not any(q.double for q in quotes)
    quoted = [(q.open, q.close) for q in quotes]
    by_para: dict[int, list[Draft]] = {}
    for d in drafts:
        by_para.setdefault(layout.para_of(d.start), []).append(d)
    out: list[Draft] = []
    prev_speech: Draft | None = None  # the standalone paragraph just accepted
    for p, (ps, pe) in enumerate(layout.paragraphs):
        if layout.boilerplate[p]:
            continue
        para = text[ps:pe]
        intro = prev_speech
        prev_speech = None
        ip = layout.prev_content_para(p)
        if intro is None and ip >= 0 and by_para.get(ip):
            last = by_para[ip][-1]
            sents = layout.sentences(ip)
            if last.person is not None and sents and last.context[0] >= sents[-1][0] - 1:
                intro = last
        if intro is None or by_para.get(p):
            continue
        if any(a < pe and b > ps for a, b in quoted) or any(a <= ps < b for a, b in claimed):
            continue
        if not 20 <= len(para) <= 1500:
            continue
        if para[-1] not in ".!?…" and not (
            len(para.split()) >= 8 and lex.first_person_re.search(para)
        ):
            continue  # a heading, unless it is a long first-person line that lost its stop
        if _has_cue(layout, ps, pe):
            continue
        if not _speechlike(para, no_double):
            continue
        fp = bool(lex.first_person_re.search(para) or lex.second_person_re.search(para))
        conf = Confidence.CONTEXT_CLOSE if fp else Confidence.CONTEXT_LOOSE
        d = Draft(ps, pe, True, intro.person, intro.role, None, conf, intro.context)
        out.append(d)
        if fp:
            prev_speech = d
    return out


def _has_cue(layout: Layout, ps: int, pe: int) -> bool:
    """An inflected speech verb ("said", "adds"); bare forms ("say", "offer") are too often
    nouns or part of the speech itself."""
    lex = lexicon()
    for m in lex.verbs(layout.masked, ps, pe):
        word = m.group()
        if word[0].islower() and lex.verb_lemma[word] != word:
            return True
    return False
