"""Offices in questions: "Nato chief", "Russia's foreign minister", "the Kremlin spokesman".

An entity mention followed (or preceded, "… of Ukraine") by an office phrase names the
people holding that office for that entity. A speaker holds it when their role, with the
entity's own words and articles removed, starts with one of the office's phrases:
"Kremlin spokesman" -> "spokesman"; "Deputy Foreign Minister" does not start with
"foreign minister", so a deputy is not taken for the minister.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from bot.resources import data_json
from bot.text.analysis import fold, looks_like_a_name
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


def _office_at(tokens: list[Token], i: int) -> tuple[str, int] | None:
    """The office phrase starting at token i (after an optional "the"), and its length."""
    table = offices()
    skip = 1 if i < len(tokens) and tokens[i].folded == "the" else 0
    for n in range(4, 0, -1):
        key = tuple(t.folded for t in tokens[i + skip : i + skip + n])
        if len(key) < n:
            continue
        if key in table.phrases:
            return table.phrases[key], skip + n
        if n == 1 and key[0] in table.leader_words:
            return "leader", skip + 1
    return None


def role_holds(role: str | None, office: str, entity_names: list[str]) -> bool:
    if not role:
        return False
    plain = fold(role).replace("-", " ").replace("’s", "").replace("'s", "")
    text = " " + " ".join(plain.split()) + " "
    # Whole names only: "State Department spokesman" loses "state department", but
    # "Secretary of State" keeps its "state".
    for name in entity_names:
        text = text.replace(f" {name} ", " ")
    words = [w for w in text.split() if w != "the"]
    return any(tuple(words[: len(form)]) == form for form in offices().by_office[office])


def _entity_names(resolver: Resolver, entity_id: int) -> list[str]:
    entity = resolver.entities[entity_id]
    names = {
        " ".join(fold(phrase).replace(".", "").replace("-", " ").split())
        for phrase in (entity.name, *entity.aliases, *entity.demonyms)
    }
    return sorted(names, key=len, reverse=True)


def holders(resolver: Resolver, entity_id: int | None, office: str) -> list[SpeakerRef]:
    """Who holds `office` for the entity (for any entity when it is None): worked out once
    per resolver (an entity can have hundreds of speakers, and reading every role costs
    more than the rest of a question)."""
    return resolver.derived(
        ("holders", entity_id, office), lambda: _holders(resolver, entity_id, office)
    )


def _holders(resolver: Resolver, entity_id: int | None, office: str) -> list[SpeakerRef]:
    if entity_id is None:
        # "the vice president": whoever holds it anywhere, their own side's words removed.
        return [
            s
            for s in resolver.speakers.values()
            if role_holds(
                s.role,
                office,
                _entity_names(resolver, s.entity_id) if s.entity_id in resolver.entities else [],
            )
        ]
    names = _entity_names(resolver, entity_id)
    members = [s for s in resolver.speakers.values() if s.entity_id == entity_id]
    if office != "leader":
        return [s for s in members if role_holds(s.role, office, names)]
    for top in offices().leader_offices:  # the top office this entity has someone in
        found = [s for s in members if role_holds(s.role, top, names)]
        if found:
            return found
    return []


def office_mentions(text: str, mentions: list[Mention], resolver: Resolver) -> list[Mention]:
    """Replace office phrases by the people holding the office: "ENTITY OFFICE" / "OFFICE of
    ENTITY" ("Russia's foreign minister"), "PERSON's OFFICE" (someone else on that person's
    side: "Biden's national security adviser"), and "the OFFICE" alone ("the vice
    president": its holders anywhere)."""
    tokens = tokenize(text)
    starts = {t.start: i for i, t in enumerate(tokens)}
    ends = {t.end: i for i, t in enumerate(tokens)}
    out: list[Mention] = []
    for mention in mentions:
        replaced = None
        after = ends.get(mention.end)
        if mention.kind == "entity" and len(mention.target_ids) == 1:
            found = _office_at(tokens, after + 1) if after is not None else None
            if found and found[0] == "leader":
                key = tuple(fold(mention.surface).replace(".", "").split())
                head = offices().ministry_heads.get(key)
                found = (head, found[1]) if head else found
            span_end = tokens[after + found[1]].end if found and after is not None else mention.end
            span_start = mention.start
            if found is None:
                found, span_start = _office_before(tokens, starts.get(mention.start))
            if found is not None:
                people = holders(resolver, mention.target_ids[0], found[0])
                if people:
                    replaced = Mention(
                        "speaker",
                        tuple(sorted(s.id for s in people)),
                        text[span_start:span_end],
                        span_start,
                        span_end,
                    )
        elif mention.kind == "speaker" and after is not None and _possessive(text, mention):
            found = _office_at(tokens, after + 1)
            if found is not None:
                end = tokens[after + found[1]].end
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


def _possessive(text: str, mention: Mention) -> bool:
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
    """ "the vice president", "the first lady": an office after "the" that no side owns."""
    out = []
    for i, token in enumerate(tokens):
        if token.folded != "the" or any(m.start <= token.start < m.end for m in mentions):
            continue
        found = _office_at(tokens, i + 1)
        if found is None or found[0] == "leader":
            continue
        start, end = tokens[i + 1].start, tokens[i + found[1]].end
        if any(m.start < end and start < m.end for m in mentions):
            continue
        people = holders(resolver, None, found[0])
        if people:
            out.append(
                Mention("speaker", tuple(sorted(s.id for s in people)), text[start:end], start, end)
            )
    return out


def _office_before(tokens: list[Token], index: int | None) -> tuple[tuple[str, int] | None, int]:
    """ "the foreign minister of Ukraine": an office phrase ending in "of" before the entity."""
    if index is None or index < 2 or tokens[index - 1].folded != "of":
        return None, 0
    for start in range(max(0, index - 1 - _WINDOW), index - 1):
        found = _office_at(tokens, start)
        if found and start + found[1] == index - 1:
            return found, tokens[start].start
    return None, 0


def office_then_unknown_name(text: str, mentions: list[Mention]) -> str | None:
    """ "german defence minister pistorius", "georgia's pm kobakhidze": an office followed by
    a name the store does not know names someone else than the office's known holders."""
    tokens = tokenize(text)
    for i in range(len(tokens)):
        found = _office_at(tokens, i)
        if found is None or found[0] == "leader":
            continue
        after = i + found[1]
        if after >= len(tokens) or not looks_like_a_name(tokens[after].folded):
            continue
        name = tokens[after]
        if any(
            m.start <= name.start < m.end and m.kind == "speaker" and m.start >= name.start
            for m in mentions
        ):
            continue
        if any(m.start <= name.start < m.end for m in mentions if m.end <= tokens[i].start):
            continue
        if any(m.start == name.start for m in mentions):
            continue
        return text[tokens[i].start : name.end]
    return None
