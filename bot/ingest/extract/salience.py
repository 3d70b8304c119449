"""Salience for "he"/"she": which person a sentence is about.

A pronoun that opens a sentence ("…,” he said", "He noted that …") continues the previous
sentence's topic: its grammatical subject, or the speaker of its reporting clause. People named
only inside a prepositional phrase ("during a conversation with X", "a message to X"), as a
verb's object ("thanked X", "met X") or as a possessor ("X's decision") are ranked after those,
and are taken only when the subject cannot be meant (a person of the other gender). A subject
that is a role phrase ("The President of Ukraine", "the Head of State") counts as that person:
``Registry.by_role`` resolves a release's own office to its principal.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.resources import word_list
from bot.text.particles import name_particles

from .lexicon import lexicon
from .names import NAME_RUN, Phrase, is_role_phrase, name_gender, parse_subject, split_name
from .offices import complement, same_office
from .text import MASK

if TYPE_CHECKING:
    from .pronouns import PronounResolver
    from .speakers import Person

_PREPOSITIONS = frozenset(
    "with to from by for of about against between among amongst on at in into onto towards "
    "toward via including like unlike than upon under behind beside without within across "
    "through per regarding concerning versus vs".split()
)
# Words that leave a following name in subject position: "that Biden said", "and Macron".
_CLAUSE_WORDS = frozenset(
    "and or but that which who when while whereas as because since if although though where "
    "so then after before once until".split()
)
_OBJECT_VERBS = word_list("cues.json", "object_verbs")
_NEEDS_OBJECT = frozenset({"tell", "ask", "urge", "inform", "assure", "reassure", "advise"})
# Words inside a titled name: "President of the Republic of Poland Andrzej Duda".
_NP_INNER = frozenset("the and former acting".split()) | name_particles()
_DETERMINERS = frozenset("the a an his her their its our this that".split())
_OPEN_WORDS = frozenset(
    "besides moreover furthermore additionally therefore thus hence indeed instead "
    "nevertheless nonetheless separately meanwhile however also then later earlier today "
    "yesterday now finally again still in on at during after before with for from by since "
    "while when as although though because despite under over among amid following "
    "within throughout upon regarding concerning first second third lastly overall notably "
    "tonight".split()
)
_OPENER_RE = re.compile(r"\s*([A-Z][\w’'\-]*)\b[^,;:.!?\n]{0,160}?,\s+")
_PRONOUN_RE = re.compile(r"\s*(He|She)\b")
NAME_RUN_OF = rf"{NAME_RUN}(?:\s+(?:of|for|to)(?:\s+the)?\s+{NAME_RUN})*"
_IRREGULAR_PAST = frozenset(
    "met held took gave made told said spoke sent saw came went led paid brought became began "
    "wrote got kept left put set won thought felt knew heard did does do has had is was are "
    "were will would can could may might must should shall".split()
)


def is_oblique(masked: str, pos: int, floor: int, objects: bool = True) -> bool:
    """The mention at ``pos`` sits in a prepositional phrase or (with ``objects``) is a verb's
    object."""
    lex = lexicon()
    tokens = masked[floor:pos].split()
    i = len(tokens)
    while i > 0:
        t = tokens[i - 1]
        if t.endswith((",", ";", ":")) or MASK in t:
            break
        bare = t.strip("()\"“”‘’'«»")
        if bare[:1].isupper() or bare in _NP_INNER or bare.lower() in lex.role_nouns:
            i -= 1  # the rest of the noun phrase: a title, "the", "of", a role noun
            continue
        before = tokens[i - 2] if i > 1 else ""
        if bare in _PREPOSITIONS and (before[:1].isupper() or before in lex.role_nouns):
            i -= 1  # inside a title: "Adviser to the Head of the Office"
            continue
        break
    if i == 0 or tokens[i - 1].endswith((",", ";", ":")):
        return False
    w = tokens[i - 1].strip("()\"“”‘’'«»").lower()
    if w in _PREPOSITIONS:
        return True
    if not objects:
        return False
    lemma = lex.verb_lemma.get(w)
    if lemma is not None:
        return lemma in _NEEDS_OBJECT  # "said Peskov" is a speaker, "told Biden" an object
    if w in _CLAUSE_WORDS or w in lex.auxiliaries:
        return False
    if w in _OBJECT_VERBS:
        return True
    # "thanked X", "meeting X" — but "retired general X", "the elected X" are adjectives.
    first = i == 1 or tokens[i - 2].lower() in _DETERMINERS or tokens[i - 2].endswith(",")
    return w.endswith(("ed", "ing")) and not first


def _clause_start(masked: str, s: int, e: int) -> int:
    """After the sentence's opening adverbials ("For his part, ", "During the talks, ")."""
    pos = s
    for _ in range(3):
        m = _OPENER_RE.match(masked, pos, e)
        if m is None:
            break
        first = m.group(1)
        participle = _PARTICIPLE_RE.match(masked, m.start(1))
        if not (first.lower() in _OPEN_WORDS or first.endswith(("ly", "ing")) or participle):
            break
        pos = m.end()
        if participle:
            # "Asked about a comment Doe made, that “…” would fail, Roe defended …": the
            # participle's clause runs on to the comma before the subject.
            more = _RUN_ON_RE.match(masked, pos, e)
            pos = more.end() if more else pos
    return pos


