"""Noun phrases that can speak: capitalised name runs, titles, roles, pronouns.

These helpers read short windows of the *masked* text (quotations hidden) on either side of a
speech verb and say what kind of speaker phrase sits there. They never decide who the person
is: that is ``speakers.Registry``'s job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from bot.text.analysis import is_common_word
from bot.text.particles import honorifics, name_particles

from .bodies import speaks_officially
from .lexicon import lexicon
from .offices import joins_complement, title_before

UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĘĚĞĪİŁŃŇŌŐŒŘŚŞŠŢŤŪŮŰŹŻŽ"
_ABBR = (
    r"(?:Mr|Mrs|Ms|Messrs|Dr|Sen|Sens|Rep|Reps|Del|Gov|Gen|Lt|Col|Maj|Capt|Adm|Sgt|Cpl|Pvt|Rev|"
    r"Fr|Msgr|Jr|Sr|St|Prof|Hon|Cmdr|Amb|Atty|Supt|Insp|Pres)\."
)
# Combining marks ("Adébáyọ̀": a dot below and a grave accent on one letter, which no single
# character writes) belong to the word; ``\w`` alone does not match them.
_MARKS = "\u0300-\u036f"
_TOKEN = (
    rf"(?:{_ABBR}|(?:[{UPPER}]\.){{1,3}}(?![\w])|[{UPPER}][\w’'\-{_MARKS}]*[\w{_MARKS}]|[{UPPER}])"
)
_PARTICLES = name_particles()
_PARTICLE = "(?:" + "|".join(sorted(_PARTICLES, key=lambda w: (-len(w), w))) + ")"
# A run of capitalised tokens on one line (particles allowed inside), e.g.
# "Foreign Minister Sergei Lavrov", "House Speaker Paul D. Ryan", "Ludwig van Beethoven".
# An Arabic article glued to a surname, in lower case inside a name: "Hiba al-Nour",
# "Abdel Fattah el-Sisi" (never a run's first word: "al-Qaeda said" names no one).
_ARTICLE_TOKEN = rf"(?:a[lnrstz]|e[ln]|ad|ud)-[{UPPER}][\w’'\-{_MARKS}]*[\w{_MARKS}]"
NAME_RUN = rf"{_TOKEN}(?:[ \u00a0]+(?:{_PARTICLE}[ \u00a0]+){{0,2}}(?:{_TOKEN}|{_ARTICLE_TOKEN}))*"
NAME_RUN_RE = re.compile(rf"(?<![\w’'\-]){NAME_RUN}")
ARTICLE_SURNAME_RE = re.compile(_ARTICLE_TOKEN)
# A surname with its article may stand alone at the end ("…,” al-Otaibi said): the
# registry takes it only for someone the text already named (``Registry.resolve``).
_TRAIL_NAME_RE = re.compile(
    rf"(?<![\w’'\-.])({NAME_RUN}|{_ARTICLE_TOKEN})(?:’s|'s)?\s*(?:\((?P<tag>[^()\n]{{1,40}})\))?\s*$"
)
# A delegation in parentheses after a name, as meeting records write it: "VASSILY NEBENZIA
# (Russian Federation) said"; not a party tag ("D-Ill."), a note ("pictured") or an age.
_DELEGATION_RE = re.compile(r"[A-Z][a-z]+(?:\s+(?:of\s+|the\s+)*[A-Z][a-z]+){0,4}")
# A determiner opening a description, capitalised at a sentence's start ("The Mozambican
# minister informed …").
_DET = (
    r"(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Ii]ts|[Tt]heir|[Oo]ur|this|that|another|one|"
    r"[\w’'\-.]+(?:’s|'s))"
)
_PRONOUNS = {"he": "m", "she": "f", "i": "1", "we": "1", "they": "n", "it": "n", "you": "2"}


@dataclass(frozen=True)
class Phrase:
    """A speaker phrase found next to a cue."""

    kind: str  # "name", "pronoun", "role", "other"
    text: str  # the phrase as written
    name: str = ""  # for "name": the name tokens without titles ("Sergei Lavrov")
    role: str = ""  # a role given with it: title prefix or apposition
    gender: str | None = None
    pos: int = -1  # offset of the phrase in the text


_LY_NOUNS = frozenset({"family", "assembly", "supply", "monopoly", "anomaly", "homily", "rally"})


def _is_manner_adverb(word: str) -> bool:
    """ "forcefully", "boldly": an -ly adverb between a subject and its verb."""
    return (
        len(word) >= 5
        and word.endswith("ly")
        and word not in _LY_NOUNS
        and word not in lexicon().role_nouns
    )


def _is_title(token: str) -> bool:
    return token.rstrip(".") in lexicon().titles


_QUANTIFIERS = frozenset(
    {
        "One",
        "Some",
        "Many",
        "Several",
        "Two",
        "Three",
        "Four",
        "Another",
        "Other",
        "Most",
        "All",
        "Both",
        "Few",
        "No",
        "Any",
        "Each",
        "Every",
        "Such",
        "These",
        "Those",
        "This",
        "That",
        "His",
        "Her",
        "Their",
        "Its",
        "Our",
        "My",
        "Your",
    }
)


def split_name(run: str) -> tuple[str, str]:
    """("Foreign Minister", "Sergei Lavrov") from "Foreign Minister Sergei Lavrov".

    The name is empty when the run names no individual: "One Republican", "Republicans",
    a lone title ("Democratic"), or only a possessor ("Trump's RT" names RT, an organisation).
    """
    lex = lexicon()
    tokens = run.split()
    for k in range(len(tokens) - 1, -1, -1):
        if k < len(tokens) - 1 and re.search(r"[’']s?$", tokens[k]):
            tokens = tokens[k + 1 :]  # "Clinton’s campaign manager Robby Mook" -> after it
            break
    if not tokens or tokens[0] in _QUANTIFIERS:
        return "", ""
    if len(tokens) == 1 and tokens[0] in lex.time_words:
        return tokens[0], ""  # "A", "The", "With" alone name nobody
    i = 0
    while i < len(tokens) - 1 and (
        tokens[i].rstrip(".") in lex.time_words or tokens[i] in {"The", "A", "An"}
    ):
        i += 1
    j = i
    with_of = False
    while j < len(tokens) - 1:
        if _is_title(tokens[j]):
            j += 1
        elif tokens[j] in {"of", "the"} and j > i:
            with_of = True
            j += 1
        else:
            break
    # "Finance Minister Olga Marchenko": a title inside the run ends the descriptive prefix.
    inner = [
        k for k in range(j, len(tokens) - 1) if _is_title(tokens[k]) and tokens[k][0].isupper()
    ]
    if inner and not with_of:
        j = inner[-1] + 1
    if with_of:
        # "President of the Russian Federation Vladimir Putin": the place belongs to the
        # title; the name is the last two tokens (more with an initial or a suffix).
        j = max(j, len(tokens) - _name_words(tokens))
    name = tokens[j:]
    honorific = j > i and tokens[j - 1].endswith(".")  # "Mr. King", "Sen. Bishop"
    if (
        len(name) == 1
        and not honorific
        and (_is_title(name[0]) or name[0].rstrip(".") in lex.time_words)
    ):
        return " ".join(tokens[i:]), ""  # a title alone ("Democratic", "Republicans") is no name
    return " ".join(tokens[i:j]), " ".join(name)


def _name_words(tokens: list[str]) -> int:
    """How many of the run's last words a name with no known given name takes: a given name
    and a surname, with an initial between them ("Antony J. Blinken") and a generational
    suffix after them ("Lloyd J. Austin III") counted in, and so are the particles before a
    surname with the given name before them ("Faisal bin Farhan", "Ursula von der Leyen")."""
    n = 2
    if tokens and tokens[-1] in GENERATIONAL_SUFFIXES:
        n += 1
    while len(tokens) > n and tokens[-n] in _PARTICLES:
        n += 1
    if len(tokens) > n and INITIAL_RE.fullmatch(tokens[-n]):
        n += 1
    return min(n, len(tokens))


# What a name may end in after its surname, and an initial inside it: read here and in
# titles ("Joseph R. Biden, Jr.").
GENERATIONAL_SUFFIXES = frozenset("Jr. Jr Sr. Sr II III IV".split())
INITIAL_RE = re.compile(r"[A-Z]\.")
_LINK_END_RE = re.compile(r"\b(?:of|for|on|to)\s+(?:the\s+)?$")
# "… of the National Security and Defense Council Jane Doe": a run after an "and" that joins
# the parts of a complement ("Security and Defense") also starts inside the title.
_AND_LINK_END_RE = re.compile(r"\b(?:of|for|on|to)\s+(?:the\s+)?(?:[A-Z][\w’'\-]*\s+){1,4}and\s+$")
_LINK_AFTER_RE = re.compile(r"\s+(?:of|for|on|to)\s")


def split_after_link(text: str, run_start: int, run: str, title: str, name: str) -> tuple[str, str]:
    """(title, name) for a run that starts inside a title: in "Head of the Office of the
    President of Ukraine Andriy Yermak" or "Adviser to the President on Economic Issues Jane
    Doe" the run after "of"/"on" holds the title's last words, then the name, which starts at
    a known given name (else it is the last two words, when a title ends right before them).
    """
    tokens = name.split()
    if len(tokens) < 3:
        return title, name
    joined = "and" in text[max(0, run_start - 5) : run_start] and _AND_LINK_END_RE.search(
        text, max(0, run_start - 60), run_start
    )
    if not joined and not _LINK_END_RE.search(text, max(0, run_start - 9), run_start):
        return title, name
    given = [k for k in range(1, len(tokens) - 1) if tokens[k] in lexicon().given_gender]
    k = given[0] if given else len(tokens) - _name_words(tokens)
    if k <= 0:
        return title, name  # "Antony J. Blinken": the name is all of it
    if joined and not joins_complement((title + " " + " ".join(tokens[:k])).split()):
        return title, name  # "… of Ukraine Jane Doe and Prime Minister John Roe"
    starts = [run_start + t.start() for t in re.finditer(r"\S+", run)]
    # "… of the Temporarily Occupied Territories of Ukraine Jane Doe": a run that goes on into
    # another complement is still the title.
    more = _LINK_AFTER_RE.match(text, run_start + len(run))
    if given or (not more and title_before(text, starts[len(starts) - len(tokens) + k])):
        return " ".join((title + " " + " ".join(tokens[:k])).split()), " ".join(tokens[k:])
    return title, name


def is_org(name: str) -> bool:
    lex = lexicon()
    tokens = name.split()
    if any(re.sub(r"[’']s?$", "", t).rstrip(".") in lex.org_words for t in tokens):
        return True
    # All-capitals acronyms ("TASS", "CNN") are organisations, unless a one-word transcript
    # label in capitals (handled by the transcript reader, not here).
    return len(tokens) == 1 and len(name) > 1 and name.isupper()


def name_gender(name: str, role: str = "") -> str | None:
    lex = lexicon()
    words = {w.lower().rstrip(".") for w in role.split()}
    if words & {w.lower() for w in lex.female_words}:
        return "f"
    if words & {w.lower() for w in lex.male_words}:
        return "m"
    tokens = name.split()
    if not tokens:
        return None
    # "Marie-Lourdes", "Jean-Pierre": a compound given name takes its first part's gender.
    g = lex.given_gender.get(tokens[0]) or lex.given_gender.get(tokens[0].split("-")[0])
    if g:
        return g
    last = tokens[-1].lower()
    # Slavic and Baltic women's surnames; not the Turkish "-kaya" ("Yalçınkaya": "rock") nor
    # the Spanish "-ueva" ("Villanueva").
    other = last.endswith(("kaya", "ueva")) and not last.endswith("skaya")
    if last.endswith(("ova", "eva", "ina", "aya", "ska", "yte", "ite")) and not other:
        return "f"
    if last.endswith(("ov", "ev", "in", "sky", "skiy", "skyi", "enko", "uk", "yk")):
        return "m"
    return None


def _role_np(text: str) -> str | None:
    """A trailing description headed by a role noun: "the US State Department spokesman"."""
    lex = lexicon()
    m = re.search(rf"(?:^|\s)({_DET}\s+(?:[\w’'\-.]+\s+){{0,6}}?[\w\-]+)\s*$", text)
    if not m:
        return None
    phrase = m.group(1)
    head = phrase.split()[-1].lower()
    if head in lex.role_nouns:
        return phrase
    return None


# "the" right before a capitalised run, opening the text or after a non-word character.
# Not after a preposition: in "the Head of the Office of the President" the last "the
# President" completes another role.
_THE_END_RE = re.compile(
    r"(?:^|(?<=[^\w’']))(?<!\bof\s)(?<!\bto\s)(?<!\bfor\s)(?<!\bwith\s)([Tt]he)\s+$"
)


def parse_subject(left: str, offset: int) -> Phrase | None:
    """The speaker phrase that ends ``left`` (text just before a speech verb).

    ``offset`` is the position of ``left`` in the document. Handles auxiliaries ("has also"),
    appositions ("Ned Price, the US State Department spokesman,"), parenthetical party tags,
    title and role prefixes, pronouns and bare role descriptions.
    """
    lex = lexicon()
    s = left.rstrip()
    # Drop auxiliaries and adverbs between subject and verb: "Lavrov has also said".
    while True:
        m = re.search(r"(?:^|\s)([A-Za-z]+)$", s)
        if (
            m
            and m.group(1)[0].islower()
            and (m.group(1) in lex.auxiliaries or _is_manner_adverb(m.group(1)))
        ):
            s = s[: m.start(1)].rstrip()
            continue
        break
    s = s.rstrip()
    if not s:
        return None
    relative = _WHO_RE.search(s)
    if relative is not None:
        # "Also speaking was Jane Doe, Minister of State, who said", "… met John Roe, who
        # said": the relative's antecedent, with its apposition if it has one.
        s = s[: relative.start()].rstrip(",")
        found = _apposition(s, offset) or parse_subject(s, offset)
        if found is not None and len(found.role.split()) > _DESCRIPTION_WORDS:
            # "… for a meeting with the foreign minister, Dmytro Kuleba, who said": what
            # stands before the name is a clause, no description of him.
            found = replace(found, role="")
        return found
    if s.endswith(","):
        return _apposition(s[:-1], offset)
    last = re.search(r"([A-Za-z]+)$", s)
    if (
        last
        and last.group(1).lower() in _PRONOUNS
        and (
            last.group(1).islower()
            or last.group(1) == "I"  # "To Pyongyang I say this": the pronoun, no "Pyongyang I"
            or last.start() == 0
            or not s[: last.start()].strip()
            or s[last.start() - 2 : last.start()].strip() in {",", ":", ";"}
        )
    ):
        word = last.group(1)
        return Phrase("pronoun", word, gender=_PRONOUNS[word.lower()], pos=offset + last.start())
    m = _TRAIL_NAME_RE.search(s)
    if m:
        run = m.group(1)
        if re.search(r"(?:’s|'s)\s*$", s[: m.end()].split("(")[0]):
            return None  # "Clinton’s" modifies the real head, which is not a name
        if " " not in run and _PREPOSITION_PAIR_RE.search(s, 0, m.start(1)):
            return None  # "Critics in both Serbia and Kosovo say": where the critics are
        title, name = split_after_link(s, m.start(1), run, *split_name(run))
        # "The President of Utopia noted": a place after "ROLE of" (one word, or an org).
        place = is_org(name or run) or (len(run.split()) == 1 and not title)
        if place and speaks_officially(run) and _THAT_BEFORE_RE.search(s, 0, m.start(1)):
            # "Doe said that Hungary condemned the attacks": a country inside someone's
            # reported clause is what they said, not a second speaker.
            return None
        of = _ROLE_OF_RE.search(s[: m.start(1)]) if place else None
        delegate = _DELEGATE_OF_RE.search(s[: m.start(1)]) if place else None
        if (
            delegate
            and _delegate_name(delegate.group(1))
            and not _THE_BEFORE_RE.search(s, 0, delegate.start(1))
        ):
            # "Bradley Connors of the United States said": a delegate, named for the country
            # they speak for, as "Vassily Nebenzia (Russian Federation)" is.
            title, name = split_name(delegate.group(1))
            if name:
                pos = offset + delegate.start(1) + delegate.group(1).find(name)
                return Phrase("name", delegate.group(1), name, run, name_gender(name, ""), pos)
        member = _member_of(s, m.start(1), offset)
        if member is not None:
            return member
        if not name and (office := _office_of_chain(s, m.end(1), offset)) is not None:
            return office
        if of and of.group(2).lower() in lex.role_nouns:
            # "The Head of the President's Office noted": a role, not the office speaking.
            phrase = s[of.start(1) : m.end()].strip()
            return Phrase("role", phrase, role=phrase, pos=offset + of.start(1))
        if not name and " " not in run and is_org(run):
            # "Police said": a lone institution word (also a title: "Police Chief …").
            return Phrase("name", run, run, "", None, offset + m.start(1))
        the = _THE_END_RE.search(s, 0, m.start(1))
        # "The Mozambican Minister": no one's name ends in an office; the run describes.
        office_end = bool(name) and name.split()[-1] in lex.titles
        if (not name or office_end) and (the or run.startswith("The ")) and is_role_phrase(run):
            # "“…,” the Foreign Minister said", "The Prime Minister said": a capitalised office,
            # all title and no name, describes its holder as "the foreign minister" does.
            start = the.start(1) if the else m.start(1)
            phrase = s[start : m.end(1)]
            return Phrase(
                "role", phrase, role=phrase, gender=name_gender("", run), pos=offset + start
            )
        if not name or name in lex.time_words or name.lower() in lex.non_person:
            return None
        before = s[: m.start(1)].rstrip()
        lead = _role_tail_re().search(before)
        role = " ".join(
            x for x in (_trim_role(lead.group(1)) if lead else "", office_of(title)) if x
        )
        tag = m.group("tag")
        if not role and tag and _DELEGATION_RE.fullmatch(tag.strip()):
            role = tag.strip()  # the delegation the person speaks for
        pos = offset + m.start(1) + run.find(name)
        return Phrase("name", run, name, role, name_gender(name, role), pos)
    ph = _subject_with_tail(s, offset)
    if ph is not None:
        return ph
    noun = _role_np(s)
    if noun:
        return Phrase(
            "role", noun, role=noun, gender=name_gender("", noun), pos=offset + len(s) - len(noun)
        )
    side = _SIDE_RE.search(s)
    before = s[: side.start(1)].rstrip() if side else ""
    if side and (not before or before.endswith(",")):
        # "The Russian side stressed", "In turn, the Russian side noted": a party to talks
        # (``bodies.side_body``), no person; not inside another's clause ("… noted that the
        # Ukrainian side demands …": the minister's words).
        return Phrase("role", side.group(1), role=side.group(1), pos=offset + side.start(1))
    return None


# "The Minister of Health noted", "The Head of the Office of the President suggested": an
# office written with its "of" complements, all capitalised, from its first word.
_OFFICE_CHAIN_RE = re.compile(
    r"((?:[Tt]he\s+)?[A-Z][\w\-]*(?:\s+[A-Z][\w\-]*){0,2}"
    r"(?:\s+of\s+(?:the\s+)?[A-Z][\w\-]*(?:\s+[A-Z][\w\-]*){0,2})+)$"
)


def _office_of_chain(s: str, end: int, offset: int) -> Phrase | None:
    """The office ending at ``end`` whose head, before its first "of", is a title or a role
    noun ("The Minister of Health"); None for a body ("the Ministry of Health") or a name."""
    m = _OFFICE_CHAIN_RE.search(s, 0, end)
    if m is None:
        return None
    phrase = m.group(1)
    head = re.split(r"\s+of\s+", phrase, maxsplit=1)[0].split()[-1]
    lex = lexicon()
    if head.lower() not in lex.role_nouns and head not in lex.titles:
        return None
    start = m.start(1)
    return Phrase("role", phrase, role=phrase, gender=name_gender("", phrase), pos=offset + start)


# "John Roe of the Brookings Institution said", "Dr. Ana Ruiz of the Istanbul Center for
# Maritime Security told us": a person's full name, then the body they are from.
_MEMBER_OF_RE = re.compile(
    rf"({NAME_RUN})\s+(?:of|from|at)\s+(?:the\s+)?"
    r"(?P<body>(?:[A-Z][\w’'\-.&]*\s+(?:(?:for|of|on|and)\s+(?:the\s+)?)?)*)$"
)


def _member_of(s: str, body_start: int, offset: int) -> Phrase | None:
    """The person named in full before "of" (or "from", "at") and a capitalised body ending
    at ``body_start``, with the body as their role; None where what stands before "of" is
    an office ("Secretary of State", "Head of the Office") or no one's name."""
    m = _MEMBER_OF_RE.search(s, 0, body_start)
    if m is None:
        return None
    title, name = split_name(m.group(1))
    lex = lexicon()
    if len(name.split()) < 2 or is_org(name) or speaks_officially(name):
        return None
    if names_an_office(name):
        return None  # "the Ukrainian Head of State", "High Representative of the EU"
    first = name.split()[0]
    if name.lower() in lex.non_person or (
        first not in lex.given_gender and is_common_word(first.lower())
    ):
        return None  # "the Joint Chiefs of Staff": words, no one's name
    body = s[m.start("body") :].split("(")[0].strip()
    pos = offset + m.start(1) + m.group(1).find(name)
    return Phrase("name", m.group(1), name, office_of(title) or body, name_gender(name, ""), pos)


