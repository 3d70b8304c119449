"""Link the speaker names the extractor finds to Speaker rows, creating new speakers.

"Sergei Lavrov", "Sergey Lavrov" and "Lavrov" are one speaker through the gazetteer's
aliases; a name the store has never seen becomes a new speaker, tied to an entity through
the role the document gives ("Finland's prime minister"), the press release's country, or
else the side the rest of the document gives the person (bot/ingest/sides.py).
"""

from __future__ import annotations

import re

from sqlalchemy.orm import Session

from bot.ingest.extract.variants import same_given_name
from bot.ingest.names import (
    clean_role,
    last_sentence,
    plausible_new_body,
    plausible_new_speaker,
)
from bot.store import repo
from bot.store.models import Entity, Speaker
from bot.text.analysis import fold
from bot.text.entities import EntityRef, Mention, Resolver, SpeakerRef, tokenize
from bot.text.gazetteer import ambiguous_aliases


class SpeakerLinker:
    """Outlives one transaction (a batch ingest reuses it); it caches speaker ids, not rows.
    Discard it after a rolled-back transaction: it may know speakers that were never stored."""

    def __init__(self, session: Session) -> None:
        entities = [
            EntityRef(e.id, e.key, e.name, tuple(e.aliases), tuple(e.demonyms))
            for e in repo.all_entities(session)
        ]
        self.resolver = Resolver(
            entities,
            [
                SpeakerRef(s.id, s.name, tuple(s.aliases), s.role, s.entity_id)
                for s in repo.all_speakers(session)
            ],
            ambiguous_aliases(entities),
        )
        self._demonyms = frozenset(fold(d) for e in entities for d in e.demonyms)
        self._cache: dict[tuple[str, str | None], int] = {}
        # Speakers whose entity was learnt after some of their statements were indexed.
        self.entity_learnt: set[int] = set()

    def entity_for(
        self, session: Session, role: str | None, country: str | None = None
    ) -> Entity | None:
        """The entity the role names ("Finland's prime minister"), else the country's. A role
        is running text, where an alias that is also a word needs its capitals ("the MP who
        chairs" names no WHO); a country is a name, matched whatever its case."""
        for phrase, names_only in ((role, False), (country, True)):
            if not phrase:
                continue
            for mention in self.resolver.find(phrase, names_only=names_only, fuzzy=False):
                if mention.kind == "entity" and len(mention.target_ids) == 1:
                    return session.get(Entity, mention.target_ids[0])
        return None

    def link(
        self,
        session: Session,
        name: str,
        role: str | None = None,
        country: str | None = None,
        *,
        trusted: bool = False,
        kind: str = "person",
        side: int | None = None,
    ) -> Speaker | None:
        """The speaker `name` refers to, created if new; None when an extracted name does not
        look like a person's. `trusted` names (an admin's edit) are always accepted. `side`
        is the entity the document gives the person (``sides``), taken when the role and the
        country name none."""
        if kind in ("group", "body"):
            return self._issuer(session, name, role, "group" if kind == "group" else "organisation")
        tail = last_sentence(name)
        if not trusted and tail != name:
            # "Frank-Walter Steinmeier. Dmitry Kozak": the role the extractor gives is the
            # first person's, the words are the last's (and so is the side ``sides`` finds).
            name, role = tail, None
        if not trusted and clean_role(role) and self._names_entity(name):
            # "Lithuania" said it alone is the country speaking; with an office ("the
            # Parliament" of the Czech Republic, "President of" Romania) the name is only
            # where the office is, and its holder is not named here.
            return None
        key = (fold(name), country)
        cached = self._cache.get(key)
        speaker = session.get(Speaker, cached) if cached else None
        if speaker is None:
            speaker = self._known(session, name)
            if speaker is None and plausible_new_body(name):
                # "Human Rights Watch said": a body, whatever the extractor took it for.
                speaker = self._create(session, name, clean_role(role), country, "organisation")
            elif speaker is None and (trusted or plausible_new_speaker(name)):
                speaker = self._create(session, name, clean_role(role), country, kind, side)
            if speaker is None:
                return None
            self._cache[key] = speaker.id
        if speaker.role is None and clean_role(role):
            # A speaker first seen without one takes the first role a document gives.
            speaker.role = clean_role(role)
        # And every other one is remembered: "Deputy Prime Minister" is also "Minister for
        # Reintegration" in another document, and a question may call them either.
        repo.remember_role(speaker, clean_role(role))
        if speaker.entity_id is None:
            # "Adviser to the President of Ukraine": a later document may say whose side a
            # speaker first met without one is on.
            entity = self.entity_for(session, clean_role(role), country)
            if entity is None and speaker.kind == "person":
                entity = self._side(session, side)
            if entity is not None:
                # upsert_speaker also gives the speaker's stored statements the entity.
                repo.upsert_speaker(session, speaker.name, entity=entity)
                self.entity_learnt.add(speaker.id)
                self._index(speaker)
        return speaker

    def _issuer(self, session: Session, name: str, role: str | None, kind: str) -> Speaker:
        """The group or body a document's title names as its issuer ("G7 Leaders", "President
        Biden and Prime Minister Meloni", "Ministry of Foreign Affairs of Ukraine"): the body
        itself when the store knows the name ("G7", "NATO"), else a new `kind` speaker on
        the side of the first country, body or person its name gives. The title names it,
        so it is taken whatever the name's shape."""
        key = (fold(name), None)
        cached = self._cache.get(key)
        speaker = session.get(Speaker, cached) if cached else None
        if speaker is None:
            whole = self._known(session, name)
            if whole is not None and whole.kind != "person":
                speaker = whole
            else:
                entity = self._issuer_side(session, name)
                speaker = repo.upsert_speaker(
                    session, name, role=clean_role(role), entity=entity, kind=kind
                )
                self._index(speaker)
            self._cache[key] = speaker.id
        return speaker

    def _issuer_side(self, session: Session, name: str) -> Entity | None:
        for mention in self.resolver.find(name, names_only=True, fuzzy=False):
            if len(mention.target_ids) != 1:
                continue
            if mention.kind == "entity":
                return session.get(Entity, mention.target_ids[0])
            member = session.get(Speaker, mention.target_ids[0])
            if member is not None and member.entity is not None:
                return member.entity
        return None

    def _side(self, session: Session, side: int | None) -> Entity | None:
        return session.get(Entity, side) if side is not None else None

    def _index(self, speaker: Speaker) -> None:
        """Let the resolver know the speaker as stored now (the side included: the next
        document's office holders are found through it)."""
        self.resolver.add_speaker(
            SpeakerRef(
                speaker.id, speaker.name, tuple(speaker.aliases), speaker.role, speaker.entity_id
            )
        )

    def _known(self, session: Session, name: str) -> Speaker | None:
        tokens = tokenize(name)
        if not tokens:
            return None
        whole = (tokens[0].start, tokens[-1].end)
        for mention in self.resolver.find(name, names_only=True):
            covers = (mention.start, mention.end) == whole
            if mention.kind == "speaker" and len(mention.target_ids) == 1 and not mention.fuzzy:
                candidate = session.get(Speaker, mention.target_ids[0])
                if candidate is None:
                    continue
                if covers or _same_person(name, candidate):
                    return candidate
            if mention.kind == "entity" and covers and self._is_institution(name, mention):
                # An institution speaking ("the Kremlin said"): one speaker per name.
                entity = session.get(Entity, mention.target_ids[0])
                if entity is None:
                    continue
                kind = "government" if entity.kind == "country" else "organisation"
                return repo.upsert_speaker(
                    session, body_name(name, entity), entity=entity, kind=kind
                )
        return None

    def _names_entity(self, name: str) -> bool:
        """Is the whole name a country's or organisation's?"""
        tokens = tokenize(name)
        whole = (tokens[0].start, tokens[-1].end) if tokens else None
        return any(
            m.kind == "entity" and (m.start, m.end) == whole
            for m in self.resolver.find(name, names_only=True, fuzzy=False)
        )

    def _is_institution(self, name: str, mention: Mention) -> bool:
        """ "The Kremlin", "US Government", "Nato" speak; "Ukrainian" or "Western" do not."""
        bare = re.sub(r"^the\s+", "", name.strip())  # "the Kremlin said"
        folded = fold(bare)
        return folded not in self._demonyms and bare[:1].isupper() and len(mention.target_ids) == 1

    def _create(
        self,
        session: Session,
        name: str,
        role: str | None,
        country: str | None,
        kind: str = "person",
        side: int | None = None,
    ) -> Speaker:
        entity = self.entity_for(session, role, country)
        if entity is None and kind == "person":
            entity = self._side(session, side)
        # No stored surname alias: the resolver derives it, with its capitalisation rule.
        speaker = repo.upsert_speaker(session, name.strip(), role=role, entity=entity, kind=kind)
        self._index(speaker)
        return speaker


