"""Speakers a question describes by their office in its own words, where the office
gazetteer (bot.text.roles) finds no holder: "Germany's economy minister" (stored as
"minister for economic affairs and climate action"), "the tory chair of the defence
committee", "Estonia's top foreign ministry official", "the former German chancellor".

A description is an office's head noun ("minister", "chair", "official"), the words
qualifying it before it and in a complement after it ("of the defence committee"), the side
it belongs to (a possessive or a demonym inside it: "Germany's", "German") and whether the
office is a former one. A speaker fits when their role has the head (any office's head,
for a generic one: "official", "leader") and says the qualifying words, as the same stem or
the same first five letters ("economy", "economic"; "defence", "defense"). The side's
speakers are tried first, then those whose side no document gave. Only the best fits count,
and only when few hold the description: "a British minister" names no one.

Read from the roles documents gave each speaker (all of them: "Deputy Prime Minister" is
also "Minister for Reintegration"); never from a name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from bot.resources import data_json, word_list
from bot.text.analysis import STOPWORDS, fold, stem
from bot.text.entities import Mention, Resolver, Token, tokenize

# A description naming more holders than this names a group, not someone ("a minister").
MOST_HOLDERS = 3
# Words of a description before its head, and in its complement after it.
_BEFORE, _AFTER = 4, 5
_FORMER = frozenset({"former", "ex", "erstwhile"})
_LESSER = frozenset({"deputy", "vice", "assistant", "acting", "under"})
# Words that rank an office without saying which: "top", "senior".
_RANKING = frozenset({"top", "senior", "leading", "main", "chief", "most"})
# What joins an office to what it serves: "chair of the committee", "commissioner for
# children's rights", "ambassador to the UN".
_COMPLEMENT = frozenset({"of", "for", "to"})
# "Which British minister said …": the description is what the question asks for.
_ASKING = frozenset({"which", "what"})
# A question's words are parted from the description by punctuation: "…its job? treasury
# secretary before …".
_BREAK = re.compile(r"[?!.;:,()\"“”]")
_WORD = re.compile(r"[a-z0-9]+")
_PREFIX = 5


@cache
def _heads() -> frozenset[str]:
    return word_list("roles.json", "description_heads")


@cache
def _generic_heads() -> frozenset[str]:
    return word_list("roles.json", "description_generic_heads")


@cache
def _head_groups() -> dict[str, frozenset[str]]:
    """Each head's stem and those of the heads meaning the same ("chair", "chairman")."""
    groups: dict[str, frozenset[str]] = {}
    for group in data_json("roles.json")["description_head_groups"]["words"]:
        stems = frozenset(stem(w) for w in group)
        for member in stems:
            groups[member] = stems
    return groups


@dataclass(frozen=True)
class Description:
    """An office as a question words it: its head, the words qualifying it, its side."""

    head: str
    qualifiers: tuple[str, ...]
    entity_id: int | None
    former: bool
    start: int  # offsets in the question
    end: int
    head_token: int


@dataclass(frozen=True)
class _Role:
    """A stored role as descriptions are matched against it."""

    speaker_id: int
    entity_id: int | None
    stems: frozenset[str]
    prefixes: frozenset[str]
    former: bool
    # The stems of its heads, and of those a lesser word ranks ("vice president", "deputy
    # chief"): a lesser office is not the one a description names without that word.
    heads: frozenset[str]
    lesser_heads: frozenset[str]


def described_mentions(
    text: str,
    named: list[Mention],
    mentions: list[Mention],
    resolver: Resolver,
    verbs: frozenset[str] = frozenset(),
) -> list[Mention]:
    """`mentions` (the names `named` found, offices read: bot.text.roles) with the speakers
    the question describes by office added, each replacing the mentions its description
    holds ("Germany's" in "Germany's economy minister"). Descriptions are read on the names
    alone. A head already inside a speaker mention is left to it, unless the description
    makes the office a former one ("the former German chancellor" is not the chancellor).
    "Which British minister …" asks who: it names no one. A description ends at a word of
    `verbs` (the question's verbs of saying and auxiliaries: "the chancellor of Germany
    say …")."""
    tokens = tokenize(text)
    out = list(mentions)
    for description in descriptions(text, tokens, named, verbs):
        covering = [
            m
            for m in out
            if m.kind == "speaker" and m.start <= tokens[description.head_token].start < m.end
        ]
        if covering and not description.former:
            continue
        people = holders_described(resolver, description)
        if not people:
            continue
        start = min([description.start, *(m.start for m in covering)])
        end = max([description.end, *(m.end for m in covering)])
        out = [m for m in out if not (m.start < end and start < m.end)]
        out.append(Mention("speaker", people, text[start:end], start, end))
    return sorted(out, key=lambda m: m.start)