_SIDE_RE = re.compile(r"(?:^|(?<=\s))([Tt]he\s+[A-Z][\w\-]+\s+side)$")
# A name after "and" that pairs it with a preposition's object: "in both Serbia and", "from
# Paris or".
_PREPOSITION_PAIR_RE = re.compile(
    r"\b(?:in|of|from|across|at|for|between)\s+(?:both\s+|either\s+)?"
    r"[A-Z][\w\-]+(?:\s+[A-Z][\w\-]+)?\s+(?:and|or)\s+$"
)


# "Nikolai Petrov of the Chatham House thinktank said": a name, then where the person is from.
_PP_TAIL_RE = re.compile(
    rf"({NAME_RUN})\s+(?:from|of|at|with)\s+(?:the\s+|a\s+|an\s+)?(?:[\w’'\-]+\s+){{0,5}}"
    r"[\w’'\-]+$"
)
_PREP_END_RE = re.compile(r"\b(?:of|for|to|with|by|from|at|in|on|about|against|and|or)\s*$")
# "“…,” Jane Doe, deputy head of the committee, told": an apposition that lost its comma.
_OPEN_APPOS_RE = re.compile(rf"({NAME_RUN}),\s+((?:the\s+|a\s+|an\s+)?[a-z][^;:#]{{2,140}})$")


