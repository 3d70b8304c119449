"""Who speaks in a question, and who is only spoken about.

A question names parties (people, offices, countries, organisations); one of them is the
side asked for, the rest are its topic. Which one is told from where each stands, never
from the names themselves:

- after "according to" or "per" a party is the source the question cites (strongest);
- right after an auxiliary ("did the white house sanction …", "will brussels accept …",
  "is nato's boss worried …") or opening the question or one of its fragments ("truss on
  …", "…? sullivan at the summit") a party is the grammatical subject;
- after a topic preposition ("about", "on", "against" …) it is the topic, and so is the
  one addressed ("what did the mayor tell Zelensky", "which minister warned Lavrov") and a
  place or party naming an occasion ("at the Madrid summit", "his Moscow press conference");
- anywhere else it may be the speaker, weakly.

The strongest wins; between equals a person or office is the speaker before a country,
and the earlier before the later. Parties joined by "and"/"or" stand together.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot.text.analysis import STOPWORDS, fold, looks_like_a_name, words
from bot.text.entities import Mention, Resolver, tokenize
from bot.text.roles import possessive

AUXILIARIES = frozenset(
    "do does did will would should can could has have had is was are were".split()
)
CITED, SUBJECT, ANYWHERE, TOPIC = 3, 2, 1, 0
# A question's fragments open after these: "…? sullivan at the july 2024 summit".
_FRAGMENT_END = re.compile(r"(?:^|[?.!;:(\[—–]|\s-)\s*$")
# Words that open a place for a name at a fragment's start: "truss on …", "putin at …".
_SLOT_END = frozenset("on about re regarding at in after before over".split())
_MAX_NAME_TOKENS = 4
# "anything from X", "reaction from X": what comes from X is its statement.
_ASKING_FOR_WORDS = frozenset(
    "anything something news word words statement statements comment comments reaction "
    "reactions response responses quote quotes update updates reply".split()
)
# Verbs whose object is the one addressed, never the one speaking: "… told Harris that …".
_ADDRESSING = frozenset(
    "tell tells told telling ask asks asked asking urge urges urged urging warn warns warned "
    "warning assure assures assured reassure reassured promise promised promising remind "
    "reminded inform informed briefed pressed thank thanked thanking".split()
)
_OWNED = re.compile(r"\w['’]s$")
# Verbs asking what a party said, not what it did: "what does the White House say".
_ASKS_WHAT_SAID = frozenset(
    "say says said think thinks thought react reacts reacted respond responds responded "
    "reply replies replied comment comments commented".split()
)
_DETERMINERS = frozenset("the a an his her its their our my your this that".split())
# A question word opening a fragment asks; it names no one ("who at the ministry …", not
# the World Health Organization).
_QUESTION_WORDS = frozenset("who whom whose what which when where why how".split())


@dataclass(frozen=True)
class Placed:
    mention: Mention
    speaking: bool


def strength(
    text: str,
    mention: Mention,
    topic_prepositions: frozenset[str],
    stance_nouns: frozenset[str] = frozenset(),
    demonyms: frozenset[str] = frozenset(),
    occasions: frozenset[str] = frozenset(),
) -> int:
    """How surely `mention` names who speaks, from the words around it."""
    if mention.kind == "entity" and not possessor_speaks(text, mention, stance_nouns):
        return TOPIC
    if mention.kind == "entity" and fold(mention.surface) in demonyms:
        # "russian players", "ukrainian grain": a demonym before a noun describes the topic;
        # before an office or a stance ("the russian side", "russian demands") it speaks.
        following = words(fold(text[mention.end :]))
        if following and following[0] not in stance_nouns:
            return TOPIC
    if mention.kind == "entity" and names_an_occasion(text, mention, occasions):
        return TOPIC
    before = words(fold(text[: mention.start]))
    if before[-1:] == ["the"]:
        before = before[:-1]
    if before[-2:] == ["according", "to"] or before[-1:] == ["per"]:
        return CITED
    if before[-1:] == ["from"] and (len(before) == 1 or before[-2] in _ASKING_FOR_WORDS):
        return CITED  # "anything from the kremlin on …", "any word from kyiv"
    if _FRAGMENT_END.search(text[: mention.start]) or (not text[: mention.start].strip(" \"'“”‘’")):
        return SUBJECT
    if before and before[-1] in AUXILIARIES:
        return SUBJECT
    if before and (before[-1] in topic_prepositions or before[-1] in _ADDRESSING):
        return TOPIC
    return ANYWHERE


def names_an_occasion(text: str, mention: Mention, occasions: frozenset[str]) -> bool:
    """ "the Madrid summit", "his Moscow press conference", "Johnson's Kyiv visit": a place
    or party naming an occasion (after a determiner or an owner, before an occasion noun
    within two words) is where or about what something was said, not who said it."""
    before = text[: mention.start].rstrip()
    last = words(fold(before))[-1:]
    if not (_OWNED.search(before) or (last and last[0] in _DETERMINERS)):
        return False
    return bool(occasions & set(words(fold(text[mention.end :]))[:2]))


def possessor_speaks(text: str, mention: Mention, stance_nouns: frozenset[str]) -> bool:
    """ "Ankara's view", "Moscow's demands": the owner speaks; "Yemen's rebels", "Russia's
    war": it is what is spoken about. Without a possessive, nothing is told."""
    if text[mention.end : mention.end + 2] not in ("'s", "’s"):
        return True
    following = words(fold(text[mention.end + 2 :]))
    return not following or following[0] in stance_nouns