def descriptions(
    text: str, tokens: Sequence[Token], mentions: Sequence[Mention], verbs: frozenset[str]
) -> list[Description]:
    """Every office head in the question with the words around it that qualify it."""
    heads = _heads()
    found = []
    for i, token in enumerate(tokens):
        if token.folded not in heads:
            continue
        opening = i - 1
        while opening >= 0 and tokens[opening].folded not in STOPWORDS:
            opening -= 1
        if opening >= 0 and tokens[opening].folded in _ASKING:
            continue
        entity_ids: set[int] = set()
        before: list[str] = []
        after: list[str] = []
        former = False
        first = last = i
        # Before the head: words of the same phrase, back to a function word, a break or
        # a speaker's name ("Biden's deputy" is a colleague: bot.text.roles reads it).
        j = i - 1
        while j >= 0 and i - j <= _BEFORE and not _parted(text, tokens[j], tokens[j + 1]):
            word, mention = tokens[j].folded, _mention_at(mentions, tokens[j])
            if mention is not None and not _one_entity(mention):
                break
            if mention is not None:
                entity_ids.add(mention.target_ids[0])
            elif word in _FORMER:
                former = True
            elif word in STOPWORDS or word in verbs or not word.isalpha():
                break
            elif word not in _RANKING:
                before.append(word)
            first = j
            j -= 1
        # After it: "of (the) …" up to the next function word or break.
        j = i + 2
        if j - 1 < len(tokens) and tokens[j - 1].folded in _COMPLEMENT:
            if j < len(tokens) and tokens[j].folded == "the":
                j += 1
            while (
                j < len(tokens)
                and j - i - 1 <= _AFTER
                and not _parted(text, tokens[j - 1], tokens[j])
            ):
                word, mention = tokens[j].folded, _mention_at(mentions, tokens[j])
                if mention is not None and not _one_entity(mention):
                    break
                if mention is not None:
                    entity_ids.add(mention.target_ids[0])
                elif word in STOPWORDS or word in verbs or not word.isalpha():
                    break
                else:
                    after.append(word)
                last = j
                j += 1
        if len(entity_ids) > 1:
            continue  # "the head of the Russian-Ukrainian talks": whose office is unclear
        found.append(
            Description(
                head=token.folded,
                qualifiers=tuple(dict.fromkeys([*reversed(before), *after])),
                entity_id=next(iter(entity_ids), None),
                former=former,
                start=tokens[first].start,
                end=tokens[last].end,
                head_token=i,
            )
        )
    return found


def holders_described(resolver: Resolver, description: Description) -> tuple[int, ...]:
    """The speakers fitting the description best, on its side or, when none there fits, of
    no known side; none when more than `MOST_HOLDERS` fit equally."""
    roles = _roles(resolver)
    pools = (
        [
            [r for r in roles if r.entity_id == description.entity_id],
            [r for r in roles if r.entity_id is None],
        ]
        if description.entity_id is not None
        else [roles]
    )
    for pool in pools:
        fitting = _best(pool, description)
        if fitting:
            return fitting if len(fitting) <= MOST_HOLDERS else ()
    return ()


def _best(pool: list[_Role], d: Description) -> tuple[int, ...]:
    head = stem(d.head)
    generic = d.head in _generic_heads()
    lesser = bool(_LESSER & set(d.qualifiers))
    heads = _head_groups().get(head, frozenset({head}))
    wanted = [
        (stem(q), q[:_PREFIX] if len(q) >= _PREFIX else None)
        for q in d.qualifiers
        if q not in _LESSER
    ]
    # One or two qualifying words must all be said; of more, half will do: the complement
    # may run on into the question ("the tory chair of the defence committee react …" is
    # "chair of the defence select committee").
    needed = len(wanted) if len(wanted) <= 2 else (len(wanted) + 1) // 2
    best, fits = needed, set()
    for role in pool:
        if role.former != d.former:
            continue
        held = role.lesser_heads if lesser else role.heads
        if not (held if generic else heads & held):
            continue
        said = sum(1 for s, p in wanted if s in role.stems or (p and p in role.prefixes))
        if said > best:
            best, fits = said, {role.speaker_id}
        elif said == best:
            fits.add(role.speaker_id)
    return tuple(sorted(fits))


def _roles(resolver: Resolver) -> list[_Role]:
    """Every speaker's role as descriptions are matched against it, worked out once per
    resolver (reading every role costs more than the rest of a question)."""
    return resolver.derived("described roles", lambda: _read_roles(resolver))


def _read_roles(resolver: Resolver) -> list[_Role]:
    heads = _heads()
    out = []
    for s in resolver.speakers.values():
        for role in dict.fromkeys(r for r in (s.role, *s.roles) if r):
            words = _WORD.findall(fold(role).replace("’s", "").replace("'s", ""))
            plain, lesser = set(), set()
            for i, w in enumerate(words):
                if w in heads:
                    (lesser if _LESSER & set(words[max(0, i - 2) : i]) else plain).add(stem(w))
            out.append(
                _Role(
                    s.id,
                    s.entity_id,
                    frozenset(stem(w) for w in words),
                    frozenset(w[:_PREFIX] for w in words if len(w) >= _PREFIX),
                    bool(_FORMER & set(words)),
                    frozenset(plain),
                    frozenset(lesser),
                )
            )
    return out


def _mention_at(mentions: Sequence[Mention], token: Token) -> Mention | None:
    return next((m for m in mentions if m.start <= token.start < m.end), None)


def _one_entity(mention: Mention) -> bool:
    """A side the description belongs to; a person's name or an ambiguous alias ends it."""
    return mention.kind == "entity" and len(mention.target_ids) == 1


def _parted(text: str, left: Token, right: Token) -> bool:
    return bool(_BREAK.search(text, left.end, right.start))
