"""Offices in questions: "Nato chief", "Russia's foreign minister", "the Kremlin spokesman".

An entity mention followed (or preceded, "… of Ukraine") by an office phrase names the
people holding that office for that entity. A speaker holds it when their role, with the
entity's own words and articles removed, starts with one of the office's phrases:
"Kremlin spokesman" -> "spokesman"; "Deputy Foreign Minister" does not start with
"foreign minister", so a deputy is not taken for the minister.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from bot.answer.analysis import fold
from bot.answer.entities import Mention, Resolver, SpeakerRef, Token, tokenize
from bot.resources import data_dir

_WINDOW = 4


@dataclass(frozen=True)
class Offices:
    phrases: dict[tuple[str, ...], str]  # folded phrase tokens -> office
    leader_words: frozenset[str]
    leader_offices: tuple[str, ...]
    by_office: dict[str, tuple[tuple[str, ...], ...]]


@cache
def offices() -> Offices:
    raw = json.loads((data_dir() / "question_words.json").read_text(encoding="utf-8"))
    phrases: dict[tuple[str, ...], str] = {}
    by_office: dict[str, list[tuple[str, ...]]] = {}
    for office, forms in raw["roles"].items():
        for form in forms:
            key = tuple(fold(form).replace("-", " ").split())
            phrases[key] = office
            by_office.setdefault(office, []).append(key)
    return Offices(
        phrases=phrases,
        leader_words=frozenset(raw["leader_words"]),
        leader_offices=tuple(raw["leader_roles"]),
        by_office={k: tuple(v) for k, v in by_office.items()},
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


def holders(resolver: Resolver, entity_id: int, office: str) -> list[SpeakerRef]:
    """Who holds `office` for the entity: worked out once per resolver (an entity can have
    hundreds of speakers, and reading every role costs more than the rest of a question)."""
    return resolver.derived(
        ("holders", entity_id, office), lambda: _holders(resolver, entity_id, office)
    )


def _holders(resolver: Resolver, entity_id: int, office: str) -> list[SpeakerRef]:
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
    """Replace "ENTITY OFFICE" / "OFFICE of ENTITY" entity mentions by the office holders."""
    tokens = tokenize(text)
    starts = {t.start: i for i, t in enumerate(tokens)}
    ends = {t.end: i for i, t in enumerate(tokens)}
    out: list[Mention] = []
    for mention in mentions:
        replaced = None
        if mention.kind == "entity" and len(mention.target_ids) == 1:
            after = ends.get(mention.end)
            found = _office_at(tokens, after + 1) if after is not None else None
            span_end = tokens[after + found[1]].end if found else mention.end
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
        out.append(replaced or mention)
    # Words the office phrase took ("… secretary of state") are no mentions of their own.
    offices_found = [m for m, o in zip(out, mentions, strict=True) if m is not o]
    return [
        m
        for m in out
        if m in offices_found or not any(o.start < m.end and m.start < o.end for o in offices_found)
    ]


def _office_before(tokens: list[Token], index: int | None) -> tuple[tuple[str, int] | None, int]:
    """ "the foreign minister of Ukraine": an office phrase ending in "of" before the entity."""
    if index is None or index < 2 or tokens[index - 1].folded != "of":
        return None, 0
    for start in range(max(0, index - 1 - _WINDOW), index - 1):
        found = _office_at(tokens, start)
        if found and start + found[1] == index - 1:
            return found, tokens[start].start
    return None, 0
