"""Pronoun resolution for ``speakers.Registry``: "he"/"she" to the most salient person.

The ranking itself (subjects and speakers over objects, obliques and possessors) lives in
``salience``; this mixin walks the sentences back from a pronoun and remembers each
sentence's result.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

from .names import Phrase, is_org
from .salience import candidates

if TYPE_CHECKING:
    from .speakers import Person
    from .text import Layout


class PronounResolver:
    layout: Layout
    people: list[Person]
    _by_key: dict[str, Person]
    _sentences: list[tuple[int, int]]
    _sent_starts: list[int]
    _pronoun_memo: dict[tuple[int, str | None], tuple[Person | None, bool]]
    _speakers: dict[int, Person]

    if TYPE_CHECKING:  # provided by ``speakers.Registry``

        def person(self, name: str, role: str = "", gender: str | None = None) -> Person: ...
        def is_known(self, name: str) -> bool: ...
        def lookup_surname(self, token: str, before: int) -> Person | None: ...
        def by_role(self, phrase: str, at: int, recent: bool = False) -> Person | None: ...
        def _match_existing(self, name: str, gender: str | None = None) -> Person | None: ...

    def antecedent(
        self, pos: int, gender: str | None, exclude: tuple[Person, ...] = ()
    ) -> Person | None:
        """The most salient compatible person before ``pos``: a subject or speaker of the same
        sentence or of the nearest sentence before it that has one (see ``salience``)."""
        if not self._sentences:
            return None
        idx = max(0, bisect_right(self._sent_starts, pos) - 1)
        s0 = self._sentences[idx][0]
        strong, _, _, _ = candidates(self, s0, pos, gender)
        strong = [p for p in strong if p not in exclude]
        if strong:
            return strong[0]
        for j in range(idx - 1, max(-1, idx - 8), -1):
            person, blocked = self._topic(j, gender, exclude)
            if person is not None or blocked:
                return person  # blocked: "A senior official said …", someone unnamed
        # Nobody in subject position nearby: the first person named at all.
        for j in range(idx, max(-1, idx - 3), -1):
            a, b = self._sentences[j]
            found = [p for _, p in self.mentions_between(a, min(b, pos), gender)]
            found = [p for p in found if p not in exclude]
            if found:
                return found[0]
        return None

    def _topic(
        self, j: int, gender: str | None, exclude: tuple[Person, ...]
    ) -> tuple[Person | None, bool]:
        """Sentence ``j``'s person for a later pronoun, and whether an unnamed subject blocks
        the search."""
        key = (j, gender)
        if key in self._pronoun_memo and not exclude:
            return self._pronoun_memo[key]
        self._pronoun_memo.setdefault(key, (None, False))  # guards against cycles
        strong, weak, other, blocked = candidates(self, *self._sentences[j], gender)
        # The subject is a person of the other gender: the pronoun means an object.
        found = [p for p in strong + (weak if other else []) if p not in exclude]
        result = (found[0] if found else None, blocked and not found)
        if not exclude:
            self._pronoun_memo[key] = result
        return result

    def sentence(self, j: int) -> tuple[int, int]:
        return self._sentences[j]

    def note_speaker(self, pos: int, p: Person) -> None:
        """A cue's speaker at ``pos``: the most salient person of its sentence."""
        self._speakers[pos] = p

    def speakers_between(self, a: int, b: int) -> list[tuple[int, Person]]:
        return sorted((pos, p) for pos, p in self._speakers.items() if a <= pos < b)

    def subject_person(self, ph: Phrase, gender: str | None) -> Person | None:
        """The person a sentence's subject phrase names, without registering anyone new."""
        if ph.kind == "pronoun":
            return self.antecedent(ph.pos, ph.gender) if ph.gender in ("m", "f") else None
        if ph.kind == "role":
            return self.by_role(ph.text, ph.pos)
        if ph.kind != "name" or is_org(ph.name):
            return None
        if not self.is_known(ph.name) and ph.role and len(ph.name.split()) >= 2:
            return self.person(ph.name, ph.role, ph.gender)  # "Prime Minister Jane Doe"
        if self.is_known(ph.name):
            if len(ph.name.split()) == 1:
                return self.lookup_surname(ph.name, ph.pos)
            return self._by_key.get(ph.name.lower()) or self._match_existing(ph.name, gender)
        return None

    def mentions_between(
        self, a: int, b: int, gender: str | None = None
    ) -> list[tuple[int, Person]]:
        """(mention, person) in text order; a possessive mention is negative (see
        ``_index_mentions``)."""
        out = [
            (m, p)
            for p in self.people
            if not (gender and p.gender and p.gender != gender)
            for m in p.mentions
            if a <= abs(m) < b
        ]
        out.sort(key=lambda t: abs(t[0]))
        return out
