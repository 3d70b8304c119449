"""Whose side a speaker is on, read from the document that quotes them.

The linker first takes a speaker's entity from the role phrase of the statement ("Finland's
prime minister") and, for a press release's principal, from the release's country. Where
those name none, the document may still say it, by two rules, the first the stronger:

1. It names the person with a country or organisation (``ties.described``): "German President
   Frank-Walter Steinmeier", "Australia's treasurer, Josh Frydenberg", "President Yoon Suk Yeol
   of the Republic of Korea", in the title or the text. Phrases naming two different owners
   say nothing.
2. It is one government's own publication (a press release with a country, or an outlet that
   is itself a government's office: "The White House", "Kremlin", "Office of the President
   of Ukraine") and the person holds one of that government's offices there: a secretary,
   minister, adviser, director, governor or agency head. Not a leader (a president, prime
   minister or secretary-general in another government's document is its guest, whose own
   country rule 1 finds where the document gives it), not someone in an office the
   government's own holder has in the same document, not a legislator, a company's or a
   foundation's officer, a journalist or an analyst.

Everyone else keeps no side: a wrong side is worse than none.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from bot.ingest.extract import ExtractedStatement
from bot.ingest.extract.titles import title_speaker_person
from bot.ingest.names import last_sentence
from bot.ingest.ties import described, owners
from bot.resources import ordered_words, word_list
from bot.text.analysis import fold
from bot.text.entities import Resolver, tokenize

# The head nouns of a government's offices (what the role is before any "of"/"to"
# complement): "Deputy Press Secretary", "Minister of Health", "Head of the Federal Customs
# Service". An ambassador is left out: a government's documents receive foreign ones.
_OFFICES = word_list("roles.json", "government_office_heads")
# Offices a government has one holder of, held by its leader: another holder in its
# document is a guest.
_LEADERS = ordered_words("roles.json", "government_leaders")
# Words of a role that is no government office, whatever its head: a company's, a
# foundation's, a party's or an international body's officer, a legislator, a former holder.
_NOT_GOVERNMENT = word_list("roles.json", "not_government")
_NOT_GOVERNMENT_PHRASES = re.compile(
    r"\b(?:chief executive|executive (?:director|officer)|general director|managing director"
    r"|united nations)\b"
)
# Where an office's head ends and its complement begins.
_COMPLEMENT = re.compile(r"\s+(?:of|to|for|on|at|in)\s+")
# Modifiers of a shared office: there are several deputy press secretaries at once.
_SHARED = frozenset("deputy assistant associate senior special principal first acting".split())
# An outlet that is a government's office: "Office of the President of Ukraine", "Ministry
# of Foreign Affairs of Finland".
_GOVERNMENT_OUTLET = re.compile(
    r"^(?:the\s+)?(?:office|ministry|government|presidency|cabinet|administration|embassy"
    r"|chancellery|department|president|prime\s+minister)\b.*\bof\s+(?:the\s+)?(?P<place>.+)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DocumentFacts:
    """What the pipeline knows of one document, for finding its speakers' sides."""

    text: str
    title: str | None = None
    outlet: str | None = None
    country: str | None = None  # the press release's principal's country
    principal: tuple[str, str | None] | None = None  # (name, role)
    # (name, role) of each statement's speaker, as the extractor gives them.
    speakers: Sequence[tuple[str, str | None]] = ()

    @classmethod
    def of(
        cls,
        text: str,
        title: str | None,
        outlet: str | None,
        principal: _Principal | None,
        statements: Iterable[ExtractedStatement],
    ) -> DocumentFacts:
        """The facts of an extracted document: the people its statements are by."""
        return cls(
            text=text,
            title=title,
            outlet=outlet,
            country=principal.country if principal else None,
            principal=(principal.name, principal.role) if principal else None,
            speakers=[
                (found.speaker, found.role)
                for found in statements
                if found.speaker and found.speaker_kind == "person"
            ],
        )


class _Principal(Protocol):
    """A press release's principal (pipeline.Principal)."""

    @property
    def name(self) -> str: ...
    @property
    def role(self) -> str | None: ...
    @property
    def country(self) -> str | None: ...


def document_sides(resolver: Resolver, facts: DocumentFacts) -> dict[str, int]:
    """The entity id of each speaker name the document gives a side, by rule 1 or rule 2."""
    roles: dict[str, list[str]] = {}
    for name, role in facts.speakers:
        given = roles.setdefault(name, [])
        # A name run over a full stop is the last person's; the role is the first's.
        if role and role not in given and last_sentence(name) == name:
            given.append(role)
    publisher = publishing_entity(resolver, facts.outlet, facts.country)
    holders = _holders(resolver, facts, roles, publisher) if publisher is not None else {}
    surnames = Counter(name.split()[-1] for name in roles if name.split())
    sides: dict[str, int] = {}
    for extracted, given in roles.items():
        name = last_sentence(extracted)
        last = name.split()[-1] if name.split() else ""
        surname = last if surnames[last] == 1 and last[:1].isupper() else None
        found: list[str] = list(given)
        tied: set[int] = set()
        elsewhere = False
        for role in given:
            tied |= owners(resolver, role)
        for source in (facts.title or "", facts.text):
            description = described(resolver, source, name, surname)
            found += description.roles
            tied |= description.entities
            elsewhere = elsewhere or description.elsewhere
        if len(tied) == 1:
            sides[extracted] = next(iter(tied))
        elif (
            not tied
            and not elsewhere
            and publisher is not None
            and _government_official(resolver, name, found, holders)
        ):
            sides[extracted] = publisher
    return sides


