"""A channel's digest filters: which entities, speakers and topics it wants.

Stored in subscription.filters as {"entities": [entity keys], "speakers": [speaker keys],
"topics": [words]}. Keys, not ids or display names, so a filter survives re-seeding and
renames. Entities and speakers say *who* (a statement passes if its speaker is one of the
speakers or belongs to one of the entities); topics narrow that further (a statement passes
if any topic is its kind, one of its tags, or a word-start in its words or context, so
"talk" matches "talks").
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.core.errors import InvalidInput, NotFound
from bot.schedule import queries
from bot.store.models import Statement
from bot.text.analysis import fold
from bot.text.entities import Resolver

MAX_PER_KIND = 20
TOPIC_CHARS = (2, 40)
_KINDS = ("entities", "speakers", "topics")
_ALIASES = {"entity": "entities", "speaker": "speakers", "topic": "topics"}


@dataclass(frozen=True)
class Filters:
    entities: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()

    @classmethod
    def from_json(cls, data: Mapping[str, object] | None) -> Filters:
        data = data or {}

        def strings(key: str) -> tuple[str, ...]:
            value = data.get(key) or ()
            return tuple(str(v) for v in value) if isinstance(value, list | tuple) else ()

        return cls(strings("entities"), strings("speakers"), strings("topics"))

    def to_json(self) -> dict[str, list[str]]:
        return {k: list(getattr(self, k)) for k in _KINDS if getattr(self, k)}

    @property
    def empty(self) -> bool:
        return not (self.entities or self.speakers or self.topics)

    def describe(self, session: Session) -> str:
        if self.empty:
            return "none (every newly approved statement)"
        parts = []
        if self.entities:
            names = queries.entity_names(session, self.entities)
            parts.append("entities " + ", ".join(_names(self.entities, names)))
        if self.speakers:
            names = queries.speaker_names(session, self.speakers)
            parts.append("speakers " + ", ".join(_names(self.speakers, names)))
        if self.topics:
            parts.append("topics " + ", ".join(self.topics))
        return "; ".join(parts)


def _names(keys: tuple[str, ...], names: dict[str, str]) -> list[str]:
    return [names.get(k, f"{k} (no longer known)") for k in keys]


def filter_arguments(text: str) -> tuple[tuple[str, ...], dict[str, str]]:
    """`entities=Russia, United States topics=talks` -> (words, options).

    A value runs on until the next key=, since names have spaces; plain words before any
    key= (such as `clear`) are returned as words.
    """
    try:
        tokens = shlex.split(text.replace("“", '"').replace("”", '"'))
    except ValueError as exc:
        raise InvalidInput(
            f"could not read the filter: {exc} (check the quotation marks)"
        ) from None
    words: list[str] = []
    options: dict[str, str] = {}
    current: str | None = None
    for token in tokens:
        key, eq, value = token.partition("=")
        if eq and key and key.replace("_", "").replace("-", "").isalnum():
            current = key.lower().replace("-", "_")
            options[current] = value
        elif current is not None:
            options[current] = f"{options[current]} {token}".strip()
        else:
            words.append(token)
    return tuple(words), options


def updated_filters(
    session: Session,
    resolver: Resolver,
    current: Filters,
    options: Mapping[str, str],
    words: tuple[str, ...],
) -> Filters:
    """Apply `schedule filter` arguments to `current`.

    `clear` empties everything; entities=…, speakers=…, topics=… (comma-separated) replace
    that kind; an empty value or "none" clears just that kind.
    """
    given = {_ALIASES.get(k, k): v for k, v in options.items() if k != "action"}
    unknown = sorted(set(given) - set(_KINDS))
    cleared = [w for w in words if w.lower() in ("clear", "none", "off")]
    stray = [w for w in words if w not in cleared]
    if unknown or stray:
        bad = ", ".join([*unknown, *stray])
        raise InvalidInput(
            f"filter takes entities=…, speakers=…, topics=… (comma-separated) or clear; "
            f"cannot use: {bad}"
        )
    if cleared and given:
        raise InvalidInput("give either clear or entities=/speakers=/topics=, not both")
    if cleared:
        return Filters()
    if not given:
        raise InvalidInput(
            "give what to keep, e.g. schedule filter entities=Russia,Ukraine speakers=lavrov "
            "topics=talks (or schedule filter clear)"
        )
    values = {k: getattr(current, k) for k in _KINDS}
    for kind, raw in given.items():
        items = _split(raw)
        if len(items) > MAX_PER_KIND:
            raise InvalidInput(f"{len(items)} {kind} is too many; the limit is {MAX_PER_KIND}")
        if kind == "entities":
            values[kind] = _resolve(session, resolver, items, "entity")
        elif kind == "speakers":
            values[kind] = _resolve(session, resolver, items, "speaker")
        else:
            values[kind] = tuple(dict.fromkeys(_topic(t) for t in items))
    return Filters(**values)


def _split(raw: str) -> list[str]:
    if raw.strip().lower() in ("", "none", "any", "all"):
        return []
    return [p.strip() for p in re.split(r"[,;]", raw) if p.strip()]


def _topic(raw: str) -> str:
    topic = " ".join(fold(raw).split())
    low, high = TOPIC_CHARS
    if not low <= len(topic) <= high:
        raise InvalidInput(f"topic “{raw[:60]}” must be {low} to {high} characters long")
    return topic


def _resolve(session: Session, resolver: Resolver, names: list[str], kind: str) -> tuple[str, ...]:
    keys: list[str] = []
    for name in names:
        mentions = resolver.find(name, names_only=True)
        wanted = [m for m in mentions if m.kind == kind]
        if not wanted:
            other = "speaker" if kind == "entity" else "entity"
            if any(m.kind == other for m in mentions):
                raise InvalidInput(
                    f"“{name}” is {'a' if other == 'speaker' else 'an'} {other}, not "
                    f"{'an' if kind == 'entity' else 'a'} {kind}; put it under "
                    f"{'speakers' if other == 'speaker' else 'entities'}="
                )
            raise NotFound(f"no {kind} called “{name[:60]}”; known: {_known(resolver, kind)}")
        ids = {i for m in wanted for i in m.target_ids}
        found = queries.keys_of(session, kind, ids)
        if len(found) > 1:
            raise InvalidInput(f"“{name}” could mean several {kind}s; write the full name")
        keys.extend(found)
    return tuple(dict.fromkeys(keys))


def _known(resolver: Resolver, kind: str, shown: int = 12) -> str:
    pool = resolver.entities if kind == "entity" else resolver.speakers
    names = sorted(ref.name for ref in pool.values())
    more = len(names) - shown
    return ", ".join(names[:shown]) + (f" and {more} more" if more > 0 else "")


@dataclass(frozen=True)
class Matcher:
    """Filters with keys resolved to ids, for checking statements."""

    entity_ids: frozenset[int]
    speaker_ids: frozenset[int]
    topics: tuple[str, ...]
    # Set even when the keys no longer resolve: a who-filter that names nobody known
    # matches nothing rather than everything.
    restricts_who: bool = False

    @classmethod
    def build(cls, session: Session, filters: Filters) -> Matcher:
        return cls(
            queries.entity_ids(session, filters.entities),
            queries.speaker_ids(session, filters.speakers),
            filters.topics,
            restricts_who=bool(filters.entities or filters.speakers),
        )

    def matches(self, st: Statement) -> bool:
        return self.matches_parts(
            st.speaker_id, st.speaker.entity_id, st.kind, st.tags, f"{st.text} {st.context}"
        )

    def matches_parts(
        self,
        speaker_id: int,
        entity_id: int | None,
        kind: str | None,
        tags: Iterable[str],
        body: str,
    ) -> bool:
        """`matches` on a statement's columns (a digest reads thousands as plain rows)."""
        if self.restricts_who and not (
            speaker_id in self.speaker_ids or entity_id in self.entity_ids
        ):
            return False
        if not self.topics:
            return True
        labels = {fold(kind or ""), *(fold(t) for t in tags)}
        folded = fold(body)
        return any(t in labels or re.search(rf"(?<!\w){re.escape(t)}", folded) for t in self.topics)
