"""Roles given by description: "Sergei Lavrov has signalled … Vladimir Putin’s top diplomat
invited …" makes "Vladimir Putin’s top diplomat" Lavrov's role.

A sentence whose subject is a description headed by a role noun ("Putin’s top diplomat", "the
foreign minister") and that names nobody refers back to the person the sentence before is
about, when that is unambiguous: exactly one person is mentioned there (the possessor of the
description does not count, and must not be named in it: "Doe said Roe had … Roe’s spokesperson
said" describes Roe's side) and the person has no role yet. A headline (the document's first
line, or the title the caller passes) refers forward the same way, to the first person the
body names.
"""

from __future__ import annotations

import re
from functools import cache

from .lexicon import lexicon
from .speakers import Person, Registry
from .text import Layout

_POSSESSOR = r"[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*){0,3}[’']s"


@cache
def _description_re() -> re.Pattern[str]:
    roles = "|".join(sorted((re.escape(r) for r in lexicon().role_nouns), key=len, reverse=True))
    return re.compile(
        rf"\s*(({_POSSESSOR})\s+(?:[a-z][\w\-]*\s+){{0,3}}?(?:{roles}))\s+"
        # The verb: "said" and "told" end the description as "says" and "added" do, so that
        # "Doe’s spokesperson said the prime minister was …" is not one long description.
        r"(?:(?:has|have|had|also|[a-z]+ly)\s+)*(?:[a-z]+(?:s|ed)|said|told)\b"
    )


def _description(sentence: str) -> tuple[str, str] | None:
    """(description, possessor surname or "") when ``sentence`` opens with one."""
    m = _description_re().match(sentence)
    if m is None:
        return None
    possessor = re.sub(r"[’']s$", "", m.group(2) or "").split()
    return m.group(1), (possessor[-1] if possessor else "")


def _people_in(reg: Registry, a: int, b: int, exclude: str) -> list[Person]:
    found: list[Person] = []
    for p in reg.people:
        if p.surname == exclude:
            continue
        if any(a <= m < b for m in p.mentions if m >= 0) and p not in found:
            found.append(p)
    return found


def corefer_descriptions(
    layout: Layout, reg: Registry, title: str | None, head: int | None
) -> None:
    """Give people the roles that unnamed descriptions of them carry (see the module doc)."""
    sents = [
        s
        for p in range(len(layout.paragraphs))
        if not layout.boilerplate[p] and p != head
        for s in layout.sentences(p)
    ]
    masked = layout.masked
    headlines = [title] if title else []
    if head is not None:
        hs, he = layout.paragraphs[head]
        headlines.append(masked[hs:he])
    for line in headlines:
        desc = _description(line)
        if desc is None:
            continue
        for a, b in sents[:6]:
            named = _people_in(reg, a, b, desc[1])
            if named:
                if len(named) == 1 and not named[0].roles:
                    named[0].add_role(desc[0])
                break
    for k in range(1, len(sents)):
        a, b = sents[k]
        desc = _description(masked[a:b])
        if desc is None or _people_in(reg, a, b, desc[1]):
            continue
        pa, pb = sents[k - 1]
        if desc[1] and re.search(rf"\b{re.escape(desc[1])}\b", masked[pa:pb]):
            # "Peskov said Johnson had … Johnson’s spokesperson said …": the owner is who the
            # sentence before talks about; his spokesperson is someone else, not its speaker.
            continue
        before = _people_in(reg, pa, pb, desc[1])
        if len(before) == 1 and not before[0].roles:
            before[0].add_role(desc[0])
