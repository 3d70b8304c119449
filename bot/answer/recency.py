"""Whether a question asks for the newest statements first, read from where its time words
stand, not from the words alone.

"What has Peskov said lately?", "Russia's current position on talks" and "what does Kyiv
want now?" ask for the newest; "a new iron curtain", "before the New Delhi summit", "the
current front lines" and "what people in Europe now want" do not: there "new" and
"current" say what a thing is, and "now" belongs to the words reported, not to the asking.
A question that names its own time ("in May 2022") is ordered by how well each statement
fits that time instead (bot.answer.when), whatever else it says.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.text.analysis import stem

# Each asks for the newest wherever it stands.
ALWAYS = frozenset({"latest", "newest", "recent", "recently", "lately", "nowadays"})
# Adverbs asking for the newest in the question's own clause ("what is Moscow saying
# now?"), and only there: in a clause of their own they are part of what was said.
IN_THE_ASKING = frozenset({"now", "today", "currently"})
# Adjectives asking for the newest only of a stance ("Russia's current position on …",
# "any new demands?") or standing for what is new ("anything new from Lavrov?").
OF_A_STANCE = frozenset({"current", "new"})
# Words opening a clause of its own: "… that people in Europe now want".
SUBORDINATORS = frozenset(
    {"that", "which", "who", "whom", "whose", "whether", "if", "because", "since", "while"}
)
# None of them is a topic word: the date says when.
RECENCY_WORDS = ALWAYS | IN_THE_ASKING | OF_A_STANCE
_AND = frozenset({"and", "or"})


@dataclass(frozen=True)
class RecencyWords:
    """Words that name a stance ("position", "demands", "line"), the prepositions that
    close its phrase ("position on talks"), and the verbs of saying whose object is a
    clause of its own ("said the West is now a party to the war"), as stems."""

    stance_nouns: frozenset[str]
    prepositions: frozenset[str]
    saying: frozenset[str]


def asks_latest(tokens: Sequence[str], lex: RecencyWords, *, names_its_time: bool) -> bool:
    """Whether the question (its folded word tokens, its time words blanked) asks for the
    newest statements first."""
    if names_its_time:
        return False
    own_clause = True
    for i, token in enumerate(tokens):
        if i > 0 and token in SUBORDINATORS and tokens[i - 1] != "now":
            own_clause = False  # "now that the talks failed" still asks of now
        if stem(token) in lex.saying and _reports_a_clause(tokens[i + 1 : i + 2], lex):
            own_clause = False
        if token in ALWAYS:
            return True
        if token in IN_THE_ASKING and own_clause:
            return True
        if token in OF_A_STANCE and _of_a_stance(tokens, i, lex):
            return True
    return False


def _reports_a_clause(following: Sequence[str], lex: RecencyWords) -> bool:
    """ "said europeans now want …" reports a clause; "say about the talks now" and "saying
    now?" ask of the speaker."""
    return bool(following) and following[0] not in lex.prepositions | IN_THE_ASKING | ALWAYS


def _of_a_stance(tokens: Sequence[str], i: int, lex: RecencyWords) -> bool:
    """ "current position on …", "new demands?", "anything new from …": the adjective
    qualifies a stance that ends its phrase, or stands alone as what is new."""
    after = tokens[i + 1 : i + 3]
    if not after or after[0] in lex.prepositions:
        return tokens[i] == "new"  # "what's new", "anything new on sanctions"
    if after[0] not in lex.stance_nouns:
        return False
    # "its new strategy document": the stance word only qualifies the noun after it;
    # "the current line of contact" is a thing, "the current line on talks" a stance.
    return len(after) == 1 or after[1] in (lex.prepositions - {"of"}) | SUBORDINATORS | _AND