def place(
    text: str,
    mentions: Sequence[Mention],
    topic_prepositions: frozenset[str],
    stance_nouns: frozenset[str] = frozenset(),
    demonyms: frozenset[str] = frozenset(),
    occasions: frozenset[str] = frozenset(),
) -> list[Placed]:
    """Each mention as the side speaking or as a topic (see the module's docstring)."""
    if not mentions:
        return []
    folded = fold(text)
    strengths = [
        strength(text, m, topic_prepositions, stance_nouns, demonyms, occasions) for m in mentions
    ]
    # "Finland and Sweden", "Russia or Ukraine", "Kyiv's energy minister and the
    # president's adviser": the second stands where the first does.
    group = list(range(len(mentions)))
    for i in range(1, len(mentions)):
        between = words(folded[mentions[i - 1].end : mentions[i].start])
        if between in (["and"], ["or"], ["and", "the"], ["or", "the"]):
            group[i] = group[i - 1]
            strengths[i] = strengths[group[i]]

    # Two subjects ("can kyiv use …? sullivan at the summit"): the person speaks, and so
    # does a party opening a later fragment ("should kyiv talk …? the white house, july")
    # or saying ("did moscow give assurances - what does the white house say"). Elsewhere
    # the first party named is the one speaking ("which british minister said putin …").
    def rank(i: int) -> tuple[int, bool, bool, int]:
        m, subject = mentions[i], strengths[i] >= SUBJECT
        later = m.start > 0 and _FRAGMENT_END.search(text[: m.start]) is not None
        says = any(w in _ASKS_WHAT_SAID for w in words(folded[m.end :])[:2])
        speaks = subject and (m.kind == "speaker" or later)
        return (strengths[i], speaks, subject and says, -m.start)

    best = max(range(len(mentions)), key=rank)
    if strengths[best] == TOPIC:
        return [Placed(m, False) for m in mentions]
    return [Placed(m, group[i] == group[best]) for i, m in enumerate(mentions)]


def persons_bodies(
    text: str, mentions: list[Mention], resolver: Resolver, bodies: frozenset[str]
) -> list[Mention]:
    """ "the Biden team", "Zelensky's government", "the Putin regime": a person's body is
    the person's whole side, so each such mention of one person becomes their side's
    (people of no known side are left as they are)."""
    out = []
    for m in mentions:
        following = words(fold(text[m.end + 2 if possessive(text, m) else m.end :]))[:1]
        if m.kind == "speaker" and following and following[0] in bodies:
            sides = {resolver.speakers[i].entity_id for i in m.target_ids}
            if len(sides) == 1 and (side := sides.pop()) is not None:
                m = replace(m, kind="entity", target_ids=(side,))
        out.append(m)
    return out


