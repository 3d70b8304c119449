"""Speaker phrases after a speech verb (or "according to"): the inverted attribution.

"…," said Trump / said the Rev. Peter Wherry, of … / said Democratic nominee Hillary Clinton /
said the spokesman / said the Kremlin spokesperson, Dmitry Peskov — the British habit of a
role description with the name in apposition.
"""

from __future__ import annotations

import re

from .lexicon import lexicon
from .names import (
    _DET,
    _PRONOUNS,
    NAME_RUN,
    Phrase,
    _role_tail_re,
    _trim_role,
    is_org,
    is_role_phrase,
    name_gender,
    split_name,
)
from .offices import joins_complement

_AFTER_NAME_RE = re.compile(
    rf"^(?:the\s+)?((?:[\w’'\-./]+\s+){{0,6}}?)({NAME_RUN})"
    r"(?=\s*(?:[,.;:(!?\u2014\u2013]|$|\s(?:in|on|at|to|of|for|who|during|after|before|when|while|"
    r"about|from|with|as|and|but|last|this|told|said|says|according)\b))"
)
# A complement may join its parts with "and": "of the National Security and Defense Council".
_AFTER_TITLED_RE = re.compile(
    rf"(?:the\s+)?({NAME_RUN}(?:\s+(?:of|for)(?:\s+the)?\s+{NAME_RUN}(?:\s+and\s+{NAME_RUN})?){{1,4}})"
    r"(?![\w’'\-])"
)
# "said the Kremlin spokesperson, Dmitry Peskov": a role description, then the name in apposition.
_AFTER_ROLE_NAME_RE = re.compile(
    rf"^({_DET}\s+(?:[\w’'\-.]+\s+){{0,8}}?[\w\-]+)\s*,\s+({NAME_RUN})"
    r"(?=\s*(?:[,.;:(!?\u2014\u2013]|$|\s(?:in|on|at|to|of|for|who|during|after|before|when|"
    r"while|about|from|with|as|and|but|last|this|told|said|says|according)\b))"
)
_AFTER_ROLE_RE = re.compile(
    rf"^({_DET}\s+(?:[\w’'\-.]+\s+){{0,6}}?[\w\-]+?"
    # "the Head of the President's Office"
    r"(?:\s+of\s+(?:the\s+)?(?:[A-Z][\w’'\-]*\s+){0,4}[A-Z][\w’'\-]*)?)"
    r"(?=\s*(?:[,.;:]|$|\s(?:in|on|at|to|of)\b))"
)


def parse_after_verb(right: str, offset: int) -> Phrase | None:
    """An inverted speaker after the verb: "said Trump", "said the Rev. Peter Wherry, of …",
    "said Democratic presidential nominee Hillary Clinton", "said the spokesman"."""
    lex = lexicon()
    s = right.lstrip()
    skip = len(right) - len(s)
    m = re.match(r"(he|she)\b", s)
    if m:
        return Phrase("pronoun", m.group(1), gender=_PRONOUNS[m.group(1)], pos=offset + skip)
    ph = _role_then_name(s, offset + skip)
    if ph is not None:
        return ph
    m = _AFTER_NAME_RE.match(s)
    if m and not re.search(r"[,;:]", m.group(1)):
        prefix, run = m.group(1), m.group(2)
        title, name = split_name(run)
        if (
            name
            and name not in lex.time_words
            and (
                not prefix
                or prefix.split()[-1].lower() in lex.role_nouns
                or prefix.split()[-1][:1].isupper()
                or _role_tail_re().search(prefix.strip())
            )
        ):
            rest = s[m.end() :]
            role = " ".join(x for x in (_trim_role(prefix), title) if x)
            am = re.match(
                r"\s*(?:\([^()]{1,30}\))?\s*,\s*((?:the|a|an)\s[^,.;]{2,80}?|[a-z][^,.;]{2,80}?)"
                r"\s*(?:[,.;]|$)",
                rest,
            )
            if am and is_role_phrase(am.group(1)):
                role = am.group(1)
            return Phrase(
                "name",
                run,
                name,
                role,
                name_gender(name, role),
                offset + skip + m.start(2) + run.find(name),
            )
    m = _AFTER_TITLED_RE.match(s)
    if m and not _and_joins_title(m.group(1)):
        m = _AFTER_TITLED_RE.match(s[: m.start(1) + m.group(1).rfind(" and ")])
    if m:
        # "by Head of the Office of the President of Ukraine Andriy Yermak": a long title.
        title, name = split_name(m.group(1))
        if name and (name.split()[0].islower() or name.split()[-1] in lex.titles):
            # "according to the Head of the Office of the President": a role, not a name.
            phrase = s[: m.end()]
            return Phrase(
                "role", phrase, role=phrase, gender=name_gender("", phrase), pos=offset + skip
            )
        if name and title and not is_org(name):
            pos = offset + skip + m.start(1) + m.group(1).rfind(name)
            return Phrase("name", m.group(1), name, title, name_gender(name, title), pos)
    m = _AFTER_ROLE_RE.match(s)
    if m and is_role_phrase(m.group(1)):
        phrase = m.group(1)
        return Phrase(
            "role", phrase, role=phrase, gender=name_gender("", phrase), pos=offset + skip
        )
    return None


def _role_then_name(s: str, offset: int) -> Phrase | None:
    """ "the Kremlin spokesperson, Dmitry Peskov" / "Russia’s foreign minister, Sergei Lavrov"
    right after a verb (or "according to"): the name, with the description as its role."""
    m = _AFTER_ROLE_NAME_RE.match(s)
    if m is None or not is_role_phrase(m.group(1)):
        return None
    title, name = split_name(m.group(2))
    # A full name: "according to the President, Denmark, which …" names no person.
    if len(name.split()) < 2 or is_org(name) or name in lexicon().time_words:
        return None
    role = " ".join(x for x in (m.group(1), title) if x)
    pos = offset + m.start(2) + m.group(2).find(name)
    return Phrase("name", m.group(0), name, role, name_gender(name, role), pos)


def _and_joins_title(run: str) -> bool:
    """In "Secretary of the National Security and Defense Council Jane Doe" the last "and"
    joins two parts of the title's complement: the words after it, but for the name's last two,
    are no title of a person ("… of France Jane Doe and Chancellor John Roe" names two people,
    "… of France Jane Doe and John Roe" too)."""
    head, sep, tail = run.rpartition(" and ")
    if not sep:
        return True
    words = tail.split()
    return len(words) >= 3 and joins_complement(words[:-2])
