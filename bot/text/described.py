"""Speakers a question describes by their office in its own words, where the office
gazetteer (bot.text.roles) finds no holder: "Germany's economy minister" (stored as
"minister for economic affairs and climate action"), "the tory chair of the defence
committee", "Estonia's top foreign ministry official", "the former German chancellor",
"Zelensky's deputy chief of staff".

A description is an office's head noun ("minister", "chair", "official"), the words
qualifying it before it and in a complement after it ("of the defence committee"), the side
it belongs to (a possessive or a demonym inside it: "Germany's", "German"; a person's
possessive: "Zelensky's"), whether the office is a former or a lesser one ("deputy …"), and
the gazetteer office its words form, if any ("chief of staff", also written "head of the
office of the president"). A speaker fits when one of their roles holds the office as its
own (its head before what it serves: "Adviser to the Head of the Office" is an adviser), or
the head (any office's, for a generic one: "official", "leader"), and says the qualifying
words, as the same stem or the same first five letters ("economy", "economic"; "defence",
"defense"). The side's speakers are tried first; then, for an office said in a word or two,
the one speaker of no known side who fits, if only one does. Only the best fits count, and
only when few hold the description: "a British minister" names no one.

Read from the roles documents gave each speaker (all of them: "Deputy Prime Minister" is
also "Minister for Reintegration"); never from a name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache

from bot.resources import data_json, word_list
from bot.text.analysis import STOPWORDS, fold, stem
from bot.text.entities import Mention, Resolver, Token, tokenize
from bot.text.roles import offices, possessive

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
_OWNER = re.compile(r"([a-z0-9]+)['’]s\b")
# What a role's office serves follows one of these: "Adviser to the Head of …".
_SERVES = frozenset({"to", "of", "for", "at", "in", "on"})
_PREFIX = 5
# Pronouns owning an office: "his deputy chief of staff".
_OWNER_PRONOUNS = frozenset({"his", "her"})


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
    lesser: bool  # "deputy", "vice": a lesser office than the head says
    # The gazetteer office the description's words name, in all its forms ("chief of
    # staff", "head of the office of the president"): a role saying one of them has it.
    office_forms: tuple[tuple[str, ...], ...]
    # "Zelensky's deputy chief of staff": the person whose side it is, never its holder.
    colleague_of: tuple[int, ...]
    start: int  # offsets in the question
    end: int
    head_token: int


@dataclass(frozen=True)
class _Role:
    """A stored role as descriptions are matched against it."""

    speaker_id: int
    entity_id: int | None
    words: tuple[str, ...]  # folded, without articles
    own_end: int  # where what the office serves begins ("… of the Office")
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
    alone, and end at a word of `verbs` (the question's verbs of saying and auxiliaries:
    "the chancellor of Germany say …").

    - A head inside a speaker mention keeps the gazetteer's holders, joined by those the
      description's qualifying words find; a former office replaces them ("the former
      German chancellor" is not the chancellor).
    - A person's office no one is known to hold ("Zelensky's deputy press secretary") is the
      person's side without the person, as bot.text.roles reads "Biden's adviser".
    - "Which British minister …" asks who: it names no one."""
    tokens = tokenize(text)
    out = list(mentions)
    for description in descriptions(text, tokens, named, resolver, verbs):
        covering = [
            m
            for m in out
            if m.kind == "speaker" and m.start <= tokens[description.head_token].start < m.end
        ]
        # "deputy White House press secretary": the gazetteer read the office without the
        # word making it a lesser one, so its holders are not the ones described.
        lesser_outside = description.lesser and not any(
            _LESSER & set(_WORD.findall(fold(m.surface))) for m in covering
        )
        if covering and not (description.former or lesser_outside or description.qualifiers):
            continue
        people = holders_described(resolver, description)
        if covering and not description.former and not lesser_outside:
            # The gazetteer's holders, and those whose roles word the office otherwise
            # ("spokesman for China's ministry of foreign affairs" beside "Chinese foreign
            # ministry spokesperson"): both are what the question describes.
            if not people:
                continue
            people = tuple(sorted({*people, *(i for m in covering for i in m.target_ids)}))
        if people:
            found = Mention("speaker", people, "", 0, 0)
        elif (description.colleague_of or lesser_outside) and description.entity_id is not None:
            # "Zelensky's deputy press secretary", "the deputy White House press secretary":
            # someone on the side, never the person or the full office's holders.
            found = Mention(
                "entity", (description.entity_id,), "", 0, 0, excluded=description.colleague_of
            )
        else:
            continue
        start = min([description.start, *(m.start for m in covering)])
        end = max([description.end, *(m.end for m in covering)])
        out = [m for m in out if not (m.start < end and start < m.end)]
        out.append(replace(found, surface=text[start:end], start=start, end=end))
    return sorted(out, key=lambda m: m.start)


