"""A newspaper's interview printed as questions and answers with no labels.

"Jane Doe, the foreign minister, told the Review in an interview …" opens the piece; then
each question is a paragraph ending with "?" and the answer follows it, unlabelled, up to
the next question. The answers are the interviewee's own words: each paragraph after a
question that speaks in the first or second person ("we", "I", "our", "you"). A paragraph
that does not (an editor's prompt stated without a question mark: "Some in Washington
believe …") is left alone, so a prompt is never put in the interviewee's mouth.

Read only where the document has no transcript turns, its opening names the interviewee at
a cue in a sentence about an interview (or the title names whose interview it is: "Interview
of Deputy Minister X to the agency"), and at least ``_MIN_QUESTIONS`` paragraphs are
questions. A question may be set in italics ("*… ?*"); an answer opening with a dialogue
dash ("— This is a historic day …"), as ministries print translated interviews, is the
interviewee's whatever its person.
"""

from __future__ import annotations

import re

from .confidence import Confidence
from .lexicon import lexicon
from .model import Draft
from .speakers import Person
from .text import Layout

_MIN_QUESTIONS = 3
_OPENING_PARAGRAPHS = 3
_INTERVIEW_RE = re.compile(r"\binterview", re.IGNORECASE)


def interview_answers(
    layout: Layout, drafts: list[Draft], title: str | None = None, titled: Person | None = None
) -> tuple[list[Draft], list[tuple[int, int]]]:
    """The interviewee's answers, one draft a paragraph, and the questions' spans (no one's
    statement); ([], []) where the document is no unlabelled interview. ``titled`` is the
    person the title names: the interviewee where the title calls the document one."""
    text = layout.text
    content = [p for p in range(len(layout.paragraphs)) if not layout.boilerplate[p]]
    asks = [p for p in content if _question(text, *layout.paragraphs[p])]
    if len(asks) < _MIN_QUESTIONS:
        return [], []
    who = _interviewee(layout, drafts, content[:_OPENING_PARAGRAPHS])
    if who is None and titled is not None and _INTERVIEW_RE.search(title or ""):
        role = titled.roles[0] if titled.roles else ""
        who = Draft(0, 0, True, titled, role, None, Confidence.CONTEXT, (0, 0))
    if who is None:
        return [], []
    lex = lexicon()
    taken = [(d.start, d.end) for d in drafts]
    out: list[Draft] = []
    answering = False
    for p in content:
        ps, pe = layout.paragraphs[p]
        if p in asks:
            answering = True
            continue
        if not answering or p < asks[0]:
            continue
        dash = _DIALOGUE_DASH_RE.match(text, ps, pe)
        spoken = dash is not None or lex.in_person(layout.masked, ps, pe)
        if not spoken or any(a <= ps and pe <= b for a, b in taken):
            continue
        start = dash.end() if dash is not None else ps
        end = pe
        while end > start and text[end - 1].isspace():
            end -= 1
        out.append(
            Draft(start, end, True, who.person, who.role, None, Confidence.CONTEXT, (start, end))
        )
    return out, [layout.paragraphs[p] for p in asks]


# "— This is a historic day …": an answer's opening dash, punctuation, not a word said.
_DIALOGUE_DASH_RE = re.compile(r"[—–][ \u00a0]+")


def _question(text: str, start: int, end: int) -> bool:
    """A paragraph asking, its italics' marks aside ("*Is Kyiv satisfied?*")."""
    return text[start:end].rstrip().rstrip("*_").rstrip().endswith("?")


def _interviewee(layout: Layout, drafts: list[Draft], opening: list[int]) -> Draft | None:
    """The draft of the person the opening quotes in a sentence about an interview ("…,"
    Mr. Doe told the Review in an interview)."""
    for d in drafts:
        if d.person is None or layout.para_of(d.start) not in opening:
            continue
        ps, pe = layout.paragraphs[layout.para_of(d.start)]
        sentence = next(
            ((s, e) for s, e in layout.sentences(layout.para_of(d.start)) if s <= d.start < e),
            (ps, pe),
        )
        around = layout.text[sentence[0] : min(pe, sentence[1] + 200)]
        if _INTERVIEW_RE.search(around):
            return d
    return None