def publishing_entity(resolver: Resolver, outlet: str | None, country: str | None) -> int | None:
    """The government whose own publication the document is: the press release's country,
    or an outlet that is wholly a government's name or office ("The White House", "Kremlin",
    "Office of the President of Ukraine") — not a newspaper named after a place ("The
    Washington Post")."""
    if country:
        return _whole_entity(resolver, country)
    if not outlet:
        return None
    whole = _whole_entity(resolver, outlet)
    if whole is not None:
        return whole
    office = _GOVERNMENT_OUTLET.match(outlet.strip())
    return _whole_entity(resolver, office.group("place")) if office else None


def _whole_entity(resolver: Resolver, name: str) -> int | None:
    tokens = tokenize(name)
    if not tokens:
        return None
    for mention in resolver.find(name, names_only=True, fuzzy=False):
        whole = mention.start == tokens[0].start and mention.end == tokens[-1].end
        if whole and mention.kind == "entity" and len(mention.target_ids) == 1:
            return mention.target_ids[0]
    return None


def _holders(
    resolver: Resolver, facts: DocumentFacts, roles: dict[str, list[str]], publisher: int
) -> dict[str, set[str]]:
    """The offices the publishing government's own people hold in this document, each with
    its holders' folded names: the principal, the speaker the title names, and the speakers
    the store already knows to be that government's."""
    held: dict[str, set[str]] = {}

    def hold(name: str, role: str | None) -> None:
        key = office_key(resolver, role) if role else ""
        if key:
            held.setdefault(key, set()).add(fold(name))

    if facts.principal:
        hold(*facts.principal)
    titled = title_speaker_person(facts.title)
    if titled is not None:
        hold(titled.name, titled.office)
    for name, given in roles.items():
        known = _known_speaker(resolver, name)
        if known is not None and known[0] == publisher:
            for role in (*given, known[1]):
                hold(name, role)
    return held


def _known_speaker(resolver: Resolver, name: str) -> tuple[int | None, str | None] | None:
    """(entity id, role) of the stored speaker the whole name is, if one is."""
    tokens = tokenize(name)
    if not tokens:
        return None
    for mention in resolver.find(name, names_only=True, fuzzy=False):
        whole = mention.start == tokens[0].start and mention.end == tokens[-1].end
        if whole and mention.kind == "speaker" and len(mention.target_ids) == 1:
            ref = resolver.speakers.get(mention.target_ids[0])
            return (ref.entity_id, ref.role) if ref else None
    return None


def _government_official(
    resolver: Resolver, name: str, roles: Sequence[str], holders: dict[str, set[str]]
) -> bool:
    """Rule 2's test: some role is a government office; none is a leader's, nor one the
    government's own holder has here, nor any other body's."""
    for role in roles:
        folded = fold(role)
        if set(re.findall(r"[\w\-]+", folded)) & _NOT_GOVERNMENT:
            return False
        if _NOT_GOVERNMENT_PHRASES.search(folded) or "head of state" in folded:
            return False
        if _leader(_head(role)):
            return False
        key = office_key(resolver, role)
        words = key.split()
        singular = len(words) > 1 and not _SHARED.intersection(words)
        if singular and holders.get(key, set()) - {fold(name)}:
            return False  # a second "foreign minister": the guest's
    return any(set(_head(role).split()) & _OFFICES for role in roles)


def _head(role: str) -> str:
    """The office's head, before any complement: "Deputy Head of the Office of the President"
    -> "deputy head"; "Minister of Health" -> "minister"."""
    return _COMPLEMENT.split(fold(role).strip(), maxsplit=1)[0]


def _leader(head: str) -> bool:
    """A leader's office: the head ends in one, unqualified by "deputy" ("Deputy Prime
    Minister" is a minister)."""
    words = head.split()
    for leader in _LEADERS:
        n = len(leader.split())
        if " ".join(words[-n:]) == leader:
            return not (len(words) > n and words[-n - 1] == "deputy")
    return False


def office_key(resolver: Resolver, role: str) -> str:
    """An office as holders are compared: its head without owner words or determiners
    ("Russia's Foreign Minister" -> "foreign minister")."""
    owner_words = {
        t.folded
        for m in resolver.find(role, fuzzy=False)
        if m.kind == "entity"
        for t in tokenize(role[m.start : m.end])
    }
    words = [
        w
        for w in re.findall(r"[\w\-]+", _head(role))
        if w not in owner_words and w not in {"the", "a", "an", "s"}
    ]
    return " ".join(words)