def _subject_with_tail(s: str, offset: int) -> Phrase | None:
    """A named subject followed by a prepositional phrase or an unclosed apposition."""
    lex = lexicon()
    m = _PP_TAIL_RE.search(s)
    tail = s[m.end(1) :].split() if m else []
    # The phrase holds no verb ("Much of the speech was dedicated to"), and ends in a noun.
    plain = not any(w in lex.auxiliaries or w.endswith("ed") for w in tail[1:])
    if m and plain and not _PREP_END_RE.search(s[: m.start(1)]) and not _PREP_END_RE.search(s):
        inner = parse_subject(s[: m.end(1)], offset)
        if inner is not None and inner.kind == "name" and len(inner.name.split()) >= 2:
            return inner
    m = _OPEN_APPOS_RE.search(s)
    lead = s[: m.start(1)].strip() if m else ""
    # The name must open the subject: the sentence start or just after a quotation.
    segments = m.group(2).split(",") if m else [""]
    # A later segment that starts with a verb ends a closed apposition instead: "Jane Doe,
    # the minister, flagged new projects and …".
    verbal = any(re.match(r"\s*[a-z]+(?:ed|s)\b", seg) for seg in segments[1:])
    if (
        m
        and len(m.group(1).split()) >= 2  # a full name: not "Overnight, the minister said"
        and is_role_phrase(segments[0])
        and not verbal
        and (not lead or lead.rstrip(",")[-1:] in '”"’»#')
    ):
        title, name = split_name(m.group(1))
        if name and not is_org(name) and name not in lexicon().time_words:
            role = " ".join(x for x in (title, m.group(2)) if x)
            pos = offset + m.start(1) + m.group(1).find(name)
            return Phrase("name", m.group(1), name, role, name_gender(name, role), pos)
    return None


