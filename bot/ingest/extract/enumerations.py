"""Enumerated points: "two conditions need to be met. First, … Second, …".

An announcing sentence (a count word and a plural like "conditions", "demands", "steps") and
the following sentences that open with ordinal markers (First, Second(ly), Third, Finally, 1.)
become one statement whose points are the marked sentences, in order. Boilerplate lines and
blank lines between the points are skipped. Statements found inside that span are merged.
"""

from __future__ import annotations

import re

from .confidence import Confidence
from .lexicon import lexicon
from .model import Draft
from .names import NAME_RUN
from .text import Layout

_ORD_RE = re.compile(
    r"^(?:(?P<word>First|Firstly|Second|Secondly|Third|Thirdly|Fourth|Fourthly|Fifth|Finally|"
    r"Lastly)\b,?|(?P<num>\d{1,2})[.)]|The (?P<the>first|second|third|fourth|fifth|last) "
    r"(?:one |condition |point |demand |step )?is\b)\s*"
)
_ATTRIB_RE = re.compile(
    rf"^(?:{NAME_RUN}|he|she|they)\s+(?:also\s+)?(?:said|added|noted|stressed|continued|insisted|"
    r"explained|argued|warned)(?:,\s*[^,]{1,60}?)?,\s*"
)


def _announce_re() -> re.Pattern[str]:
    lex = lexicon()
    counts = "|".join(sorted(map(re.escape, lex.count_words), key=len, reverse=True))
    nouns = "|".join(sorted(map(re.escape, lex.enumerable_nouns), key=len, reverse=True))
    # No \b after the noun: scraped text glues words ("two conditionsneed to be met").
    return re.compile(rf"\b(?:{counts})\s+(?:[\w\-]+\s+){{0,2}}?(?:{nouns})", re.IGNORECASE)


def enumerations(layout: Layout, drafts: list[Draft]) -> list[Draft]:
    announce = _announce_re()
    masked = layout.masked
    sentences: list[tuple[int, int]] = []
    for p in range(len(layout.paragraphs)):
        if not layout.boilerplate[p]:
            sentences.extend(layout.sentences(p))
    i = 0
    while i < len(sentences):
        ss, se = sentences[i]
        if not announce.search(masked, ss, se):
            i += 1
            continue
        points: list[tuple[int, int]] = []
        j = i + 1
        expected = 1
        while j < len(sentences):
            s, e = sentences[j]
            m = _ORD_RE.match(masked[s:e])
            if not m:
                # A sentence between points continues the current point.
                if (
                    points
                    and j + 1 < len(sentences)
                    and _ORD_RE.match(masked[slice(*sentences[j + 1])])
                ):
                    points[-1] = (points[-1][0], e)
                    j += 1
                    continue
                break
            word = (m.group("word") or m.group("the") or "").lower()
            n = lexicon().ordinals.get(word, int(m.group("num") or 0))
            if n != expected and n < 90:
                break
            ps = s + m.end()
            am = _ATTRIB_RE.match(masked[ps:e])
            if am:
                ps += am.end()
            pe = e
            while pe > ps and masked[pe - 1].isspace():
                pe -= 1
            points.append((ps, pe))
            expected += 1
            j += 1
            if n >= 90:
                break
        if len(points) < 2:
            i += 1
            continue
        drafts = _merge(layout, drafts, ss, se, points)
        i = j
    return drafts


def _merge(
    layout: Layout, drafts: list[Draft], ss: int, se: int, points: list[tuple[int, int]]
) -> list[Draft]:
    end = points[-1][1]
    inside = [d for d in drafts if ss <= d.start < end]
    if any(d.direct for d in inside):
        return drafts  # points inside quotations stay as quoted
    speaker = next((d for d in inside if d.person is not None or d.org), None)
    if speaker is None:
        return drafts  # a narrator's list ("two things to know: First …") is nobody's statement
    start = ss
    intro = next((d for d in inside if d.start < se), None)
    if intro is not None:
        start = intro.start
    merged = Draft(
        start,
        end,
        False,
        speaker.person,
        speaker.role,
        speaker.cue,
        Confidence.CUE_IN_SENTENCE,
        (ss, se),
        org=speaker.org,
        lemma="enumeration",
        points=points,
    )
    rest = [d for d in drafts if d not in inside]
    rest.append(merged)
    rest.sort(key=lambda d: d.start)
    return rest
