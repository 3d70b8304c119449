"""The speaker's side by name: the country or organisation the speaker's role names.

Diplomats write their own country in the third person ("Serbia will never recognise …",
"Tehran will return to its commitments once …", "the Serbian government will not …"): for
the kind of what they say (``kinds.kind_of``'s ``side``) such a subject is the speaker's
side, as "we" is, and its refusal, offer or own obligation the speaker's. The side comes
from the speaker's role ("Serbian President", "Iran's foreign minister", "Ministry of
Foreign Affairs of Ukraine" for a body): the first country or organisation the gazetteer
knows there, not one the role is merely about ("Ambassador to Russia", "Special Envoy for
Ukraine"). Where the role names none ("Director General", "The Minister"), the side the
pipeline finds for the speaker in the whole document (bot/ingest/sides.py) is the one the
kind is read again with (``with_sides``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import lru_cache

from bot.text.analysis import fold
from bot.text.gazetteer import Party, form, party_first_words, party_forms, side_names_of

from .kinds import kind_of
from .model import ExtractedStatement

# Words before a name in a role that make it what the office is about, not whose it is.
_ABOUT = frozenset({"to", "for", "on", "at", "in", "with", "against", "from"})
_LONGEST_NAME = 4  # tokens: "Islamic Republic of Iran"


# A document's speakers repeat their roles statement after statement.
@lru_cache(maxsize=4096)
def side_names(*roles: str | None) -> frozenset[str]:
    """The names (``gazetteer.side_names_of``) of the side the first role naming one
    speaks for; empty when none does."""
    forms = party_forms()
    for role in roles:
        if not role:
            continue
        tokens = form(role)
        for i in range(len(tokens)):
            if i and tokens[i - 1] in _ABOUT:
                continue
            for n in range(min(_LONGEST_NAME, len(tokens) - i), 0, -1):
                names = forms.get(tokens[i : i + n])
                if names is not None:
                    return names
    return frozenset()


def with_sides(
    statements: Sequence[ExtractedStatement],
    sides: Mapping[str, int],
    entities: Mapping[int, Party],
) -> list[ExtractedStatement]:
    """The statements, each person's kind read again with the side the document gives them
    (speaker name -> entity id) where their words name it: "Guyana will not negotiate its
    territory" by a director general the document places at Guyana's foreign ministry."""
    out = []
    for found in statements:
        side = sides.get(found.speaker) if found.speaker else None
        entity = entities.get(side) if side is not None else None
        if entity is not None and found.speaker_kind == "person":
            names = side_names_of(entity)
            # Read again only where the side can change the kind: it is new to the
            # statement (the role gave none, or another) and its words name some country
            # or organisation, the speaker's ("Guyana will not …") or another's ("Moscow
            # is prepared to engage", said at the White House, is then no offer). Half
            # the statements would otherwise be read twice.
            if names != found.side and _names_a_party(found.quote):
                context = found.context if found.points else ""
                kind = kind_of(
                    found.quote, found.lemma, context, reported=not found.direct, side=names
                )
                found = replace(found, kind=kind, side=names)
        out.append(found)
    return out


_WORD_RE = re.compile(r"[\w'’-]+")


def _names_a_party(quote: str) -> bool:
    """Whether the words hold the first word of a country's or organisation's name: all a
    side can change depends on such a name in a subject."""
    return not party_first_words().isdisjoint(_WORD_RE.findall(fold(quote)))