@cache
def _role_tail_re() -> re.Pattern[str]:
    roles = "|".join(sorted((re.escape(r) for r in lexicon().role_nouns), key=len, reverse=True))
    return re.compile(rf"((?:\S+\s+){{0,5}}?(?:{roles}))\s*$", re.IGNORECASE)


def _trim_role(phrase: str) -> str:
    """Keep the role phrase from its last clause boundary: "…, Putin’s spokesman"."""
    phrase = re.split(r"[,;:()“”\"«»#]|\b(?:and|but|said|says|when|while|as|that)\b", phrase)[-1]
    words = phrase.split()
    # Drop leading lower-case function words other than determiners.
    while words and words[0].lower() in {
        "on",
        "in",
        "at",
        "by",
        "for",
        "with",
        "from",
        "to",
        "of",
        "day",
        "same",
        "also",
        "then",
        "meanwhile",
    }:
        words = words[1:]
    return " ".join(words)


_ROLE_OF_RE = re.compile(r"((?:[Tt]he\s+)?(?:[\w\-]+\s+){0,2}?([\w\-]+))\s+of\s+(?:the\s+)?$")


def names_an_office(name: str) -> bool:
    """A "name" holding an office's word ("DRC Minister", "High Representative") names an
    office, not a person."""
    lex = lexicon()
    return any(w in lex.titles or w.lower() in lex.role_nouns for w in name.split())


