"""The text each statement is embedded from (bot.embed.statement_embedding_text), read two
ways that must agree: from a statement object being approved or edited, and from plain
rows for `attache vectors rebuild`, where loading a million objects would cost more than
embedding them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from bot.embed.text import statement_embedding_text
from bot.store.models import Entity, Statement


def statement_text(session: Session, statement: Statement) -> str:
    speaker = statement.speaker
    entity_id = statement.entity_id if statement.entity_id is not None else speaker.entity_id
    entity = speaker.entity if speaker.entity_id == entity_id else None
    if entity is None and entity_id is not None:
        entity = session.get(Entity, entity_id)
    # The first document that cited it, as the rebuild's SQL reads it.
    first = min(statement.citations, key=lambda c: c.id, default=None)
    return statement_embedding_text(
        words=statement.text,
        speaker=speaker.name,
        role=statement.role or speaker.role,
        entity=entity.name if entity is not None else None,
        points=[p.text for p in statement.points],
        sentence=statement.sentence,
        context=statement.context,
        title=first.document.title if first is not None and first.document else None,
    )


@dataclass(frozen=True)
class StatementRow:
    """What embedding and storing a statement's vector need, read without the ORM."""

    id: int
    speaker_id: int
    entity_id: int | None
    text: str


_PAGE = text(
    "SELECT s.id, s.speaker_id, s.entity_id, s.text, s.context, s.sentence, "
    "coalesce(s.role, sp.role), sp.name, e.name, "
    "(SELECT d.title FROM citation c JOIN document d ON d.id = c.document_id "
    "  WHERE c.statement_id = s.id ORDER BY c.id LIMIT 1) "
    "FROM statement s JOIN speaker sp ON sp.id = s.speaker_id "
    "LEFT JOIN entity e ON e.id = coalesce(s.entity_id, sp.entity_id) "
    "WHERE s.status = 'approved' AND s.id > :after ORDER BY s.id LIMIT :n"
)
_POINTS = text(
    "SELECT statement_id, text FROM statement_point "
    "WHERE statement_id > :after AND statement_id <= :last ORDER BY statement_id, position"
)


def approved_page(session: Session, after: int, size: int) -> list[StatementRow]:
    """The next `size` approved statements with ids above `after`, in id order."""
    rows = session.execute(_PAGE, {"after": after, "n": size}).all()
    if not rows:
        return []
    points: dict[int, list[str]] = {}
    for statement_id, point in session.execute(_POINTS, {"after": after, "last": rows[-1][0]}):
        points.setdefault(statement_id, []).append(point)
    return [_row(r, points.get(r[0], ())) for r in rows]


def _row(r: Sequence, points: Sequence[str]) -> StatementRow:
    sid, speaker_id, entity_id, words, context, sentence, role, name, entity, title = r
    return StatementRow(
        id=int(sid),
        speaker_id=int(speaker_id),
        entity_id=None if entity_id is None else int(entity_id),
        text=statement_embedding_text(
            words=words,
            speaker=name,
            role=role,
            entity=entity,
            points=points,
            sentence=sentence,
            context=context or "",
            title=title,
        ),
    )
