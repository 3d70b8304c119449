"""Kind tags from the cue lexicons in data/cues.json."""

from __future__ import annotations

from .lexicon import lexicon


def kind_of(quote: str, lemma: str | None = None, context: str = "") -> str | None:
    """The first kind, in the lexicon's order, whose cues occur in the statement.

    A specific speech verb ("warned", "rejected", "demanded", "offered") decides by itself; the
    words of the statement come next; "assessment" is the fallback only for evaluative
    language, so plain factual statements stay untagged.
    """
    lex = lexicon()
    if lemma and lemma in lex.kind_cue_verbs:
        return lex.kind_cue_verbs[lemma]
    for kind in lex.kind_order:
        if lex.kind_res[kind].search(quote):
            return kind
    # Enumerated conditions are often announced in the context ("two conditions …").
    if context and lex.kind_res["condition"].search(context):
        return "condition"
    return None