def is_role_phrase(phrase: str) -> bool:
    """ "the Nato secretary general", "Russia’s foreign minister", "the head of the office":
    a description headed by a role noun (the head is before any "of" complement)."""
    roles = lexicon().role_nouns
    head = re.split(r"\s+of\s+", phrase.lower(), maxsplit=1)[0].split()
    last = phrase.lower().split()
    return (
        bool(head and head[-1] in roles)
        or bool(last and last[-1] in roles)
        or (len(head) >= 2 and " ".join(head[-2:]) in roles)
    )


_DESCRIPTION_START_RE = re.compile(r"(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts)\s+[a-z]")


def _titled_role(phrase: str) -> bool:
    """A title-case office whose head, before any "of"/"for"/"in" complement, is a title or
    a role noun: "Assistant Secretary-General for Africa", "Minister of State"."""
    if _TITLED_ROLE_RE.match(phrase) is None:
        return False
    lex = lexicon()
    head = re.split(r"\s+(?:of|for|in|on|at|to)\s+", phrase, maxsplit=1)[0].split()[-1]
    return head in lex.titles or head.lower() in lex.role_nouns or is_role_phrase(phrase)


def office_of(title: str) -> str:
    """The office a title before a name gives; "Mr.", "Ms", "Shri" are courtesies, none."""
    return "" if all(is_courtesy(w) for w in title.split()) else title


