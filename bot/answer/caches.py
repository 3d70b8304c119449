"""What answering remembers between questions, and when it looks again.

Four things cost more to read on every question than the answer itself at a million
statements, and change slowly; each is kept with the rule that says when it is stale:

- `AliasIndex`: the resolver of speakers' and entities' names, rebuilt when either table
  changed (in any process), checked at most every `RESOLVER_CHECK_S`;
- `IndexSize`: how many statements are indexed (for word weights), read again after `TTL_S`;
- `Frequencies`: each word's document frequency, read again after `TTL_S`, forgotten all at
  once past `FREQUENCIES_KEPT` words;
- `KnownSpeakers`: every speaker with approved statements, by count (listed when a question
  names someone unknown), kept while a checksum of the counts and the alias index stay.
"""

from __future__ import annotations

import time
from typing import NamedTuple

from sqlalchemy.orm import Session

from bot.store import reads, repo
from bot.store.search import SearchBackend
from bot.text.entities import EntityRef, Resolver, SpeakerRef
from bot.text.gazetteer import ambiguous_aliases

# Checking whether speakers or entities changed costs two queries: not on every question.
RESOLVER_CHECK_S = 5.0
# Word weights barely move in a minute.
TTL_S = 60.0
FREQUENCIES_KEPT = 20_000


class AliasIndex:
    """The alias index, rebuilt when speakers or entities changed (in any process)."""

    def __init__(self) -> None:
        self.resolver: Resolver | None = None
        self._signature: tuple | None = None
        self._checked = 0.0

    def get(self, session: Session) -> Resolver:
        now = time.monotonic()
        if self.resolver is not None and now - self._checked < RESOLVER_CHECK_S:
            return self.resolver
        self._checked = now
        signature = reads.people_signature(session)
        if self.resolver is None or signature != self._signature:
            entities = [
                EntityRef(e.id, e.key, e.name, tuple(e.aliases), tuple(e.demonyms))
                for e in repo.all_entities(session)
            ]
            speakers = [
                SpeakerRef(s.id, s.name, tuple(s.aliases), s.role, s.entity_id, tuple(s.roles))
                for s in repo.all_speakers(session)
            ]
            self.resolver = Resolver(entities, speakers, ambiguous_aliases(entities))
            self._signature = signature
        return self.resolver


class Counted(NamedTuple):
    """A count and when (time.monotonic) it was read."""

    at: float
    n: int


class IndexSize:
    """The index's size for word weights: counting a million rows on every question would
    cost more than the answer."""

    def __init__(self) -> None:
        self._counted: Counted | None = None

    def get(self, session: Session, search: SearchBackend) -> int:
        now = time.monotonic()
        if self._counted is None or now - self._counted.at > TTL_S:
            self._counted = Counted(now, search.size(session))
        return self._counted.n


class Frequencies:
    """Document frequencies, remembered for a minute: questions share their words."""

    def __init__(self) -> None:
        self._by_word: dict[str, Counted] = {}

    def get(self, session: Session, search: SearchBackend, words: list[str]) -> dict[str, int]:
        now = time.monotonic()
        # Looked up word by word: scanning the whole cache (up to FREQUENCIES_KEPT words) on
        # every question would cost more than the look-up saves.
        known = {}
        for w in words:
            hit = self._by_word.get(w)
            if hit is not None and now - hit.at <= TTL_S:
                known[w] = hit.n
        missing = [w for w in words if w not in known]
        if missing:
            for word, n in search.document_frequency(session, missing).items():
                self._by_word[word] = Counted(now, n)
                known[word] = n
            if len(self._by_word) > FREQUENCIES_KEPT:
                self._by_word.clear()
        return known


class _Listed(NamedTuple):
    resolver: Resolver
    signature: tuple[int, int, int]
    speakers: list[tuple[str, int]]


class KnownSpeakers:
    """(name, approved statements) of every speaker the alias index knows, most first."""

    def __init__(self) -> None:
        self._listed: _Listed | None = None

    def get(self, session: Session, resolver: Resolver) -> list[tuple[str, int]]:
        # Thousands of speakers to list and sort: kept while the counts' checksum (one
        # cheap aggregate, read every time) and the alias index stay the same.
        signature = reads.approved_counts_signature(session)
        listed = self._listed
        if listed is None or listed.resolver is not resolver or listed.signature != signature:
            counts = repo.approved_counts_by_speaker(session)
            known = sorted(
                (
                    (resolver.speakers[i].name, n)
                    for i, n in counts.items()
                    if i in resolver.speakers
                ),
                key=lambda pair: (-pair[1], pair[0]),
            )
            listed = self._listed = _Listed(resolver, signature, known)
        return list(listed.speakers)
