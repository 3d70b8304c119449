"""The reads every question makes, written for a million statements.

Answering fetches a few columns of up to a few hundred statements by id on every question.
Built as ORM expressions, each id became its own bound parameter, coerced, cached and
expanded into the SQL on every call, which cost more than reading the rows. Here each read
is one fixed SQL text per dialect with the ids bound as a single value (a JSON array that
SQLite's json_each unpacks; a PostgreSQL array), so a call costs its rows and little else.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date

from sqlalchemy import text
from sqlalchemy.orm import Session


def id_set(dialect: str, column: str) -> str:
    """SQL true when `column` is one of the ids bound as :ids (see `bind_ids`)."""
    if dialect == "sqlite":
        return f"{column} IN (SELECT value FROM json_each(:ids))"
    return f"{column} = ANY(:ids)"


def bind_ids(dialect: str, ids: Sequence[int]) -> object:
    """The value to bind as :ids for `id_set`."""
    if dialect == "sqlite":
        return json.dumps([int(i) for i in ids])
    return [int(i) for i in ids]


_LIGHT = (
    "SELECT s.id, s.speaker_id, s.entity_id, s.kind, s.direct, s.confidence, s.said_on, "
    "length(s.text), (SELECT count(*) FROM statement_point p WHERE p.statement_id = s.id) "
    "FROM statement s WHERE {ids} AND s.status = 'approved'"
)
_LIGHT_SQL = {d: text(_LIGHT.format(ids=id_set(d, "s.id"))) for d in ("sqlite", "postgresql")}


def light_rows(session: Session, ids: Sequence[int]) -> list[tuple]:
    """(id, speaker_id, entity_id, kind, direct, confidence, said_on, characters, points)
    of the approved statements among `ids`, in no particular order."""
    if not ids:
        return []
    dialect = session.get_bind().dialect.name
    rows = session.execute(_LIGHT_SQL[dialect], {"ids": bind_ids(dialect, ids)})
    return [
        (
            r[0],
            r[1],
            r[2],
            r[3],
            bool(r[4]),
            float(r[5]),
            _day(r[6]),
            int(r[7] or 0),
            int(r[8]),
        )
        for r in rows
    ]


def _day(value: object) -> date | None:
    # SQLite hands back the ISO text SQLAlchemy's Date type stored; PostgreSQL a date.
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))