def is_courtesy(word: str) -> bool:
    """An honorific that is no office ("Mr.", "Sir", "Shri"); "Gen" is a rank."""
    return word.rstrip(".").lower() in honorifics() - _RANKS


# Honorifics that are also a rank, and so an office: "Gen" (a general).
_RANKS = frozenset({"gen"})


# A description is a noun phrase of a few words, not a clause.
_DESCRIPTION_WORDS = 8
# A relative pronoun after an apposition's comma, ending the subject: "Jane Doe, the
# minister, who said …".
_WHO_RE = re.compile(r"(?<=,)\s*who$")
# A title-case office: "Assistant Secretary-General for Africa", "Minister of State for
# Foreign Affairs of Nigeria" (its head a role noun, checked by ``is_role_phrase``).
# An acronym may close it: "… in the Department of Economic and Social Affairs (DESA)".
_TITLED_ROLE_RE = re.compile(
    r"[A-Z][\w\-]*(?:\s+(?:[A-Z][\w\-]*|of|for|and|the|in|on))*(?:\s+\([A-Z]{2,10}\))?$"
)
# "Bradley Connors of the United States": a full name, then "of" and the country it ends on.
_DELEGATE_OF_RE = re.compile(rf"(?:^|(?<=[\s,]))({NAME_RUN})\s+of\s+(?:the\s+)?$")
_APPOSITIVE_START_RE = re.compile(
    r"(?:the|a|an|who|whose|which|his|her|its|their|former|one|now|then|also|\d|[a-z]|"
    rf"{_TOKEN}(?:\s+{_TOKEN})*(?:’s|'s)\s|"  # "Putin’s spokesman", "Pyongyang's only ally"
    r"[RDI]-[A-Z]|[A-Z][a-z]{0,4}\.$)"  # party tags and states: "R-Ky.", "of Ashton, Md.,"
)


