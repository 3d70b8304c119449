"""Pronoun resolution for ``speakers.Registry``: "he"/"she" to the most salient person.

The ranking itself (subjects and speakers over objects, obliques and possessors) lives in
``salience``; this object walks the sentences back from a pronoun and remembers each
sentence's result. It belongs to one ``speakers.Registry`` and asks it about people.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

from .names import Phrase, is_org
from .salience import candidates, subject_phrase

if TYPE_CHECKING:
    from .speakers import Person, Registry


class PronounResolver:
    """ "he"/"she" in one document to the person the registry knows that it most likely means."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.layout = registry.layout
        self._sentences: list[tuple[int, int]] = []
        self._sent_starts: list[int] = []
        # (sentence, gender) -> (its person for a later pronoun, an unnamed subject blocks)
        self._memo: dict[tuple[int, str | None], tuple[Person | None, bool]] = {}
        self._speakers: dict[int, Person] = {}

    def index_sentences(self) -> None:
        """Read the document's sentences (boilerplate left out) once its people are known;
        what was remembered about them before no longer holds."""
        layout = self.layout
        self._sentences = [
            s
            for i in range(len(layout.paragraphs))
            if not layout.boilerplate[i]
            for s in layout.sentences(i)
        ]
        self._sent_starts = [s for s, _ in self._sentences]
        self._memo.clear()

    def previous_sentence_start(self, pos: int) -> int | None:
        """Where the sentence before the one holding ``pos`` starts (the first sentence's own
        start for a position in it); None before the sentences are indexed."""
        if not self._sentences:
            return None
        idx = max(0, bisect_right(self._sent_starts, pos) - 1)
        return self._sentences[max(0, idx - 1)][0]

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
            if j == idx - 1:
                # "Jonas Eriksen was more sceptical. “…,” he said.": a full name heading the
                # sentence just before, though its given name is unknown, comes before anyone
                # named earlier.
                unfamiliar = self._unfamiliar_subject(idx)
                if unfamiliar is not None and unfamiliar.gender in (None, gender):
                    return None if unfamiliar in exclude else unfamiliar
        # Nobody in subject position nearby: the first person named at all.
        for j in range(idx, max(-1, idx - 3), -1):
            a, b = self._sentences[j]
            found = [p for _, p in self.mentions_between(a, min(b, pos), gender)]
            found = [p for p in found if p not in exclude]
            if found:
                return found[0]
        return self._unfamiliar_subject(idx)

    def _unfamiliar_subject(self, idx: int) -> Person | None:
        """Last, the full name heading the sentence before, though nothing else marks it as
        a person's: "Wang Yi delivered a speech. “…,” he said." A name's given name need not
        be one the lexicon knows; a thing ("The Izhevsk Plant is …"), an organisation or a
        name with a number ("Nord Stream 2") is no one."""
        if idx < 1:
            return None
        s, e = self._sentences[idx - 1]
        masked = self.layout.masked
        span = subject_phrase(masked, s, e)
        if span is None:
            return None
        start, _, ph = span
        if ph is None or ph.kind != "name" or ph.pos != start:
            return None
        words = ph.name.split()
        after = masked[ph.pos + len(ph.name) : ph.pos + len(ph.name) + 3]
        if not 2 <= len(words) <= 4 or is_org(ph.name) or after.strip()[:1].isdigit():
            return None
        # Its apposition is its role: "Jonas Eriksen, a former Danish negotiator, was …".
        return self.registry.person(ph.name, ph.role, ph.gender)

    def _topic(
        self, j: int, gender: str | None, exclude: tuple[Person, ...]
    ) -> tuple[Person | None, bool]:
        """Sentence ``j``'s person for a later pronoun, and whether an unnamed subject blocks
        the search."""
        key = (j, gender)
        if key in self._memo and not exclude:
            return self._memo[key]
        self._memo.setdefault(key, (None, False))  # guards against cycles
        strong, weak, other, blocked = candidates(self, *self._sentences[j], gender)
        # The subject is a person of the other gender: the pronoun means an object.
        found = [p for p in strong + (weak if other else []) if p not in exclude]
        result = (found[0] if found else None, blocked and not found)
        if not exclude:
            self._memo[key] = result
        return result

    def note_speaker(self, pos: int, p: Person) -> None:
        """A cue's speaker at ``pos``: the most salient person of its sentence."""
        self._speakers[pos] = p

    def speakers_between(self, a: int, b: int) -> list[tuple[int, Person]]:
        return sorted((pos, p) for pos, p in self._speakers.items() if a <= pos < b)

    def subject_person(self, ph: Phrase, gender: str | None) -> Person | None:
        """The person a sentence's subject phrase names, without registering anyone new."""
        if ph.kind == "pronoun":
            return self.antecedent(ph.pos, ph.gender) if ph.gender in ("m", "f") else None
        reg = self.registry
        if ph.kind == "role":
            return reg.by_role(ph.text, ph.pos)
        if ph.kind != "name" or is_org(ph.name):
            return None
        if not reg.is_known(ph.name) and ph.role and len(ph.name.split()) >= 2:
            return reg.person(ph.name, ph.role, ph.gender)  # "Prime Minister Jane Doe"
        if reg.is_known(ph.name):
            if len(ph.name.split()) == 1:
                return reg.lookup_surname(ph.name, ph.pos)
            return reg.known_person(ph.name, gender)
        return None

    def mentions_between(
        self, a: int, b: int, gender: str | None = None
    ) -> list[tuple[int, Person]]:
        """(mention, person) in text order; a possessive mention is negative (see
        ``_index_mentions``)."""
        out = [
            (m, p)
            for p in self.registry.people
            if not (gender and p.gender and p.gender != gender)
            for m in p.mentions
            if a <= abs(m) < b
        ]
        out.sort(key=lambda t: abs(t[0]))
        return out