def descriptions(
    text: str,
    tokens: Sequence[Token],
    mentions: Sequence[Mention],
    resolver: Resolver,
    verbs: frozenset[str] = frozenset(),
) -> list[Description]:
    """Every office head in the question with the words around it that qualify it."""
    heads = _heads()
    found = []
    for i, token in enumerate(tokens):
        if token.folded not in heads or _asked_for(tokens, i):
            continue
        phrase = _Phrase(text, tokens, mentions, verbs, first=i, last=i)
        phrase.read_before(i, resolver)
        phrase.read_complement(i, resolver)
        if len(phrase.entity_ids) > 1:
            continue  # "the head of the Russian-Ukrainian talks": whose office is unclear
        office, office_words = _gazetteer_office(tokens, i, phrase.first, phrase.last)
        words = [*reversed(phrase.before), *phrase.after]
        found.append(
            Description(
                head=token.folded,
                qualifiers=tuple(
                    w for w in dict.fromkeys(words) if w not in _LESSER and w not in office_words
                ),
                entity_id=next(iter(phrase.entity_ids), None),
                former=phrase.former,
                lesser=bool(_LESSER & set(words)),
                office_forms=office,
                colleague_of=phrase.colleague_of,
                start=tokens[phrase.first].start,
                end=tokens[phrase.last].end,
                head_token=i,
            )
        )
    return found


def _asked_for(tokens: Sequence[Token], head: int) -> bool:
    """ "Which British minister said …": the phrase the head ends opens with "which" or
    "what"."""
    opening = head - 1
    while opening >= 0 and tokens[opening].folded not in STOPWORDS:
        opening -= 1
    return opening >= 0 and tokens[opening].folded in _ASKING