# An apposition that describes no office: an age, a relative clause, a party tag; or, when no
# role noun heads it, what the person was doing or where ("Jane Doe, speaking at a press
# conference in Ankara, said"; "the housing minister" is an office).
_NOT_A_ROLE_RE = re.compile(r"\d|who\b|which\b|whose\b|[RDI]-")
_DOING_RE = re.compile(r"[a-z]+ing\s|(?:in|at|on|during|after|before|while)\s")
# A role's place or post after its head noun: "in Berlin", "to the United Nations".
_PLACE_TAIL_RE = re.compile(
    rf"\s+(?:in|to|at|for|from|of|on)\s+(?:the\s+)?{_TOKEN}(?:\s+(?:of\s+(?:the\s+)?)?{_TOKEN}){{0,4}}$"
)
# "the president, Jane Doe, and prime minister, John Roe": a second subject, not an apposition.
_COORDINATED_RE = re.compile(r"\s*(?:and|or)\s")


def _apposed_role(own: str, apposed: str) -> str:
    """The role a subject's apposition gives, over the place its name was said of: "Dick
    Durbin of Illinois, the Democratic Senate whip," is the whip."""
    if not own:
        return apposed
    lex = lexicon()
    says_office = any(w.lower() in lex.role_nouns or w in lex.titles for w in own.split())
    return apposed if apposed and not says_office and is_role_phrase(apposed) else own


def _delegate_name(run: str) -> bool:
    """A person's full name, before "of COUNTRY": no body, title or office in it ("the
    Ukrainian Head of State", "the Joint Chiefs of Staff")."""
    lex = lexicon()
    words = run.split()
    return (
        _full_name(run)
        and not is_org(run)
        and not any(
            w in lex.titles
            or w.lower() in lex.role_nouns
            or w.lower().rstrip("s") in lex.role_nouns
            for w in words
        )
        and not any(w.lower() in lex.non_person for w in words)
    )


# The opening of someone's reported clause: "… said that (the) …".
_THAT_BEFORE_RE = re.compile(r"\bthat\s+(?:the\s+)?$")
# No one's name follows "the": "of the Temporarily Occupied Territories of Ukraine".
_THE_BEFORE_RE = re.compile(r"\b[Tt]he\s+$")


def _full_name(segment: str) -> bool:
    """A comma-separated segment that is a person's name of two words or more: "Jane Doe"."""
    m = re.fullmatch(NAME_RUN, segment.strip())
    if m is None:
        return False
    name = split_name(m.group())[1]
    return len(name.split()) >= 2 and not is_org(name)


# A quotation mark before a description: double marks, and a single one closing a quotation
# ("'…,' the defence secretary, Jane Doe, said"), not the apostrophe of "Russia's".
_QUOTE_MARK_RE = re.compile(r"[“”\"«»#]|['’](?=\s)")


_OF_COMPLEMENT_RE = re.compile(r"\s+(?:of|for)\s+")
_OFFICE_THEN_NAME_RE = re.compile(
    rf"(?P<office>(?:[\w’'\-]+\s+){{1,5}}?[a-z][\w\-]*)\s+(?P<name>{NAME_RUN})"
)


