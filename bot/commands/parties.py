"""Read "who" and "about what" out of a command's free text, for the exploring commands."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from bot.answer.question import Question, parse
from bot.app.services import Services
from bot.core.errors import NotFound
from bot.store import repo
from bot.text.entities import Mention

_JOINERS = {"and", "vs", "v", "versus", "on", "about", "over", "regarding", "with", "&", ",", "-"}


@dataclass(frozen=True)
class Party:
    label: str
    speaker_ids: frozenset[int] = frozenset()
    entity_ids: frozenset[int] = frozenset()

    def narrow(self, question: Question) -> Question:
        """`question` asked of this party only."""
        return replace(
            question,
            speaker_ids=self.speaker_ids,
            subject_entity_ids=frozenset() if self.speaker_ids else self.entity_ids,
            topic_entity_ids=question.topic_entity_ids - self.entity_ids,
        )


def _party(mention: Mention, services: Services, session: Session) -> Party:
    resolver = services.answerer.resolver(session)
    if mention.kind == "speaker":
        names = [resolver.speakers[i].name for i in mention.target_ids]
        return Party(" / ".join(names), speaker_ids=frozenset(mention.target_ids))
    names = [resolver.entities[i].name for i in mention.target_ids]
    return Party(" / ".join(names), entity_ids=frozenset(mention.target_ids))


def split_parties(
    text: str, services: Services, session: Session, count: int
) -> tuple[list[Party], str]:
    """The first `count` speakers/entities named in `text`, and the rest as topic text."""
    resolver = services.answerer.resolver(session)
    mentions = resolver.find(text, names_only=True)[:count]
    if len(mentions) < count:
        counts = repo.approved_counts_by_speaker(session)
        known = sorted(resolver.speakers[i].name for i in counts if i in resolver.speakers)
        wanted = "speaker or entity" if count == 1 else f"{count} speakers or entities"
        raise NotFound(
            f"no {wanted} I know in “{text}”; name one (e.g. lavrov, Russia, the Kremlin). "
            "I have statements from: "
            + (", ".join(known[:12]) + (" …" if len(known) > 12 else "") if known else "nobody yet")
        )
    parties = [_party(m, services, session) for m in mentions]
    rest, cursor = [], 0
    for m in mentions:
        rest.append(text[cursor : m.start])
        cursor = m.end
    rest.append(text[cursor:])
    topic = " ".join(w for w in " ".join(rest).split() if w.lower() not in _JOINERS)
    return parties, topic


def topic_question(topic: str, services: Services, session: Session, *, intent: str) -> Question:
    """The topic words understood as a question with no speaker of its own: parsed as
    "who said …", where every name is read as part of the topic, then given `intent`."""
    question = parse(f"who said {topic}", services.answerer.resolver(session))
    return replace(question, text=topic, intent=intent, listing=True)
