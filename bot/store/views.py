"""The store's view of a statement: a stored row turned into the `StatementItem` every
reply shows (answers, review, `show`, `statements`, explore, digests).

It lives with the store, not with answering, because everything that lists statements
needs it and none of them should depend on the answer engine to do so.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.types import Citation, SourceRef, StatementItem
from bot.store.models import Statement
from bot.text.analysis import bare_role


def attribution_label(
    name: str,
    role: str | None,
    entity: str | None,
    aliases: Sequence[str],
    demonyms: Sequence[str] = (),
) -> str:
    """ "Sergei Lavrov, Russia's foreign minister"; "Ned Price, US State Department spokesman".

    The role is the one the source states, cleaned of what a title never starts with (a
    dash, an article: "- Kremlin spokesman", "a spokesman for …"). The entity is added only
    where the role does not already say it (by name, alias or demonym: no "Russia's Russian
    Foreign Minister") and reads naturally with it; a name ending in "s" takes an apostrophe
    alone ("United States' ambassador").
    """
    role = bare_role(role or "")
    if not role:
        names_it = entity and any(
            f" {a.lower()} " in f" {name.lower()} " for a in (entity, *aliases)
        )
        return f"{name} ({entity})" if entity and not names_it else name
    if not entity:
        return f"{name}, {role}"
    lowered = f" {role.lower()} "
    if any(
        f" {a.lower()} " in lowered or f" {a.lower()}’" in lowered or f" {a.lower()}'" in lowered
        for a in (entity, *aliases, *demonyms)
    ):
        return f"{name}, {role}"
    if "’s " in role or "'s " in role or " for " in lowered or " of " in lowered:
        return f"{name}, {role} ({entity})"
    return f"{name}, {_possessive(entity)} {role}"


def _possessive(name: str) -> str:
    """ "Russia's", "the United States'", "the United Kingdom's": a name whose last word is a
    common noun takes "the"."""
    the = "the " if name.split()[-1] in _COMMON_NOUN_ENDINGS else ""
    return f"{the}{name}'" if name.endswith("s") else f"{the}{name}'s"


_COMMON_NOUN_ENDINGS = frozenset(
    "States Kingdom Republic Emirates Union Nations Islands Netherlands Philippines "
    "Bahamas Gambia Federation Commission Council Parliament Assembly Organization "
    "Organisation Alliance Bank Fund Court Agency".split()
)


def statement_item(st: Statement, also: Sequence[Statement] = ()) -> StatementItem:
    """The statement as shown; `also`: other statements saying the same, cited after it."""
    speaker = st.speaker
    entity = speaker.entity
    role = st.role or speaker.role
    # dict.fromkeys: a source cited twice alike (one report carrying the words twice) is
    # shown once.
    sources = tuple(
        dict.fromkeys(
            SourceRef(
                outlet=c.cited_outlet or c.document.outlet,
                title=c.cited_title or c.document.title,
                url=c.cited_url or c.document.url,
                via=tuple(c.via),
                document_title=c.document.title,
                document_kind=c.document.kind,
            )
            for c in st.citations
        )
    )
    return StatementItem(
        statement_id=st.id,
        speaker=speaker.name,
        role=role,
        entity=entity.name if entity else None,
        text=st.text,
        direct=st.direct,
        kind=st.kind,
        date=st.said_on,
        sources=sources,
        points=tuple(p.text for p in st.points),
        status=st.status,
        sentence=st.sentence,
        sentence_offset=st.sentence_offset,
        label=attribution_label(
            speaker.name,
            role,
            entity.name if entity else None,
            entity.aliases if entity else (),
            entity.demonyms if entity else (),
        ),
        also=tuple(citation(other) for other in also),
    )


def citation(st: Statement) -> Citation:
    """Who said `st`, when and where it was reported, without its words."""
    item = statement_item(st)
    return Citation(item.statement_id, item.speaker, item.role, item.date, item.sources, item.label)
