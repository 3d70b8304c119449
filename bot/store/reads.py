"""The reads every question makes, written for a million statements.

Answering fetches a few columns of up to a few hundred statements by id on every question.
Built as ORM expressions, each id became its own bound parameter, coerced, cached and
expanded into the SQL on every call, which cost more than reading the rows. Here each read
is one fixed SQL text per dialect with the ids bound as a single value (a JSON array that
SQLite's json_each unpacks; a PostgreSQL array), so a call costs its rows and little else.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from datetime import date
from typing import NamedTuple

from sqlalchemy import text
from sqlalchemy.orm import Session

from bot.text import courtesy


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


# The last characters of a statement (is it cut off after "and"?), spelled per dialect.
ENDING_CHARS = 16
_TAIL = {
    "sqlite": f"substr(s.text, -{ENDING_CHARS})",
    "postgresql": f"right(s.text, {ENDING_CHARS})",
}
# Whether a statement is tagged a courtesy (bot.text.courtesy), without decoding its tags.
_COURTESY = {
    "sqlite": f"s.tags LIKE '%\"{courtesy.TAG}\"%'",
    "postgresql": f"CAST(s.tags AS TEXT) LIKE '%\"{courtesy.TAG}\"%'",
}
_LIGHT = (
    "SELECT s.id, s.speaker_id, s.entity_id, s.kind, s.direct, s.confidence, s.said_on, "
    "length(s.text), (SELECT count(*) FROM statement_point p WHERE p.statement_id = s.id), "
    "substr(s.text, 1, 1), {tail}, "
    "(SELECT min(c.document_id) FROM citation c WHERE c.statement_id = s.id), {courtesy} "
    "FROM statement s WHERE {ids} AND s.status = 'approved'"
)
_LIGHT_SQL = {
    d: text(_LIGHT.format(ids=id_set(d, "s.id"), tail=_TAIL[d], courtesy=_COURTESY[d]))
    for d in ("sqlite", "postgresql")
}


class LightRow(NamedTuple):
    """What ranking reads of a statement without reading its text (see `light_rows`)."""

    id: int
    speaker_id: int
    entity_id: int | None
    kind: str | None
    direct: bool
    confidence: float
    said_on: date | None
    characters: int
    points: int  # how many enumerated points it has
    opening: str  # its first character
    ending: str  # its last ENDING_CHARS characters
    document_id: int | None  # the first document citing it
    courtesy: bool = False  # tagged a courtesy: greetings, thanks, procedure


def light_rows(session: Session, ids: Sequence[int]) -> list[LightRow]:
    """The `LightRow` of each approved statement among `ids`, in no particular order."""
    if not ids:
        return []
    dialect = session.get_bind().dialect.name
    rows = session.execute(_LIGHT_SQL[dialect], {"ids": bind_ids(dialect, ids)})
    return [
        LightRow(
            r[0],
            r[1],
            r[2],
            r[3],
            bool(r[4]),
            float(r[5]),
            _day(r[6]),
            int(r[7] or 0),
            int(r[8]),
            r[9] or "",
            r[10] or "",
            r[11],
            bool(r[12]),
        )
        for r in rows
    ]


_CITING_SQL = {
    d: text(f"SELECT statement_id, document_id FROM citation WHERE {id_set(d, 'statement_id')}")
    for d in ("sqlite", "postgresql")
}


def citing_documents(session: Session, ids: Sequence[int]) -> dict[int, frozenset[int]]:
    """The documents citing each of `ids` (statements no document cites are left out)."""
    if not ids:
        return {}
    dialect = session.get_bind().dialect.name
    found: dict[int, set[int]] = {}
    for statement_id, document_id in session.execute(
        _CITING_SQL[dialect], {"ids": bind_ids(dialect, ids)}
    ):
        found.setdefault(int(statement_id), set()).add(int(document_id))
    return {i: frozenset(docs) for i, docs in found.items()}


def _day(value: object) -> date | None:
    # SQLite hands back the ISO text SQLAlchemy's Date type stored; PostgreSQL a date.
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def recent_by_party(
    session: Session,
    *,
    speaker_ids: Collection[int] = (),
    entity_ids: Collection[int] = (),
    kinds: Collection[str] = (),
    limit: int,
) -> list[int]:
    """Ids of the newest approved statements by any of `speaker_ids` (else `entity_ids`),
    of `kinds` when given: ordered by said_on (newest first, undated last), then id.

    With kinds, each (party, kind) pair is one range of a partial index on (party, kind,
    said_on, id), read newest first and cut at `limit`; the ranges are merged in SQL. Dated
    and undated statements are separate ranges, since an index read backwards yields
    undated ones first. Without kinds, each party is one range of (party, said_on)."""
    column, parties = ("speaker_id", speaker_ids) if speaker_ids else ("entity_id", entity_ids)
    parties = sorted(set(parties))
    if not parties or limit <= 0:
        return []
    params: dict[str, object] = {"n": limit}
    branches = []
    for i, party in enumerate(parties):
        params[f"p{i}"] = party
        for j, kind in enumerate(sorted(set(kinds)) or [None]):
            where = f"{column} = :p{i} AND status = 'approved'"
            if kind is not None:
                params[f"k{j}"] = kind
                where += f" AND kind = :k{j}"
            branches.append(
                f"SELECT id, said_on FROM statement WHERE {where} AND said_on IS NOT NULL "
                "ORDER BY said_on DESC, id DESC LIMIT :n"
            )
            branches.append(
                f"SELECT id, said_on FROM statement WHERE {where} AND said_on IS NULL "
                "ORDER BY id DESC LIMIT :n"
            )
    union = " UNION ALL ".join(
        f"SELECT id, said_on FROM ({sql}) AS b{k}" for k, sql in enumerate(branches)
    )
    sql = f"SELECT id FROM ({union}) AS recent ORDER BY said_on DESC NULLS LAST, id DESC LIMIT :n"
    return list(session.scalars(text(sql), params))


def enumerated_by_party(
    session: Session,
    *,
    speaker_ids: Collection[int] = (),
    entity_ids: Collection[int] = (),
    kinds: Collection[str],
    limit: int,
) -> list[int]:
    """Ids of up to `limit` approved statements of `kinds` by the party that have enumerated
    points, in no particular order: statements with points are few, so the planner may
    start from them (a semi-join), never from every statement of a large side."""
    column, parties = ("speaker_id", speaker_ids) if speaker_ids else ("entity_id", entity_ids)
    parties, kinds = sorted(set(parties)), sorted(set(kinds))
    if not parties or not kinds or limit <= 0:
        return []
    params: dict[str, object] = {"n": limit}
    params.update({f"p{i}": p for i, p in enumerate(parties)})
    params.update({f"k{j}": k for j, k in enumerate(kinds)})
    in_parties = ", ".join(f":p{i}" for i in range(len(parties)))
    in_kinds = ", ".join(f":k{j}" for j in range(len(kinds)))
    sql = (
        f"SELECT s.id FROM statement s WHERE s.{column} IN ({in_parties}) "
        f"AND s.status = 'approved' AND s.kind IN ({in_kinds}) "
        "AND s.id IN (SELECT p.statement_id FROM statement_point p) LIMIT :n"
    )
    return list(session.scalars(text(sql), params))


_COUNTS_SIGNATURE = text(
    "SELECT count(*), coalesce(sum(approved_count), 0), coalesce(sum(id * approved_count), 0) "
    "FROM speaker WHERE approved_count > 0"
)


_PEOPLE_SIGNATURE = text(
    "SELECT (SELECT count(*) FROM speaker), (SELECT max(id) FROM speaker), "
    "(SELECT count(*) FROM entity), (SELECT max(id) FROM entity)"
)


def people_signature(session: Session) -> tuple:
    """The speakers' and entities' counts and highest ids: they change whenever a speaker or
    an entity is added or removed, which is when the alias index must be rebuilt."""
    return tuple(session.execute(_PEOPLE_SIGNATURE).one())


def approved_counts_signature(session: Session) -> tuple[int, int, int]:
    """A checksum of every speaker's approved-statement count: one aggregate over an index,
    where listing the counts reads a row per speaker. It changes whenever a count does,
    unless three or more speakers' counts change in exact balance between two reads."""
    row = session.execute(_COUNTS_SIGNATURE).one()
    return int(row[0]), int(row[1]), int(row[2])
