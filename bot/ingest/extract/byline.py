"""An op-ed's byline, or a statement's signature: the text is its author's own words when the
author holds an office.

"By Jens Stoltenberg, NATO Secretary General" or "By NATO Secretary General Jens Stoltenberg"
over an article makes every sentence of it the Secretary General's, as a title "Op-Ed by …"
does. A journalist's byline names no office ("By Jane Doe in Kyiv", "By Jane Doe, Europe
correspondent"): the article stays a news story, its quotations attributed as usual. A
statement or a letter signed at its end ("Jane Doe" over "Minister of Foreign Affairs of
Utopia", or "Jane Doe, Minister of …") is its signatory's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.text.offices import Office, office_level

from .names import split_name
from .speakers import Person, Registry
from .text import Layout, opening_byline

# A signature is short: a name and an office.
_MAX_WORDS = 20


@dataclass(frozen=True)
class Byline:
    author: Person  # with the office the byline gives as their role
    span: tuple[int, int]  # the byline's paragraph: no statement of anyone's
    # The editor's line naming the author's office at the end ("Jane Doe is the Minister of
    # Defence of Utopia."): no statement either.
    tagline: tuple[int, int] | None = None


def byline(layout: Layout, reg: Registry) -> Byline | None:
    """The office-holder who signs the article, or None (no byline, or a journalist's)."""
    found = opening_byline(layout)
    if found is None:
        return None
    p, who = found
    s, e = layout.paragraphs[p]
    name, role = _name_and_role(who)
    tagline = None
    if name and not role:
        tagline, role = _tagline(layout, name, p)
    if name and role and office_level(role) > Office.OTHER:
        return Byline(reg.person(name, role), (s, e), tagline)
    return None  # the first byline is the article's: a journalist's stays theirs


# An op-ed's closing line gives its author's office: "Jane Doe is the Minister of Defence of
# Utopia." (the name as the byline wrote it, then "is" and the office, nothing else); or the
# line under the byline: "The author is Utopia's Minister of Defence."
_TAGLINE_RE = re.compile(r"(?P<name>[^.\n]{3,80}?)\s+(?:is|serves as)\s+(?P<role>[^\n]{3,160}?)\.?")
_AUTHOR_WORDS = frozenset({"the author", "the writer"})


def _tagline(layout: Layout, name: str, byline_at: int) -> tuple[tuple[int, int] | None, str]:
    """(the tagline's paragraph, the office it names) for a byline naming no office: the
    paragraph under the byline, or one of the last two."""
    last = len(layout.paragraphs) - 1
    for p in dict.fromkeys([byline_at + 1, last, last - 1]):
        if not 0 <= p <= last:
            continue
        s, e = layout.paragraphs[p]
        m = _TAGLINE_RE.fullmatch(layout.text[s:e].strip())
        if m is None or m.group("name").strip().casefold() not in {name.casefold(), *_AUTHOR_WORDS}:
            continue
        role = re.sub(r"^(?:the|a|an)\s+", "", m.group("role").strip())
        if office_level(role) > Office.OTHER:
            return (s, e), role
    return None, ""


# A signature is one of the last paragraphs: a full name alone on its line, its office on the
# next ("Jane Doe\nMinister of Foreign Affairs"), or after a comma on the same line;
# "Sincerely," may stand before it.
_SIGN_OFF_RE = re.compile(
    r"(?:(?:Yours\s+)?(?:Sincerely|Faithfully|Respectfully)(?:\s+yours)?,?\s*)?", re.I
)


def signature(layout: Layout, reg: Registry) -> Byline | None:
    """The office-holder who signs the text at its end, or None."""
    n = len(layout.paragraphs)
    if n < 2:
        return None
    text = layout.text
    last = [text[a:b].strip() for a, b in layout.paragraphs[max(0, n - 3) :]]
    # "Jane Doe" / "Minister of …" as two paragraphs, or "Jane Doe, Minister of …" as one.
    tries = [
        (last[-2], last[-1], layout.paragraphs[n - 2][0]),
        (last[-1], "", layout.paragraphs[n - 1][0]),
    ]
    for head, tail, start in tries:
        sign_off = _SIGN_OFF_RE.match(head)
        head = head[sign_off.end() :] if sign_off else head
        if "\n" in head or len(f"{head} {tail}".split()) > _MAX_WORDS or head.endswith("."):
            continue
        name, role = _name_and_role(f"{head}, {tail}" if tail else head)
        alone = name == head.split(",")[0].strip()  # the name opens the signature
        if name and role and alone and office_level(role) > Office.OTHER:
            return Byline(reg.person(name, role), (start, layout.paragraphs[n - 1][1]))
    return None


def _name_and_role(who: str) -> tuple[str, str]:
    """ "Jens Stoltenberg, NATO Secretary General" and "NATO Secretary General Jens
    Stoltenberg": (name, role)."""
    head, _, rest = (part.strip() for part in who.partition(","))
    office, name = split_name(head)
    if len(name.split()) < 2:
        return "", ""
    return name, office or rest
