"""The shipped gazetteer: entities (countries, organisations) and known speakers."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from bot.resources import data_dir


@dataclass(frozen=True)
class EntityEntry:
    key: str
    name: str
    kind: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]


@dataclass(frozen=True)
class SpeakerEntry:
    name: str
    aliases: tuple[str, ...]
    role: str | None
    entity: str | None


@dataclass(frozen=True)
class Gazetteer:
    entities: tuple[EntityEntry, ...]
    speakers: tuple[SpeakerEntry, ...]
    ambiguous_aliases: frozenset[str] = frozenset()


@cache
def load_gazetteer() -> Gazetteer:
    raw = json.loads((data_dir() / "gazetteer.json").read_text(encoding="utf-8"))
    entities = tuple(
        EntityEntry(e["key"], e["name"], e["kind"], tuple(e["aliases"]), tuple(e["demonyms"]))
        for e in raw["entities"]
    )
    keys = {e.key for e in entities}
    speakers = []
    for s in raw["speakers"]:
        if s.get("entity") and s["entity"] not in keys:
            raise ValueError(f"gazetteer speaker {s['name']} names unknown entity {s['entity']}")
        speakers.append(
            SpeakerEntry(s["name"], tuple(s["aliases"]), s.get("role"), s.get("entity"))
        )
    return Gazetteer(entities, tuple(speakers), frozenset(raw.get("ambiguous_aliases", ())))
