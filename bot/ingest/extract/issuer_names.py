"""The name a group or a body that issues a document is stored under, read from a title or
an opening ("We, the leaders of …,"): how many parties a list names, where the name runs
out, and the name tidied as a speaker's (extract/issuers.py finds the documents)."""

from __future__ import annotations

import re

from .lexicon import lexicon
from .names import split_name

# The small words inside a group's or a body's name ("G7", "United States-Republic of
# Korea", "CARBIS BAY G7 SUMMIT", "Heads of State and Government").
NAME_SMALL = frozenset({"of", "the", "and", "de", "–", "-", "&"})
# A signatories phrase longer than this, made of titled people, is shown as their names.
_LONG_WORDS = 10
# The longest group name kept whole: a speaker's key (its name as a slug) holds 128 characters.
_LONGEST = 120
_LIST_RE = re.compile(r",\s*(?:and\s+)?|\s+and\s+")


def parties(phrase: str) -> int:
    """How many parties a list names. An office after a person's name is that person's
    ("Anna Kovalenko, Permanent Representative of …"), and a short name after such an
    office continues its place ("… of the United Kingdom of Great Britain and Northern
    Ireland")."""
    count = 0
    previous = ""  # "person", "apposition" or "other"
    for item in _LIST_RE.split(phrase.strip()):
        words = item.split()
        if not words:
            continue
        title, name = split_name(item)
        # A name, not an office's place: "Anna Kovalenko", "President Biden"; not "President
        # of Ukraine" nor "Permanent Representative of Ruritania".
        named = (
            bool(name)
            and not title.endswith((" of", " the"))
            and not name.startswith(("of ", "the "))
            and " of " not in name
        )
        office_only = not named and (bool(title) or _office_first(words))
        if office_only and previous == "person":
            previous = "apposition"  # the office of the name before it
        elif previous == "apposition" and not _office_first(words) and len(words) <= 2:
            pass  # the place of that office runs on
        else:
            count += 1
            previous = "person" if named else "other"
    return count


def _office_first(words: list[str]) -> bool:
    """The item opens with an office ("Minister for …", "the President of …")."""
    lex = lexicon()
    first = words[1] if words[0].lower() == "the" and len(words) > 1 else words[0]
    bare = first.rstrip(".,")
    return bare in lex.titles or bare.lower() in lex.role_nouns


_RUN_TOKEN_RE = re.compile(r"\s*(\([^()]*\)|[^\s,()]+|,)")


def name_run(text: str, start: int, end: int) -> str:
    """The phrase from ``start`` while it names: its head ("leaders"), then capitalised
    words, commas and parentheses with their small words ("leaders of the European
    Commission, France, …, and the United States"), up to the first other lower-case word
    (the verb: "condemn", "met")."""
    words: list[str] = []
    pos = start
    while pos < end:
        m = _RUN_TOKEN_RE.match(text, pos, end)
        if m is None:
            break
        token = m.group(1)
        low = token.lower()
        if words and token[:1].islower() and low not in NAME_SMALL and low not in {"and", "of"}:
            break
        words.append(token)
        pos = m.end()
    while words and (words[-1] == "," or words[-1].lower() in NAME_SMALL):
        words.pop()
    return re.sub(r"\s+,", ",", " ".join(words))


def tidy(name: str) -> str:
    """The group's name as a speaker's: a leading "the" dropped, the first letter and an
    all-capitals title ("CARBIS BAY G7 SUMMIT") capitalised as a name; a long list of
    titled people ("U.S. President Joseph R. Biden, Dutch Prime Minister Dick Schoof, …")
    shortened to their names."""
    name = re.sub(r"^the\s+", "", name.strip(" ,.’'"), flags=re.IGNORECASE)
    name = re.sub(r"[’']$", "", name)
    if name.isupper() and len(name.split()) > 1:
        name = " ".join(w if _acronym(w) else w.capitalize() for w in name.split())
    name = name[:1].upper() + name[1:]
    if len(name.split()) > _LONG_WORDS:
        name = _people(name) or name
    if len(name) > _LONGEST:
        # "Boris Johnson, Prime Minister of the United Kingdom of … and …": past what a
        # speaker's name may hold, the first signatory stands for the rest.
        name = f"{_LIST_RE.split(name, maxsplit=1)[0]} and others"
    return name


def _acronym(word: str) -> bool:
    return any(c.isdigit() for c in word) or len(word.strip(".")) <= 2


def _people(phrase: str) -> str | None:
    """ "Biden, Schoof and Zelenskyy"-style names of a list whose every item is a titled
    person; None when any item is not."""
    names = []
    for item in _LIST_RE.split(phrase):
        title, name = split_name(item.strip())
        if not title or not 2 <= len(name.split()) <= 4 or " of " in f" {name} ":
            return None  # no title, or "Republic of Germany Olaf Scholz": not read apart
        names.append(name)
    if len(names) < 2:
        return None
    return ", ".join(names[:-1]) + " and " + names[-1]
