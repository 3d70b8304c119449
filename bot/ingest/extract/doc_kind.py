"""What kind of document this is, told from its structure and title, never from its outlet.

In order, the first that holds:

- **live blog**: the title says "live" or "as it happened";
- **transcript**: labelled turns, most of the text, by two or more people or with a
  reporter's questions (a briefing, a gaggle, a press conference, an interview);
- **readout**: the title reports a call or a meeting ("Readout of …", "Telephone
  conversation with …", "X's call with …", "Meeting between …", "Meeting with …", an
  office-holder named with the office meeting someone: "Minister Vos meets …");
- **statement**: the title says it is one, or a communiqué, declaration, letter, proclamation;
- **speech**: the title says remarks, address, speech or message, a briefing by or to
  someone with no turns ("Briefing by the Special Envoy … to the Security Council"), or an
  op-ed, or an article by someone (the first such word in the title decides among these;
  a kind word after an article, as a verb's object, reports one: "… delivered a speech at
  …"), or one labelled speaker holds the floor alone, or an office-holder's byline signs
  it (an op-ed);
- **live blog**: entries that open with a time of day;
- **press release**: an office's release (the document names its principal);
- **news article**: anything else.
"""

from __future__ import annotations

import re

from .text import Layout
from .titles import title_people
from .transcript import Turn

KINDS = (
    "transcript",
    "readout",
    "statement",
    "speech",
    "live blog",
    "press release",
    "news article",
)

# "Foreign Minister Sergey Lavrov's telephone conversation with …", "… 's talks with …":
# a ministry's account of its principal's call or meeting.
_READOUT_RE = re.compile(
    r"^(?:[A-Z][\w’'\-]*\s+)?(?:Readout|Telephone\s+conversation|Phone\s+call|Telephone\s+call|"
    r"Call\s+with|Conversation\s+with|Meeting\s+(?:between|with))\b|\bReadout\s+of\b|"
    r"['’]s\s+(?:telephone\s+conversation|phone\s+call|telephone\s+call|call|calls|talks|"
    r"meeting|meetings)\s+with\b",
    re.IGNORECASE,
)
# "Minister Vos meets Chinese Minister of Commerce Wang Dongsheng", "Foreign Minister X
# receives …": an office-holder, named with the office, meeting someone. A news headline
# names the person alone ("Biden meets Xi"), and stays a news article.
_MEETS_RE = re.compile(
    r"\s*(?:meets|met|receives|received|hosts|hosted|holds\s+talks\s+with|"
    r"held\s+talks\s+with|speaks\s+with|spoke\s+with|talks\s+with)\b",
    re.IGNORECASE,
)
_STATEMENT_RE = re.compile(
    r"\b(?:Statement|Statements|Communiqu[eé]|Declaration|Proclamation|Letter|Memorandum|"
    r"Notice|Joint\s+Statement)\b",
    re.IGNORECASE,
)
# An article or a column by someone is their own writing, as an op-ed is: "Article by
# Foreign Minister …"; the word alone is often a treaty's ("Article 5").
_SPEECH_RE = re.compile(
    r"\b(?:Remarks|Address|Speech|Message|Greeting|Toast|Eulogy|Lecture|Op-Ed|Briefing\s+(?:by|to)|"
    r"(?:Article|Column)\s+(?:by|from))\b",
    re.IGNORECASE,
)
_LIVE_TITLE_RE = re.compile(r"\bas it happened\b|[–—-]\s*live\b|\blive (?:updates|blog)\b", re.I)
# A live-blog entry's time, at a paragraph's start or glued after a date: "05.31", "23.44".
_ENTRY_TIME_RE = re.compile(r"(?:^|\n|\d{4})(?:[01]\d|2[0-3])[.:][0-5]\d(?=\s?[A-Z‘'“\"])")
_MIN_ENTRIES = 3


# Turns must hold this share of the text to make it a transcript or a speech: a news story
# may quote a few "Name: …" lines.
_TURN_SHARE = 0.4


def document_kind(
    layout: Layout,
    turns: list[Turn],
    title: str | None,
    has_principal: bool,
    signed: bool = False,
) -> str:
    """The document's kind; ``signed`` when an office-holder's byline signs it (an op-ed)."""
    title = title or ""
    if _LIVE_TITLE_RE.search(title):
        return "live blog"
    speakers = {t.person.name for t in turns if t.person is not None}
    share = sum(t.end - t.label_start for t in turns) / max(1, len(layout.text))
    if share >= _TURN_SHARE and (len(speakers) >= 2 or any(t.reporter for t in turns)):
        return "transcript"
    said = _titled_kind(title)
    if said is not None:
        return said
    if signed or (share >= _TURN_SHARE and len(speakers) == 1):
        return "speech"
    if len(_ENTRY_TIME_RE.findall(layout.text)) >= _MIN_ENTRIES:
        return "live blog"
    if has_principal:
        return "press release"
    return "news article"


def _titled_kind(title: str) -> str | None:
    """The kind the title's first kind word says: "Remarks … Launching a Joint Statement"
    is a speech."""
    found = [
        (m.start(), kind)
        for kind, pattern in (
            ("readout", _READOUT_RE),
            ("statement", _STATEMENT_RE),
            ("speech", _SPEECH_RE),
        )
        for m in pattern.finditer(title)
        if not _REPORTED_RE.search(title, 0, m.start())
    ]
    if not found and _office_holder_meets(title):
        return "readout"
    return min(found)[1] if found else None


def _office_holder_meets(title: str) -> bool:
    people = title_people(title)
    if not people or not people[0].office or people[0].start > 0:
        return False
    name_end = title.find(people[0].name, people[0].start) + len(people[0].name)
    return _MEETS_RE.match(title, name_end) is not None


# "Jane Doe delivered a speech at …", "Presidents signed a joint Declaration": a headline
# reporting that a speech or a statement was made (its object, after an article the title
# does not open with), so the text tells about it rather than being it. "A Letter on …" is
# the letter itself.
_REPORTED_RE = re.compile(r"(?<=\S)\s+(?:a|an)\s+(?:[\w’'\-]+\s+){0,2}$", re.IGNORECASE)