def name_slots(text: str) -> list[tuple[int, int]]:
    """Spans where a name is expected, so a name that is also a word ("truss", "rome") is
    taken there whatever its case: right after an auxiliary or "according to", before a
    possessive "'s", and opening a fragment before "on", "at" … ("truss on shooting down
    planes")."""
    tokens = tokenize(text)
    spans: list[tuple[int, int]] = []
    for i, token in enumerate(tokens):
        cites = token.folded == "per" or (
            token.folded == "to" and i and tokens[i - 1].folded == "according"
        )
        if (token.folded in AUXILIARIES or cites) and i + 1 < len(tokens):
            first = i + 2 if tokens[i + 1].folded == "the" else i + 1
            last = min(len(tokens), first + _MAX_NAME_TOKENS) - 1
            if first <= last:
                spans.append((tokens[first].start, tokens[last].end))
        # "rome's view", not "the west's treatment": a name takes no article.
        if text[token.end : token.end + 2] in ("'s", "’s") and (
            i == 0 or tokens[i - 1].folded not in _DETERMINERS
        ):
            first = i - 1 if i and tokens[i - 1].folded not in AUXILIARIES else i
            spans.append((tokens[first].start, token.end))
        opens = i == 0 or _FRAGMENT_END.search(text[: token.start])
        if opens and token.folded != "the" and token.folded not in _QUESTION_WORDS:
            for j in range(i + 1, min(len(tokens), i + _MAX_NAME_TOKENS + 1)):
                if tokens[j].folded in _SLOT_END:
                    spans.append((token.start, tokens[j - 1].end))
                    break
    return spans


def with_slot_names(text: str, mentions: list[Mention], resolver: Resolver) -> list[Mention]:
    """`mentions` plus the names found in `name_slots` where nothing was found before.
    A slot's name must open the slot (after the possessive's owner, end it)."""
    found = list(mentions)
    for start, end in name_slots(text):
        for m in resolver.find(text[start:end], names_only=True, fuzzy=False):
            m = replace(m, start=m.start + start, end=m.end + start)
            # Only a possessive's owner ends its slot ("rome's view"); elsewhere the name
            # opens it ("according to his head of office" names no "Office").
            if m.start != start and not (m.end == end and possessive(text, m)):
                continue
            # A spelling guess ("truss" for "Trusts") gives way to a name written as it
            # is; a name found where the slot's name stands keeps its place, whatever
            # stands further in the slot ("why does canberra help ukraine").
            inside = [o for o in found if o.start < m.end and o.end > m.start]
            if not any(not o.fuzzy for o in inside):
                found = [o for o in found if o not in inside] + [m]
            break
    return sorted(found, key=lambda m: m.start)


def unknown_in_slot(
    text: str,
    mentions: Sequence[Mention],
    stance_nouns: frozenset[str],
    filler: frozenset[str] = frozenset(),
) -> tuple[str, int] | None:
    """The name (and where it starts) in a place for a speaker's name that holds a name the
    store does not know: the owner of a stance ("robert fico's line") or a fragment's
    opening ("ioc president thomas bach on …"). `filler` are words a name never is
    ("what", "say"): they are trimmed from what is returned."""
    tokens = tokenize(text)
    for i, token in enumerate(tokens):
        opens = i == 0 or _FRAGMENT_END.search(text[: token.start])
        end = None
        if (
            _owns(text, token)
            and words(fold(text[token.end + 2 :]))[:1]
            and (words(fold(text[token.end + 2 :]))[0] in stance_nouns)
        ):
            end = i
        elif opens:
            for j in range(i, min(len(tokens), i + _MAX_NAME_TOKENS + 1)):
                if tokens[j].folded in _SLOT_END:
                    end = j - 1
                    break
                if _owns(text, tokens[j]):
                    break
        if end is None or end < 0:
            continue
        first = i if opens else max(0, end - 1)
        span = [t for t in tokens[first : end + 1]]
        while span and (span[0].folded in filler or span[0].folded in STOPWORDS):
            span = span[1:]
        while span and (span[-1].folded in filler or span[-1].folded in STOPWORDS):
            span = span[:-1]
        if not span:
            continue
        start, stop = span[0].start, span[-1].end
        if any(m.start < stop and m.end > start for m in mentions):
            continue
        if any(looks_like_a_name(t.folded) for t in span):
            return text[start:stop], start
    return None


def _owns(text: str, token) -> bool:  # noqa: ANN001
    return text[token.end : token.end + 2] in ("'s", "’s")
