"""Offices in questions: "Nato chief", "Russia's foreign minister", "the Kremlin spokesman".

An entity mention followed (or preceded, "… of Ukraine") by an office phrase names the
people holding that office for that entity. A speaker holds it when their role, with the
entity's own words and articles removed, starts with one of the office's phrases:
"Kremlin spokesman" -> "spokesman"; "Deputy Foreign Minister" does not start with
"foreign minister", so a deputy is not taken for the minister.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, partial

from bot.resources import data_json
from bot.text.analysis import STOPWORDS, fold, looks_like_a_name
from bot.text.entities import Mention, Resolver, SpeakerRef, Token, tokenize

_WINDOW = 4


@dataclass(frozen=True)
class Offices:
    phrases: dict[tuple[str, ...], str]  # folded phrase tokens -> office
    leader_words: frozenset[str]
    leader_offices: tuple[str, ...]
    by_office: dict[str, tuple[tuple[str, ...], ...]]
    # Aliases naming a ministry ("the Pentagon"), and the office heading it.
    ministry_heads: dict[tuple[str, ...], str]


@cache
def offices() -> Offices:
    raw = data_json("question_words.json")
    phrases: dict[tuple[str, ...], str] = {}
    by_office: dict[str, list[tuple[str, ...]]] = {}
    for office, forms in raw["roles"].items():
        for form in forms:
            key = tuple(fold(form).replace("-", " ").split())
            phrases[key] = office
            # Roles are compared without their articles (see role_holds).
            by_office.setdefault(office, []).append(tuple(w for w in key if w != "the"))
    return Offices(
        phrases=phrases,
        leader_words=frozenset(raw["leader_words"]),
        leader_offices=tuple(raw["leader_roles"]),
        by_office={k: tuple(v) for k, v in by_office.items()},
        ministry_heads={
            tuple(fold(alias).split()): office for alias, office in raw["ministry_heads"].items()
        },
    )


# Words that rank an office without changing it: "Zelensky's top aide" is one of his aides.
_RANKING_WORDS = frozenset({"top", "senior", "closest", "main", "leading"})
# Words that join an office to what it serves: "ambassador to the UN", "mayor of Kyiv".
_COMPLEMENT_WORDS = frozenset({"to", "in", "at", "of", "for"})


def _office_at(tokens: list[Token], i: int, *, the: bool = True) -> tuple[str, int] | None:
    """The office phrase starting at token i (after an optional "the", and a word ranking
    it: "the top aide"), and its length."""
    table = offices()
    skip = 1 if the and i < len(tokens) and tokens[i].folded == "the" else 0
    for n in range(4, 0, -1):
        key = tuple(t.folded for t in tokens[i + skip : i + skip + n])
        if len(key) < n:
            continue
        if key in table.phrases:
            return table.phrases[key], skip + n
        if n == 1 and key[0] in table.leader_words:
            return "leader", skip + 1
    if i + skip < len(tokens) and tokens[i + skip].folded in _RANKING_WORDS:
        ranked = _office_at(tokens, i + skip + 1, the=False)
        if ranked is not None and ranked[0] != "leader":
            return ranked[0], skip + 1 + ranked[1]
    return None


def role_holds(
    role: str | None, office: str, entity_names: list[str], qualifier: tuple[str, ...] = ()
) -> bool:
    """Whether the role, its entity's names left out, starts with one of the office's
    phrases, after the `qualifier` words when it starts with them ("Foreign Ministry
    spokeswoman" holds "spokesperson" qualified by "foreign ministry")."""
    if not role:
        return False
    text = f" {_plain(role)} "
    # Whole names only: "State Department spokesman" loses "state department", but
    # "Secretary of State" keeps its "state".
    for name in entity_names:
        text = text.replace(f" {name} ", " ")
    words = [w for w in text.split() if w != "the"]
    if qualifier and tuple(words[: len(qualifier)]) == qualifier:
        words = words[len(qualifier) :]
    return any(tuple(words[: len(form)]) == form for form in offices().by_office[office])


def _entity_names(resolver: Resolver, entity_id: int) -> list[str]:
    entity = resolver.entities[entity_id]
    names = {
        " ".join(fold(phrase).replace(".", "").replace("-", " ").split())
        for phrase in (entity.name, *entity.aliases, *entity.demonyms)
    }
    # Roles drop the article an alias has: "White House press secretary".
    names |= {name[4:] for name in names if name.startswith("the ")}
    return sorted(names, key=len, reverse=True)


def holders(
    resolver: Resolver, entity_id: int | None, office: str, qualifier: tuple[str, ...] = ()
) -> list[SpeakerRef]:
    """Who holds `office` for the entity (for any entity when it is None), qualified or
    not by the `qualifier` words: worked out once per resolver (an entity can have hundreds
    of speakers, and reading every role costs more than the rest of a question)."""
    return resolver.derived(
        ("holders", entity_id, office, qualifier),
        lambda: _holders(resolver, entity_id, office, qualifier),
    )


def _holders(
    resolver: Resolver, entity_id: int | None, office: str, qualifier: tuple[str, ...] = ()
) -> list[SpeakerRef]:
    if entity_id is None:
        # "the vice president": whoever holds it anywhere, their own side's words removed.
        return [
            s
            for s in resolver.speakers.values()
            if _held(
                s,
                office,
                _entity_names(resolver, s.entity_id) if s.entity_id in resolver.entities else [],
            )
        ]
    names = _entity_names(resolver, entity_id)
    members = [s for s in resolver.speakers.values() if s.entity_id == entity_id]
    if office != "leader":
        return [s for s in members if _held(s, office, names, qualifier)]
    for top in offices().leader_offices:  # the top office this entity has someone in
        found = [s for s in members if _held(s, top, names)]
        if found:
            return found
    return []


def _held(
    speaker: SpeakerRef, office: str, entity_names: list[str], qualifier: tuple[str, ...] = ()
) -> bool:
    """Whether any role documents gave the speaker (`_roles`) holds the office."""
    return any(role_holds(role, office, entity_names, qualifier) for role in _roles(speaker))


def office_mentions(text: str, mentions: list[Mention], resolver: Resolver) -> list[Mention]:
    """Replace office phrases by the people holding the office: "ENTITY OFFICE" / "OFFICE of
    ENTITY" ("Russia's foreign minister"), with words between ("Russia's foreign ministry
    spokeswoman") or around the entity ("the head of Ukraine's presidential office"),
    "PERSON's OFFICE" (someone else on that person's side: "Biden's national security
    adviser"), and "the OFFICE" alone ("the vice president": its holders anywhere). Words
    qualifying the office narrow its holders to those whose role says them: "the Pentagon
    press secretary", "the ambassador to the UN", "Kyiv's mayor"."""
    tokens = tokenize(text)
    starts = {t.start: i for i, t in enumerate(tokens)}
    ends = {t.end: i for i, t in enumerate(tokens)}
    out: list[Mention] = []
    for mention in mentions:
        replaced = None
        first, last = starts.get(mention.start), ends.get(mention.end)
        one_entity = mention.kind == "entity" and len(mention.target_ids) == 1
        if one_entity and first is not None and last is not None:
            replaced = _entity_office(text, tokens, mentions, mention, first, last, resolver)
        elif mention.kind == "speaker" and last is not None and possessive(text, mention):
            found = _office_at(tokens, last + 1)
            if found is not None:
                end = tokens[last + found[1]].end
                replaced = _colleague(resolver, mention, found[0], text[mention.start : end], end)
        out.append(replaced or mention)
    out += _bare_offices(text, tokens, out, resolver)
    # Words the office phrase took ("… secretary of state") are no mentions of their own.
    offices_found = [m for m in out if m not in mentions]
    kept = [
        m
        for m in out
        if m in offices_found or not any(o.start < m.end and m.start < o.end for o in offices_found)
    ]
    return sorted(kept, key=lambda m: m.start)


@dataclass(frozen=True)
class _Span:
    """An office phrase found around an entity: the office, its first and last token, and
    the words between the entity and the office ("foreign ministry")."""

    office: str
    first: int
    last: int
    qualifier: tuple[str, ...] = ()


def _entity_office(
    text: str,
    tokens: list[Token],
    mentions: list[Mention],
    mention: Mention,
    first: int,
    last: int,
    resolver: Resolver,
) -> Mention | None:
    entity_id = mention.target_ids[0]
    entity = resolver.entities[entity_id]
    # "Russia's …" and "Russian …" qualify what follows; "did Russia warn the president"
    # does not.
    owning = possessive(text, mention) or fold(mention.surface) in {
        fold(d) for d in entity.demonyms
    }
    span = (
        _office_after(tokens, mention, first, last, owning)
        or (_office_across(tokens, first, last) if owning else None)
        or _office_before_entity(tokens, first, last)
    )
    if span is None:
        return None
    people = holders(resolver, entity_id, span.office, span.qualifier)
    if span.qualifier:
        # Words between the side and the office must be a holder's own ("foreign ministry
        # spokeswoman"); otherwise they say what the question is about ("Ukraine's
        # presidential economic adviser" is found by the words of the adviser's role).
        people = [s for s in people if _says_any(s, " ".join(span.qualifier))]
    # Most telling first: what the office serves, then the name the question gave the side.
    groups = [
        _complement(tokens, mentions, span.last, resolver),
        _alias_words(resolver, entity_id, mention.surface),
    ]
    people = _narrowed(people, groups)
    if not people:
        return None
    start, end = tokens[span.first].start, tokens[span.last].end
    return Mention("speaker", tuple(sorted(s.id for s in people)), text[start:end], start, end)


def _office_after(
    tokens: list[Token], mention: Mention, first: int, last: int, owning: bool
) -> _Span | None:
    """ "Russia's foreign minister", "the Pentagon chief" (a ministry's head is its
    minister), and, after a possessive or a demonym, up to two words between: "Russia's
    foreign ministry spokeswoman"."""
    found = _office_at(tokens, last + 1)
    if found is not None:
        office = found[0]
        if office == "leader":
            key = tuple(fold(mention.surface).replace(".", "").split())
            office = offices().ministry_heads.get(key, office)
        return _Span(office, first, last + found[1])
    if not owning:
        return None
    for n in (1, 2):
        qualifier = tuple(t.folded for t in tokens[last + 1 : last + 1 + n])
        if len(qualifier) < n or any(w in STOPWORDS or not w.isalpha() for w in qualifier):
            break
        found = _office_at(tokens, last + 1 + n, the=False)
        if found is None:
            continue
        office = found[0]
        if office == "leader":  # "Russia's foreign ministry head": the ministry's head
            office = offices().ministry_heads.get(qualifier) or ""
        if office:
            return _Span(office, first, last + n + found[1], qualifier)
    return None


def _office_before_entity(tokens: list[Token], first: int, last: int) -> _Span | None:
    """ "the foreign minister of Ukraine": an office phrase ending in "of" before it."""
    if first < 2 or tokens[first - 1].folded != "of":
        return None
    for start in range(max(0, first - 1 - _WINDOW), first - 1):
        found = _office_at(tokens, start)
        if found and start + found[1] == first - 1:
            return _Span(found[0], start, last)
    return None


def _office_across(tokens: list[Token], first: int, last: int) -> _Span | None:
    """An office phrase the entity sits inside: "the head of Ukraine's presidential office"
    says "the head of the presidential office" of Ukraine."""
    of = first - 1
    if of >= 0 and tokens[of].folded == "the":
        of -= 1
    if of < 1 or tokens[of].folded != "of":
        return None
    table = offices()
    for k in (3, 2, 1):
        head = tuple(t.folded for t in tokens[max(0, of - k) : of])
        if len(head) < k:
            continue
        for n in (3, 2, 1):
            tail = tuple(t.folded for t in tokens[last + 1 : last + 1 + n])
            if len(tail) < n:
                continue
            for key in ((*head, "of", "the", *tail), (*head, "of", *tail)):
                if key in table.phrases:
                    return _Span(table.phrases[key], of - k, last + n)
    return None


def _alias_words(resolver: Resolver, entity_id: int, surface: str) -> list[str]:
    """The entity's name as the question wrote it, when it names an institution or a city
    rather than the country itself ("the Pentagon", "Kyiv"): a role saying it is held there."""
    said = _plain(surface)
    said = said[4:] if said.startswith("the ") else said
    entity = resolver.entities[entity_id]
    own = {_plain(entity.name), *(_plain(d) for d in entity.demonyms)}
    # An abbreviation ("US", "UK") is the country's name again, however roles write it.
    return [] if said in own or len(said) <= 3 else [said]


def _complement(
    tokens: list[Token], mentions: list[Mention], last: int, resolver: Resolver
) -> list[str]:
    """What an office phrase serves, after it: "ambassador to the UN" (the UN's names),
    "mayor of Kyiv"; nothing when no such words follow."""
    i = last + 1
    if i >= len(tokens) or tokens[i].folded not in _COMPLEMENT_WORDS:
        return []
    i += 1
    if i < len(tokens) and tokens[i].folded == "the":
        i += 1
    if i >= len(tokens):
        return []
    at = tokens[i].start
    for m in mentions:
        if m.start == at and m.kind == "entity" and len(m.target_ids) == 1:
            return _entity_names(resolver, m.target_ids[0])
    word = tokens[i].folded
    return [] if word in STOPWORDS else [word]


def _narrowed(people: list[SpeakerRef], groups: list[list[str]]) -> list[SpeakerRef]:
    """The holders whose role says one of each group's phrases; a group no holder's role
    says narrows nothing (most roles do not repeat their country)."""
    for phrases in groups:
        if not phrases:
            continue
        kept = [s for s in people if any(_says_any(s, p) for p in phrases)]
        if kept:
            people = kept
    return people


def _says(role: str | None, phrase: str) -> bool:
    return f" {phrase} " in f" {_plain(role or '')} "


def _says_any(speaker: SpeakerRef, phrase: str) -> bool:
    return any(_says(role, phrase) for role in _roles(speaker))


def _roles(speaker: SpeakerRef) -> tuple[str | None, ...]:
    """Every role documents gave the speaker, the first first: an office changes hands,
    and a speaker's first role may be a later or an earlier one ("Pentagon press
    secretary", then "National Security Council spokesperson")."""
    return tuple(dict.fromkeys((speaker.role, *speaker.roles)))


def _plain(text: str) -> str:
    return " ".join(fold(text).replace("-", " ").replace("’s", "").replace("'s", "").split())


def possessive(text: str, mention: Mention) -> bool:
    """Whether the mention is written with a possessive ("Russia's")."""
    return text[mention.end : mention.end + 2] in ("'s", "’s")


def _colleague(
    resolver: Resolver, person: Mention, office: str, surface: str, end: int
) -> Mention | None:
    """ "Biden's national security adviser": whoever holds the office on the person's side,
    the person excepted; when no one is known to, the person's side without the person."""
    sides = {
        side
        for i in person.target_ids
        if i in resolver.speakers and (side := resolver.speakers[i].entity_id) is not None
    }
    if len(sides) != 1:
        return None
    (side,) = sides
    people = [s.id for s in holders(resolver, side, office) if s.id not in person.target_ids]
    if people:
        return Mention("speaker", tuple(sorted(people)), surface, person.start, end)
    return Mention("entity", (side,), surface, person.start, end, excluded=person.target_ids)


def _bare_offices(
    text: str, tokens: list[Token], mentions: list[Mention], resolver: Resolver
) -> list[Mention]:
    """ "the vice president", "the first lady": an office after "the" that no side owns;
    and one qualified by words its holder's role says ("the labour leader", "the nsc
    spokesman": "National Security Council Spokesperson")."""
    out = []
    for i, token in enumerate(tokens):
        if token.folded != "the" or any(m.start <= token.start < m.end for m in mentions):
            continue
        found = _office_at(tokens, i + 1)
        if found is None:
            qualified = _qualified_office(tokens, i + 1, mentions, resolver)
            if qualified is not None:
                out.append(qualified)
            continue
        if found[0] == "leader":
            continue
        start, end = tokens[i + 1].start, tokens[i + found[1]].end
        if any(m.start < end and start < m.end for m in mentions):
            continue
        if text[end : end + 2] in ("'s", "’s"):
            continue  # "the president's adviser": the adviser speaks, and whose is unsaid
        people = holders(resolver, None, found[0])
        if people:
            out.append(
                Mention("speaker", tuple(sorted(s.id for s in people)), text[start:end], start, end)
            )
    return out


# A bare office qualified by its holder's words names someone only where few hold it.
_MOST_QUALIFIED_HOLDERS = 3


def _qualified_office(
    tokens: list[Token], first: int, mentions: list[Mention], resolver: Resolver
) -> Mention | None:
    """ "the labour leader", "the nsc spokesman": one or two words, then an office (a
    leader's too), held by the few people whose role says those words, or their initials
    ("nsc": "National Security Council")."""
    for n in (1, 2):
        qualifier = tuple(t.folded for t in tokens[first : first + n])
        if len(qualifier) < n or any(w in STOPWORDS or not w.isalpha() for w in qualifier):
            return None
        found = _office_at(tokens, first + n, the=False)
        if found is None:
            continue
        start, end = tokens[first].start, tokens[first + n + found[1] - 1].end
        if any(m.start < end and start < m.end for m in mentions):
            return None
        # Worked out once per resolver: reading every speaker's role costs more than the
        # rest of a question.
        office = found[0]
        people = resolver.derived(
            ("qualified", office, qualifier),
            partial(_qualified_holders, resolver, office, qualifier),
        )
        if 0 < len(people) <= _MOST_QUALIFIED_HOLDERS:
            surface = " ".join(t.surface for t in tokens[first : first + n + found[1]])
            return Mention("speaker", people, surface, start, end)
        return None
    return None


def _qualified_holders(
    resolver: Resolver, office: str, qualifier: tuple[str, ...]
) -> tuple[int, ...]:
    """The speakers whose role says the office (any of its phrases; a leader's word) and
    every qualifying word or its initials."""
    table = offices()
    phrases = (
        table.leader_words if office == "leader" else [" ".join(f) for f in table.by_office[office]]
    )
    found = []
    for s in resolver.speakers.values():
        for role in _roles(s):
            words = _plain(role or "").split()
            plain = f" {' '.join(words)} "
            initials = "".join(w[0] for w in words if w not in STOPWORDS)
            says_qualifier = all(
                q in words or (2 <= len(q) <= 4 and q in initials) for q in qualifier
            )
            if says_qualifier and any(f" {p} " in plain for p in phrases):
                found.append(s.id)
                break
    return tuple(sorted(found))


@cache
def _given_names() -> frozenset[str]:
    """Given names, folded, as the extractor knows them (data/cues.json)."""
    names = data_json("cues.json")["given_names"]
    return frozenset(fold(n) for group in names.values() for n in group)


def office_then_unknown_name(text: str, mentions: list[Mention]) -> str | None:
    """ "german defence minister pistorius", "georgia's pm kobakhidze": an office followed by
    a name the store does not know names someone else than the office's known holders."""
    tokens = tokenize(text)
    for i in range(len(tokens)):
        found = _office_at(tokens, i)
        if found is None or found[0] == "leader":
            continue
        after = i + found[1]
        if after >= len(tokens):
            continue
        name = last = tokens[after]
        # "new zealand's prime minister chris hipkins": a given name common enough to be a
        # word, then a surname no dictionary has, is a name too.
        if (
            not looks_like_a_name(name.folded)
            and name.folded in _given_names()
            and after + 1 < len(tokens)
            and looks_like_a_name(tokens[after + 1].folded)
        ):
            last = tokens[after + 1]
        elif not looks_like_a_name(name.folded):
            continue
        if any(
            m.start <= name.start < m.end and m.kind == "speaker" and m.start >= name.start
            for m in mentions
        ):
            continue
        if any(m.start <= name.start < m.end for m in mentions if m.end <= tokens[i].start):
            continue
        if any(m.start == name.start for m in mentions):
            continue
        return text[tokens[i].start : last.end]
    return None