@dataclass
class _Phrase:
    """The words around an office's head, read outwards from it: the qualifying words before
    and after, the side, the person whose colleague it is, and whether it is former."""

    text: str
    tokens: Sequence[Token]
    mentions: Sequence[Mention]
    verbs: frozenset[str]
    first: int
    last: int
    before: list[str] = field(default_factory=list)  # nearest first
    after: list[str] = field(default_factory=list)
    entity_ids: set[int] = field(default_factory=set)
    colleague_of: tuple[int, ...] = ()
    former: bool = False

    def read_before(self, head: int, resolver: Resolver) -> None:
        """Words of the same phrase before the head, back to a function word, a break or a
        name; a person's possessive gives the side ("Zelensky's deputy chief of staff")."""
        tokens = self.tokens
        j = head - 1
        while j >= 0 and head - j <= _BEFORE and not _parted(self.text, tokens[j], tokens[j + 1]):
            mention = _mention_at(self.mentions, tokens[j])
            if mention is not None and mention.kind == "speaker":
                if self._colleague(mention, resolver):
                    self.first = next(k for k, t in enumerate(tokens) if t.start >= mention.start)
                return
            if tokens[j].folded in _OWNER_PRONOUNS:
                # "Zelenskyy's building programmes, according to his deputy chief of
                # staff": the one person the question names elsewhere owns the office.
                people = [
                    m for m in self.mentions if m.kind == "speaker" and m.end <= tokens[j].start
                ]
                if len(people) == 1 and self._colleague(people[0], resolver, owned=False):
                    self.first = j
                return
            if not self._take(tokens[j].folded, mention, self.before):
                return
            self.first = j
            j -= 1

    def read_complement(self, head: int, resolver: Resolver) -> None:
        """ "of (the) …" after the head, up to the next function word or break; a person's
        possessive in it gives the side ("the head of Zelenskyy's office")."""
        tokens = self.tokens
        j = head + 2
        if j - 1 >= len(tokens) or tokens[j - 1].folded not in _COMPLEMENT:
            return
        if j < len(tokens) and tokens[j].folded == "the":
            j += 1
        while (
            j < len(tokens)
            and j - head - 1 <= _AFTER
            and not _parted(self.text, tokens[j - 1], tokens[j])
        ):
            mention = _mention_at(self.mentions, tokens[j])
            if mention is not None and mention.kind == "speaker":
                if self.colleague_of or not self._colleague(mention, resolver):
                    return
                while j + 1 < len(tokens) and tokens[j + 1].start < mention.end:
                    j += 1  # past the person's name
                self.last = j
                j += 1
                continue
            if not self._take(tokens[j].folded, mention, self.after, former=False):
                return
            self.last = j
            j += 1

    def _colleague(self, person: Mention, resolver: Resolver, *, owned: bool = True) -> bool:
        """Take the office as someone else's on the person's side, when the person owns
        it ("Zelensky's …", or `owned` said otherwise) and has one known side."""
        if owned and not possessive(self.text, person):
            return False
        side = _side_of(resolver, person)
        if side is None:
            return False
        self.entity_ids.add(side)
        self.colleague_of = person.target_ids
        return True

    def _take(
        self, word: str, mention: Mention | None, into: list[str], *, former: bool = True
    ) -> bool:
        """Read one word into the phrase; False where the phrase ends before it."""
        if mention is not None:
            if not _one_entity(mention):
                return False
            self.entity_ids.add(mention.target_ids[0])
        elif former and word in _FORMER:
            self.former = True
        elif word in STOPWORDS or word in self.verbs or not word.isalpha():
            return False
        elif not former or word not in _RANKING:
            into.append(word)
        return True


def _gazetteer_office(
    tokens: Sequence[Token], head: int, first: int, last: int
) -> tuple[tuple[tuple[str, ...], ...], frozenset[str]]:
    """The forms of the gazetteer's office whose phrase holds the head, within the
    description ("chief of staff": also "head of the office of the president"), longest
    first, and that phrase's words; nothing when none does."""
    table = offices()
    for n in range(4, 1, -1):
        for start in range(max(first, head - n + 1), min(head, last - n + 1) + 1):
            key = tuple(t.folded for t in tokens[start : start + n])
            office = table.phrases.get(key)
            if office is not None:
                return table.by_office[office], frozenset(key)
    return (), frozenset()


def holders_described(resolver: Resolver, description: Description) -> tuple[int, ...]:
    """The speakers fitting the description best, on its side or, when none there fits, of
    no known side; none when more than `MOST_HOLDERS` fit equally."""
    by_side = _roles(resolver)
    if description.entity_id is None:
        pool = [r for roles in by_side.values() for r in roles]
        fitting = _best(pool, description)
        return fitting if len(fitting) <= MOST_HOLDERS else ()
    fitting = _best(by_side.get(description.entity_id, []), description)
    if fitting:
        return fitting if len(fitting) <= MOST_HOLDERS else ()
    # Nothing says a speaker of no known side is on the one described: only a single one
    # fitting it is taken for it, whether the office is said in a word or two ("Australia's
    # treasurer") or in a complement most of whose words the role says ("the chair of the
    # UK parliament's defence committee").
    fitting = _best(by_side.get(None, []), description)
    return fitting if len(fitting) == 1 else ()