def _apposition(body: str, offset: int) -> Phrase | None:
    """ "NAME, the ROLE, a member of …," — the leftmost name followed only by appositives."""
    cuts = [m.start() for m in re.finditer(r",\s", body)]
    best: Phrase | None = None
    if cuts:
        # "Estonia's prime minister, Kaja Kallas, said": the name is the appositive.
        last = body[cuts[-1] + 1 :].strip()
        lead = body[cuts[-2] + 1 if len(cuts) > 1 else 0 : cuts[-1]]
        lead = _trim_role(_QUOTE_MARK_RE.split(lead)[-1]).strip()  # its own clause only
        nm = re.fullmatch(NAME_RUN, last)
        if nm is None:
            # "The head of the delegation, presidential aide Jane Doe, said": the apposed
            # name with its own office before it, a role noun just before the name.
            nm = _OFFICE_THEN_NAME_RE.fullmatch(last)
            if nm is not None and (
                nm.group("office").split()[-1].lower() not in lexicon().role_nouns
                or len(nm.group("name").split()) < 2
            ):
                nm = None
            if nm is not None:
                last = nm.group("name")
        head = _PLACE_TAIL_RE.sub("", lead)
        described = lead and (
            lead.split()[-1].lower() in lexicon().role_nouns
            # "Utopia’s ambassador in Berlin, Jane Doe, said": a role, then where it is held.
            or (head != lead and head.split()[-1].lower() in lexicon().role_nouns)
            # "Saudi Arabia's minister of state for foreign affairs, Jane Doe, said": the
            # role noun before its complement.
            or _OF_COMPLEMENT_RE.split(lead, maxsplit=1)[0].split()[-1].lower()
            in lexicon().role_nouns
            # "His former business partner at Lenox, Lawrence B. Cummings, said"
            or (_DESCRIPTION_START_RE.match(lead) and len(last.split()) >= 2)
        )
        # "Jane Doe, the spokesperson for Utopia’s president, John Roe, said": the role is
        # Jane Doe's apposition and John Roe is apposed to its inner "president"; the walk
        # below finds her.
        earlier = body[cuts[-3] + 1 if len(cuts) > 2 else 0 : cuts[-2]] if len(cuts) > 1 else ""
        raw_lead = body[cuts[-2] + 1 if len(cuts) > 1 else 0 : cuts[-1]]
        apposed = _full_name(earlier) and not _COORDINATED_RE.match(raw_lead)
        if nm and described and not apposed:
            title, name = split_name(last)
            if name and not is_org(name):
                role = " ".join(x for x in (lead, office_of(title)) if x)
                return Phrase(
                    "name",
                    last,
                    name,
                    role,
                    name_gender(name, role),
                    offset + cuts[-1] + 1 + body[cuts[-1] + 1 :].find(name),
                )
    # Segment k runs from cuts[k-1] to cuts[k]; walk leftwards while segments are appositive.
    for k in range(len(cuts) - 1, max(-1, len(cuts) - 5), -1):
        first = body[cuts[k] + 1 : cuts[k + 1] if k + 1 < len(cuts) else len(body)].strip()
        before = body[cuts[k - 1] + 1 if k > 0 else 0 : cuts[k]]
        # A name apposed to the role just before it ("…, the spokesperson for Utopia’s
        # president, John Roe,") belongs to that apposition.
        named_role = (
            k > 0
            and _full_name(first)
            and is_role_phrase(before.strip())
            and not _COORDINATED_RE.match(before)
        )
        # "Jane Doe, Assistant Secretary-General for Africa,": an office in title case after
        # a full name, as the UN and ministries write them.
        ends_named = re.search(rf"(?:^|\s)({NAME_RUN})$", before.strip())
        titled_role = bool(ends_named and _full_name(ends_named.group(1))) and _titled_role(first)
        if not (_APPOSITIVE_START_RE.match(first) or named_role or titled_role):
            break
        inner = parse_subject(body[: cuts[k]], offset)
        # "The representative of the United Kingdom, noting that …,": a description with an
        # apposition of what it was doing.
        doing = inner is not None and inner.kind == "role" and _DOING_RE.match(first) is not None
        if inner and (inner.kind in ("name", "pronoun") or doing):
            role = first
            if _NOT_A_ROLE_RE.match(first) or (
                _DOING_RE.match(first) and not is_role_phrase(first)
            ):
                role = ""
            best = Phrase(
                inner.kind,
                inner.text,
                inner.name,
                _apposed_role(inner.role, role),
                inner.gender or name_gender(inner.name, first),
                inner.pos,
            )
    return best