def body_name(name: str, entity: Entity) -> str:
    """What a named body speaking is called: a country, its capital or its official name
    speaking ("Ukraine accused …", "Moscow said") is its government, "Government of Ukraine";
    an institution the gazetteer writes with "the" ("the Kremlin", "the White House") keeps
    its own name; an organisation keeps the name it was given ("Nato")."""
    bare = re.sub(r"^(?:the|The)\s+", "", name.strip())
    if entity.kind != "country":
        return bare
    folded = fold(bare)
    if folded == fold(entity.name):
        return f"Government of {entity.name}"
    if any(fold(a) == f"the {folded}" for a in entity.aliases):
        return bare
    return f"Government of {entity.name}"


def _same_person(name: str, speaker: Speaker) -> bool:
    """ "Lavrov", "S. Lavrov" or "Sergey Lavrov" is Sergei Lavrov; "Anna Lavrov" is not."""
    given = [t.folded for t in tokenize(name)]
    known = [t.folded for t in tokenize(speaker.name)]
    if len(given) == 1:
        return True
    first, known_first = given[0], known[0] if known else ""
    if len(first) == 1:
        return known_first.startswith(first)
    # "Oleh Ustenko" is "Oleg Ustenko": the surname matched, the given name is romanised
    # another way.
    return bool(known_first) and same_given_name(first, known_first)