def _best(pool: list[_Role], d: Description) -> tuple[int, ...]:
    head = stem(d.head)
    generic = d.head in _generic_heads()
    heads = _head_groups().get(head, frozenset({head}))
    wanted = [(stem(q), q[:_PREFIX] if len(q) >= _PREFIX else None) for q in d.qualifiers]
    # One or two qualifying words must all be said; of more, half will do: the complement
    # may run on into the question ("the tory chair of the defence committee react …" is
    # "chair of the defence select committee").
    needed = len(wanted) if len(wanted) <= 2 else (len(wanted) + 1) // 2
    # Ranked by the qualifying words said, then by holding the very head the question says
    # ("the head of the presidential office" is its head, not an adviser to its head).
    best: tuple[int, bool] = (needed, False)
    fits: set[int] = set()
    for role in pool:
        if role.speaker_id in d.colleague_of:
            continue  # "Zelensky's deputy": never Zelensky
        if role.former != d.former or not _holds(role, d, heads, generic):
            continue
        said = sum(1 for s, p in wanted if s in role.stems or (p and p in role.prefixes))
        rank = (said, head in role.heads)
        if said < needed or rank < best:
            continue
        if rank > best:
            best, fits = rank, set()
        fits.add(role.speaker_id)
    return tuple(sorted(fits))


def _holds(role: _Role, d: Description, heads: frozenset[str], generic: bool) -> bool:
    """Whether the role is the office the description's head (or its gazetteer office, in
    any of its forms) says, lesser ("deputy …") exactly when the description is."""
    if d.office_forms:
        return any(
            role.words[i : i + len(form)] == form
            and bool(_LESSER & set(role.words[max(0, i - 2) : i])) == d.lesser
            for form in d.office_forms
            for i in range(min(role.own_end, len(role.words) - len(form) + 1))
        )
    held = role.lesser_heads if d.lesser else role.heads
    return bool(held) if generic else bool(heads & held)


def prepare(resolver: Resolver) -> None:
    """Read every speaker's roles now rather than on the first question describing one."""
    _roles(resolver)


def _roles(resolver: Resolver) -> dict[int | None, list[_Role]]:
    """Every speaker's roles as descriptions are matched against them, by side (None: no
    known side), worked out once per resolver: reading every role costs more than the rest
    of a question, and a description asks one side's."""
    return resolver.derived("described roles", lambda: _read_roles(resolver))


def _read_roles(resolver: Resolver) -> dict[int | None, list[_Role]]:
    out: dict[int | None, list[_Role]] = {}
    for s in resolver.speakers.values():
        for role in dict.fromkeys(r for r in (s.role, *s.roles) if r):
            out.setdefault(s.entity_id, []).append(_role(s.id, s.entity_id, role))
    return out


def _role(speaker_id: int, entity_id: int | None, role: str) -> _Role:
    """A role's words, and its own office: the heads before what it serves ("Adviser to the
    Head of the Office …" is an adviser), an owner's excepted ("President's Adviser")."""
    folded = fold(role)
    owners = {m.group(1) for m in _OWNER.finditer(folded)}
    words = tuple(
        w for w in _WORD.findall(folded.replace("’s", "").replace("'s", "")) if w != "the"
    )
    own_end = next((i for i, w in enumerate(words) if w in _SERVES), len(words))
    plain: set[str] = set()
    lesser: set[str] = set()
    for i, w in enumerate(words[:own_end]):
        if w in _heads() and w not in owners:
            (lesser if _LESSER & set(words[max(0, i - 2) : i]) else plain).add(stem(w))
    return _Role(
        speaker_id,
        entity_id,
        words,
        own_end,
        frozenset(stem(w) for w in words),
        frozenset(w[:_PREFIX] for w in words if len(w) >= _PREFIX),
        bool(_FORMER & set(words)),
        frozenset(plain),
        frozenset(lesser),
    )


def _mention_at(mentions: Sequence[Mention], token: Token) -> Mention | None:
    return next((m for m in mentions if m.start <= token.start < m.end), None)


def _side_of(resolver: Resolver, person: Mention) -> int | None:
    """The one side the person (all the people a name may be) is on, if any."""
    sides = {resolver.speakers[i].entity_id for i in person.target_ids if i in resolver.speakers}
    return sides.pop() if len(sides) == 1 else None


def _one_entity(mention: Mention) -> bool:
    """A side the description belongs to; a person's name or an ambiguous alias ends it."""
    return mention.kind == "entity" and len(mention.target_ids) == 1


def _parted(text: str, left: Token, right: Token) -> bool:
    return bool(_BREAK.search(text, left.end, right.start))