# "Asked about …", "Pressed on …": a participle opening the sentence, not its subject.
_PARTICIPLE_RE = re.compile(
    r"[A-Z][a-z]+ed\s+(?:about|on|over|whether|if|why|what|how|by|for|to)\b"
)
_RUN_ON_RE = re.compile(r"\s*(?:so\s+that|that|which|who|when|as)\b[^;:.!?\n]{0,160}?,\s+(?=\S)")


def subject_phrase(masked: str, s: int, e: int) -> tuple[int, int, Phrase | None] | None:
    """The grammatical subject of the sentence ``masked[s:e]``: its span, and the speaker
    phrase (name, role or pronoun) it parses as, if any."""
    lex = lexicon()
    if re.match(r"\s*[Aa]ccording\s+to\b", masked[s:e]):
        return None  # the source is a cue's speaker, recorded apart
    c = _clause_start(masked, s, e)
    pm = _PRONOUN_RE.match(masked, c, e)
    if pm:
        word = pm.group(1)
        pronoun = Phrase("pronoun", word, gender="m" if word == "He" else "f", pos=pm.start(1))
        return pm.start(1), pm.end(1), pronoun
    end = c
    titled = True
    after_of = False
    for k, m in enumerate(re.finditer(r"\S+", masked[c:e])):
        tok = m.group()
        bare = tok.strip(",:;()\"“”‘’'«»")
        if k > 25 or MASK in tok or not bare:
            return None
        low = bare.lower()
        if bare[:1].isupper() or low in _NP_INNER or low in lex.role_nouns:
            end = c + m.end()
            titled = titled and (bare[:1].isupper() or low in _NP_INNER)
            after_of = False
            continue
        if low == "of" or (titled and low in _PREPOSITIONS):
            after_of = low == "of"
            continue  # a title so far: "Adviser to the Head of the Office"
        if after_of and not tok.endswith(","):
            # "secretary of state Jane Doe": the word after "of" completes the title, even
            # one that is also a verb ("state", "record"); the verb comes later.
            end = c + m.end()
            after_of = False
            continue
        if (
            low in _PREPOSITIONS
            or low in _CLAUSE_WORDS
            or low in lex.auxiliaries
            or low in lex.verb_lemma
            or low in _IRREGULAR_PAST
            or low.endswith(("ed", "ly"))
            or (low.endswith("s") and not low.endswith("ss"))
        ):
            break  # the verb (or a phrase after the head noun)
        end = c + m.end()
    np = masked[c:end].rstrip(" ,")
    if not np.strip():
        return None
    ph = parse_subject(np, c)
    if ph is not None and ph.kind == "name" and is_oblique(masked, ph.pos, c):
        ph = None  # "The blockade of the city of X": X is no subject
    if ph is not None and ph.kind == "name" and " " not in ph.name:  # a one-word name
        if re.search(r"\bof\s+(?:the\s+)?$", masked[c : ph.pos]) and is_role_phrase(np):
            # "the First Lady of Utopia": the place completes a role.
            ph = Phrase("role", np.strip(), role=np.strip(), gender=name_gender("", np), pos=c)
        elif ph.name.endswith("s") and re.match(r"\s*the\s", np, re.IGNORECASE):
            ph = None  # "the Utopians": a people, not a person
    if ph is not None and ph.kind == "name" and titled and re.fullmatch(NAME_RUN_OF, np.strip()):
        # "Prime Minister of Utopia Jane Doe": a titled name, the title running over "of".
        title, name = split_name(np.strip())
        if title and len(name.split()) >= 2:
            pos = c + np.rfind(name)
            ph = Phrase("name", np.strip(), name, title, name_gender(name, title), pos)
    if ph is None and is_role_phrase(np.strip()) and re.match(r"\s*(?:[Tt]he|[A-Z])", np):
        ph = Phrase("role", np.strip(), role=np.strip(), gender=name_gender("", np), pos=c)
    return c, end, ph


