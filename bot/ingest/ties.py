"""Where a document names a person with a country or organisation: the role phrases around
each mention of their name, and the entities those phrases say the person belongs to.

"German President Frank-Walter Steinmeier", "Australia's treasurer, Josh Frydenberg" (a title
before the name, with or without a comma), "Gabrielius Landsbergis, Lithuania's foreign
minister" (an apposition after it) and "President Yoon Suk Yeol of the Republic of Korea" (an
office before the name and "of" a place after it). The titles are read as the extractor reads
them (``title_before``), so a phrase counts only where it is a role headed by a role noun.

Only an owner counts: "the US ambassador to Russia" is the United States', never Russia's; a
place after "to", "in", "on", "at" or "for" is where an office points, not whose it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from bot.ingest.extract.lexicon import lexicon
from bot.ingest.extract.offices import title_before
from bot.ingest.extract.titles import ends_a_name
from bot.text.entities import Resolver, tokenize

# Words after which a place is where an office points ("envoy to Ukraine", "expert on
# Russia", "adviser at the German Institute"), not whose the office is.
_DESTINATIONS = frozenset(
    "to for in on at with against about over into toward towards after before by".split()
)
# A person mentioned more often than this is described by then: the rest adds nothing.
_MAX_MENTIONS = 25
# How far before a name a title written in apposition may start ("the Australian prime
# minister, Scott Morrison").
_APPOSITION_WINDOW = 200
# ", Lithuania's foreign minister," after a name: the phrase up to the next clause mark.
_APPOSITION_AFTER = re.compile(
    r",[ \u00a0]+(?:(?:the|a|an|former)[ \u00a0]+)?(?P<phrase>[^,.;:\n()“”\"]{2,100}?)"
    r"(?=[ \u00a0]*(?:[,.;:\n()“”\"]|$))"
)
# ", Acme Network:" after "Jane Doe, Director": the body whose office the apposition is.
_BODY_AFTER = re.compile(
    r",[ \u00a0]+(?:the[ \u00a0]+)?(?:(?:[A-Z][\w.&’'\-]*|of|for|and|on|the|&)[ \u00a0]+){0,8}"
    r"[A-Z][\w.&’'\-]*[ \u00a0]*[:,(]"
)
_NEXT_WORD = re.compile(r"(?:[’']s)?[ \u00a0]+([\w\-]+)")
_OF_AFTER = re.compile(r"[ \u00a0]+of[ \u00a0]+(?:the[ \u00a0]+)?")


@dataclass
class Description:
    """What a document says of one person next to their name."""

    roles: list[str] = field(default_factory=list)
    entities: set[int] = field(default_factory=set)
    elsewhere: bool = False  # an office of a body named after it ("…, Director, Acme:")


def owners(resolver: Resolver, phrase: str) -> set[int]:
    """The entities a role phrase says its holder belongs to: "Australia's treasurer",
    "the Australian prime minister", "Adviser to the Head of the Office of the President of
    Ukraine"; not the place an office points to ("special envoy to Ukraine"), nor a place
    inside another name ("the NZ Contemporary China Research Centre", "WWF-Australia")."""
    tokens = tokenize(phrase)
    found: set[int] = set()
    for mention in resolver.find(phrase, fuzzy=False):
        if mention.kind != "entity" or len(mention.target_ids) != 1:
            continue
        if _inside_a_name(phrase, mention.start, mention.end):
            continue
        before = [t.folded for t in tokens if t.end <= mention.start]
        while before and before[-1] == "the":
            before.pop()
        if (before and before[-1] == "of") or not _DESTINATIONS.intersection(before):
            found.add(mention.target_ids[0])
    return found


def _inside_a_name(phrase: str, start: int, end: int) -> bool:
    """A place written as part of a longer name: glued to a word before it by a hyphen, or
    followed by a capitalised word that is no title ("China Research Centre", "Ukraine
    Oleksandr Kubrakov"); "German President" and "Australia's Treasurer" are titles."""
    if phrase[max(0, start - 1) : start] in {"-", "‐"}:
        return True
    following = _NEXT_WORD.match(phrase, end)
    if following is None:
        return False
    word = following.group(1)
    lex = lexicon()
    return word[:1].isupper() and word not in lex.titles and word.lower() not in lex.role_nouns


def _word_char(char: str) -> bool:
    """What the regular expression ``\\w`` matches (a Unicode letter or digit, or ``_``)."""
    return char.isalnum() or char == "_"


def mentions(text: str, name: str) -> Iterator[int]:
    """Where ``name`` is written in ``text`` (a word, not part of a longer one), as
    ``(?<![\\w’'-])NAME(?![\\w-])`` finds it. Found with ``str.find``, not a regular
    expression: this runs for every speaker of a document over its whole text, and a
    pattern opening with a look-behind scans ten times slower, which made a 1 MB text
    spend half its ingest here."""
    if not name:
        return
    count, start = 0, text.find(name)
    while start >= 0 and count < _MAX_MENTIONS:
        end = start + len(name)
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        if (before == "" or not (_word_char(before) or before in "’'-")) and (
            after == "" or not (_word_char(after) or after == "-")
        ):
            yield start
            count += 1
            start = text.find(name, end)
        else:
            start = text.find(name, start + 1)


def roles_around(text: str, start: int, end: int) -> tuple[list[str], bool]:
    """The role phrases written next to the name at ``text[start:end]``: the title before it
    (also in commas: "the Australian prime minister, Scott Morrison, said") and an apposition
    after it that is wholly a title ("…, Lithuania's foreign minister"); and whether the
    apposition is an office of a body named after it ("Jane Doe, Director, Acme Network:"),
    which makes the person that body's."""
    found: list[str] = []
    before = title_before(text, start)
    if not before and text[:start].rstrip().endswith(",") and text.startswith(",", end):
        # Closed on both sides, as the extractor reads it: "After meeting the German
        # chancellor, Jane Doe said" gives Jane Doe no title.
        window = text[max(0, start - _APPOSITION_WINDOW) : start].rstrip()[:-1] + " "
        before = title_before(window, len(window))
    if before:
        found.append(before)
    after = _APPOSITION_AFTER.match(text, end)
    if after is None:
        return found, False
    phrase = after.group("phrase").strip()
    if title_before(phrase + " ", len(phrase) + 1) != phrase or _ends_in_name(phrase):
        return found, False
    if _BODY_AFTER.match(text, after.end()):
        return found, True
    return [*found, phrase], False


def _ends_in_name(phrase: str) -> bool:
    """ "Deputy Prime Minister of Ukraine Oleksandr Kubrakov": in a list of people, the
    phrase after one name runs on to the next person's title and name."""
    words = phrase.split()
    return len(words) >= 3 and words[-1][:1].isupper() and words[-2] in lexicon().given_gender


def place_after(resolver: Resolver, text: str, end: int) -> int | None:
    """The entity an "of" phrase right after a name names, wholly: "Yoon Suk Yeol of the
    Republic of Korea in Joint Press Conference"; not "of the Kyiv School of Economics",
    whose first word only is a place."""
    of = _OF_AFTER.match(text, end)
    if of is None:
        return None
    tail = text[of.end() : of.end() + 100]
    for mention in resolver.find(tail, fuzzy=False):
        if mention.start != 0 or mention.kind != "entity" or len(mention.target_ids) != 1:
            return None
        following = tail[mention.end :].split(maxsplit=1)
        word = following[0] if following else ""
        if word[:1].isupper() and not ends_a_name(word):
            return None  # the place names a body: "of the German Institute"
        return mention.target_ids[0]
    return None


def described(resolver: Resolver, text: str, name: str, surname: str | None = None) -> Description:
    """The role phrases ``text`` gives the person called ``name``, the entities it ties them
    to (by those phrases, or by "of" a place after an office and the name), and whether it
    makes them another body's officer. With ``surname`` (one no other speaker of the
    document has), an office and the surname count too: "Prime Minister Meloni of the
    Italian Republic"."""
    found = Description()
    if len(name.split()) < 2:
        return found  # a bare surname may be anyone's
    for start in mentions(text, name):
        end = start + len(name)
        around, elsewhere = roles_around(text, start, end)
        found.roles += around
        found.elsewhere = found.elsewhere or elsewhere
        _tie(resolver, text, start, end, around, found)
    given = len(name) - len(surname or "")
    for start in mentions(text, surname) if surname else ():
        if start >= given and text.startswith(name, start - given):
            continue  # the full name, read above
        before = title_before(text, start)
        if before:
            _tie(resolver, text, start, start + len(surname or ""), [before], found)
            found.roles.append(before)
    return found


def _tie(
    resolver: Resolver, text: str, start: int, end: int, roles: list[str], found: Description
) -> None:
    """Add the owners the roles at a mention name, and the place "of" which an office and
    name are ("President Yoon Suk Yeol of the Republic of Korea"): only after an office, as
    "Jane Doe of Kyiv" is where she lives."""
    for role in roles:
        found.entities |= owners(resolver, role)
    if title_before(text, start):
        place = place_after(resolver, text, end)
        if place is not None:
            found.entities.add(place)
