"""A reporter's gloss appended to reported speech: where the speaker's clause ends.

In "Putin demanded guarantees that Ukraine would never join Nato, concessions he was unlikely
to receive." the last segment is the reporter's comment on the demand, not part of it: a noun
that resumes the whole clause ("a move", "a claim", "something"), then a relative clause
("that …", "the Kremlin denies", "he was unlikely to receive", "widely seen as …"). Only
reported speech is cut so; a quotation's words are the speaker's whatever they say.
"""

from __future__ import annotations

import re
from functools import cache

from bot.resources import word_list

# What may follow the resuming noun as the start of a relative clause: a relative pronoun, a
# subject (pronoun, determiner phrase or a name), a participle or "(un)likely to".
_RELATIVE = (
    r"(?:that|which|who|whom)\s"
    r"|(?:he|she|they|it|we|I|you)\s+[a-z’']"
    r"|(?:the|his|her|its|their|many|most|some|few|western|European)\s+[A-Za-z]"
    r"|[A-Z][\w’'\-]*\s+(?:[A-Z][\w’'\-]*\s+)*[a-z]"
    r"|(?:[a-z]+ly\s+)?(?:seen|viewed|regarded|denied|rejected|dismissed|disputed|welcomed|"
    r"criticised|criticized|condemned|described|echoed|greeted|met|made|aimed|intended|"
    r"designed)\s"
    r"|(?:un)?likely\s+to\s|certain\s+to\s|sure\s+to\s"
)


@cache
def _gloss_re() -> re.Pattern[str]:
    nouns = "|".join(sorted(word_list("cues.json", "resumptive_nouns"), key=len, reverse=True))
    # "a move that …" / "an assertion the Kremlin denies" / "concessions he was unlikely to
    # receive" / "something the West has refused": a determiner (or a plural, or
    # "something") and at most two modifiers before the noun; no comma or semicolon after
    # it, so that the gloss runs to the clause's end as one segment.
    return re.compile(
        rf",\s+(?:(?P<det>a|an|one|another|the\s+same)\s+)?"
        rf"(?P<mods>(?:[a-z][\w\-]*\s+){{0,2}}?)(?P<noun>{nouns})\s+(?={_RELATIVE})"
        r"[^,;:]{4,}$"
    )


def gloss_start(masked: str, cs: int, ce: int) -> int | None:
    """Where a reporter's gloss appended to the reported clause ``masked[cs:ce]`` starts (its
    comma), or None when the clause ends in no such gloss."""
    clause = masked[cs:ce].rstrip(" .")
    m = _gloss_re().search(clause)
    if m is None:
        return None
    noun = m.group("noun")
    plural_or_pronoun = noun == "something" or noun.endswith("s")
    if not m.group("det") and (m.group("mods") or not plural_or_pronoun):
        return None  # "…, senior officials said" is a cue; a bare singular starts no gloss
    if re.search(rf"\b{noun}\b", clause[: m.start()], re.IGNORECASE):
        # "it was a step, a step that …": the speaker repeating a word, not resuming.
        return None
    return cs + m.start()