def candidates(
    reg: PronounResolver, s: int, e: int, gender: str | None
) -> tuple[list[Person], list[Person], bool, bool]:
    """People of ``masked[s:e]`` (a sentence, or its part before a pronoun) for a pronoun of
    ``gender``: (strong, weak, other, blocked). Strong are its subject, the speakers of its
    cues and people named in subject position, in that order; weak are those named in oblique
    or possessive positions. ``other``: the subject is a person of the other gender (so an
    object is meant); ``blocked``: the subject is a description of someone unnamed."""
    masked = reg.layout.masked
    strong: list[Person] = []
    weak: list[Person] = []
    other = blocked = False
    span = subject_phrase(masked, s, e)
    subj = span[2] if span else None
    # A titled name ("Adviser to the Head of the Office Jane Doe"): its last named person.
    named = (
        [
            p
            for m, p in reg.mentions_between(span[0], span[1])
            if m >= 0 and not is_oblique(masked, m, span[0])
        ]
        if span
        else []
    )
    if named and (subj is None or subj.kind != "pronoun"):
        strong.append(named[-1])
        subj = None
    if subj is not None and subj.pos < e:
        if subj.kind == "pronoun" and gender and subj.gender != gender:
            other = True
        else:
            p = reg.subject_person(subj, gender)
            if p is not None:
                strong.append(p)
            elif subj.kind == "role" and subj.gender in (None, gender):
                blocked = True
    other = other or bool(strong and not _fits(strong[0], gender))
    strong.extend(p for _, p in reg.speakers_between(s, e) if p not in strong)
    content = _reported_from(masked, span[1], e) if span else e
    for m, p in reg.mentions_between(s, e):
        if p in strong or p in weak:
            continue
        in_subject_part = abs(m) < content or _speaks(masked, m, e)
        if m >= 0 and in_subject_part and not is_oblique(masked, m, s):
            strong.append(p)
        else:
            weak.append(p)
    strong = [p for p in strong if _fits(p, gender)]
    weak = [p for p in weak if _fits(p, gender) and p not in strong]
    return strong, weak, other, blocked and not strong


_NAME_AT_RE = re.compile(NAME_RUN)
# Adverbs and auxiliaries between a subject and its verb: "Jane Doe has also said".
_SUBJECT_VERB_GAP_RE = re.compile(r"\s+(?:(?:[a-z]+ly|also|then|had|has|have)\s+)*")


def _verb_after(masked: str, pos: int, e: int) -> re.Match[str] | None:
    """The finite speech verb right after ``pos`` (adverbs and auxiliaries aside), if any:
    not a participle, nor a form that is also a noun ("remarks", "comments")."""
    lex = lexicon()
    m = next(lex.verbs(masked, pos, min(e, pos + 40)), None)
    if m is None or not _SUBJECT_VERB_GAP_RE.fullmatch(masked, pos, m.start()):
        return None
    word = m.group()
    nouns = lex.speech_nouns | lex.claim_nouns
    if not word[:1].islower() or word.endswith("ing") or word in nouns:
        return None
    return m if word in lex.clause_forms else None


def _reported_from(masked: str, subject_end: int, e: int) -> int:
    """Where the reported clause starts when the subject ending at ``subject_end`` is
    followed by a speech verb ("The veteran leftist said Biden failed …"): people named
    after the verb are what was said, not who is speaking; ``e`` when there is none."""
    m = _verb_after(masked, subject_end, e)
    return m.end() if m is not None else e


def _speaks(masked: str, pos: int, e: int) -> bool:
    """The name at ``pos`` is the subject of its own speech verb: "… reports that Jane Doe
    also suggested …" makes her a speaker, however embedded."""
    run = _NAME_AT_RE.match(masked, pos)
    return run is not None and _verb_after(masked, run.end(), e) is not None


def _fits(p: Person, gender: str | None) -> bool:
    return not (gender and p.gender and p.gender != gender)


_VOCATIVE_RE = re.compile(
    r"\b(?:Mr|Mrs|Ms|Madam|Mister|Dear)\.?\s+([A-Z][\w’'\-]+)((?:\s+of\s+[\w’'\- ]{2,40})?)"
)
_SECOND_RE = re.compile(r"\b(?:you|your|yours|yourself)\b", re.IGNORECASE)


def addresses(quote: str, p: Person) -> bool:
    """The quotation speaks to ``p`` in the second person: "you, Mr. President", "Dear Jane,
    you …" (by surname, given name or an office ``p`` holds)."""
    if not _SECOND_RE.search(quote):
        return False
    words = {p.surname, p.name.split()[0]}
    for m in _VOCATIVE_RE.finditer(quote):
        office = m.group(1).lower() in p.heads
        # "Mr. President of the Council" is not the president of another office.
        if m.group(1) in words or (office and same_office(complement(m.group(0)), p.roles)):
            return True
    return False
