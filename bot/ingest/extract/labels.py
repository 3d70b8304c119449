"""Turn labels in capitals resolved to people: "MR. KIRBY", "THE PRESIDENT", "PRIME MINISTER LEE".

Briefing and press-conference transcripts open each turn with a label in capitals: an
honorific or an office and a surname ("MS. JEAN-PIERRE", "PRESIDENT YOON", "DIRECTOR
YOUNG"), an office alone ("THE PRESIDENT", "THE VICE PRESIDENT"), an anonymous role
("MODERATOR", "AIDE", "SENIOR ADMINISTRATION OFFICIAL") or a reporter's "Q". A label names a
surname; the person's full name comes from the document itself, in this order:

1. the title ("Press Briefing by Press Secretary Jen Psaki and National Security Advisor
   Jake Sullivan"), where a name may also be written surname first ("Prime Minister Lee
   Hsien Loong");
2. the text: the first full name whose surname is the label's ("… our National Security
   Advisor, Jake Sullivan");
3. the speakers the store already knows (another document's title named them).

A label one or two letters from a name found so ("MR. SULLICAN", "MS. JEAN-PIERE") is that
name: transcripts keep their typists' slips. "THE PRESIDENT" is the first president the title
names, else the document's principal; never whichever president the text mentions. A surname
that none of these expands stays a bare surname: the speaker linker then finds it among known
speakers or drops it, so no name is ever invented.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.resources import word_list
from bot.text.particles import honorifics, name_particles, postnominals

from .lexicon import lexicon
from .names import NAME_RUN_RE, is_org, split_name
from .titles import TitledPerson, title_people, title_speaker_person
from .variants import _distance

# Capitals beyond ASCII: Latin-1's, and Latin Extended-A (its cases interleave, so both), for
# "PRESIDENT NAUSĖDA".
CAPS = "A-ZÀ-Þ\u0100-\u017f"  # the capitals a label is written in
# One word of a label in capitals, and the words after it: "MS.", "JEAN-PIERRE", "O’BRIEN".
CAPS_WORD = rf"[{CAPS}][{CAPS}.’'\-]*"
CAPS_WORDS_AFTER = rf"(?:[ \u00a0]+{CAPS_WORD})"
# "MR. KIRBY:", "PRIME MINISTER SUNAK:", "MR KIRBY:" at a paragraph's start; "Q" opens a
# reporter's turn without a colon ("Q Thank you, Jen.").
CAPS_LABEL_RE = re.compile(
    rf"(?P<label>{CAPS_WORD}{CAPS_WORDS_AFTER}{{0,5}}"
    # The office after the name, as broadcasters print it: "DANA OKAFOR, HOST:", "PIETER
    # VAN DER LAAN, COMMANDER, ALLIED MARITIME COMMAND:".
    rf"(?:,[ \u00a0]+{CAPS_WORD}{CAPS_WORDS_AFTER}{{0,5}}){{0,2}}"
    # Notes after it: "(retranslated)", "(in French, as interpreted)".
    r"(?:[ \u00a0]+\((?:[A-Za-z .,]+)\)){0,2})[ \u00a0]?:[ \u00a0]+(?=\S)"
    # A question, with who asks and in what language: "QUESTION (Ann Lee, Courier) (in
    # Portuguese):".
    r"|(?P<q>Q|QUESTION)(?:[ \u00a0]*\([^()\n:]{1,60}\)){0,2}(?:[.:]?[ \u00a0]+(?=\S)|:?$)"
    # "A. Completely." answering "Q. …?", as newspapers print an interview (read as an
    # answer only where such questions are: bot.ingest.extract.transcript).
    r"|(?P<a>A)\.[ \u00a0]+(?=\S)"
)
# Labels as other publishers print them, read only where the form recurs
# (bot.ingest.extract.transcript): a congressional hearing's office or courtesy before a
# surname in capitals, then a full stop ("Chairman BRANDT.", "Ms. RAGHUNATHAN."); a
# broadcaster's or a podcast's name in capitals on a line of its own above the words
# ("RUKHSANA QURESHI", newline, "Good morning …").
HEARING_LABEL_RE = re.compile(
    rf"(?P<label>(?:The[ \u00a0]+)?(?:[A-Z][a-z]+\.?[ \u00a0]+){{1,3}}[{CAPS}]{{2}}[{CAPS}’'\-]*"
    rf"(?:[ \u00a0]+[{CAPS}]{{2}}[{CAPS}’'\-]*)?)\.[ \u00a0]+(?=\S)"
)
LINE_LABEL_RE = re.compile(
    rf"(?P<label>{CAPS_WORD}{CAPS_WORDS_AFTER}{{1,5}}"
    r"(?:[ \u00a0]+\([^()\n]{1,60}\))?)[ \u00a0]*\n(?=\S)"
)
# Transcript labels are in capitals ("MS. JEAN-PIERRE:").
_HONORIFICS = frozenset(h.upper() for h in honorifics())
_POSTNOMINALS = postnominals()
_REPORTER_LABELS = word_list("cues.json", "reporter_labels")
# An office written in title case at a paragraph's start: "Prime Minister:", "The President:",
# "Foreign Secretary:" (a label in capitals is read by CAPS_LABEL_RE).
OFFICE_LABEL_RE = re.compile(
    r"(?P<label>(?:The\s+)?(?:[A-Z][a-z]+[ \u00a0-]){0,3}[A-Z][a-z]+)"
    r"(?P<outlet>[ \u00a0]?[(\[][^()\[\]\n]{1,60}[)\]])?:[ \u00a0]+(?=\S)"  # "Reporter (NHK):"
)


def office_label(raw: str) -> Label | None:
    """ "Prime Minister", "The President", "Journalist": a title-case label that is only an
    office (every word a title or a role noun) or a questioner; None for anything else."""
    words = raw.split()
    if raw.upper() in _REPORTER_LABELS:
        return Label(raw, "", "", reporter=True)
    if raw.upper() in _ANSWER_LABELS:
        return Label(raw, "", "", interviewee=True)  # "Question: … Answer: …"
    lex = lexicon()
    body = words[1:] if words[0] == "The" else words
    if body and all(w in lex.titles or w.lower() in lex.role_nouns for w in body):
        if body[-1].lower() in _ANONYMOUS_HEADS:
            return Label(raw, " ".join(body), "", anonymous=True)
        return Label(raw, " ".join(body), "")
    return None


# An interview's answers, in capitals or not: the person the title names speaks.
_ANSWER_LABELS = frozenset({"A", "ANSWER"})
# Labels that stand for no one the document names ("NSC SPOKESPERSON" names an office, not
# who held it that day).
_ANONYMOUS_HEADS = word_list("cues.json", "anonymous_label_heads")
# A typo'd label is at most this many letters from the name it stands for, and only names of
# this length or more are read with tolerance ("LEE" is no typo of "LEW").
_TYPO_LETTERS = 2
_TYPO_MIN_LENGTH = 5


@dataclass(frozen=True)
class Label:
    text: str  # as written, without the colon: "MR. KIRBY"
    office: str  # the title words, in title case: "Prime Minister", "" for "MR."
    surname: str  # in title case: "Kirby", "Jean-Pierre"; "" for an office alone
    reporter: bool = False
    anonymous: bool = False  # MODERATOR, AIDE, SENIOR ADMINISTRATION OFFICIAL
    interviewee: bool = False  # "A:", an interview's answers: the person the title names
    full_name: bool = False  # "JOHN SMITH": a name alone, no title; ``surname`` holds all of it


def parse_label(raw: str) -> Label | None:
    """The parts of a label in capitals, or None when it is no turn label ("NATO")."""
    text = " ".join(raw.split())
    if text.upper() in _REPORTER_LABELS:
        return Label(text, "", "", reporter=True)
    if text.upper() in _ANSWER_LABELS:
        return Label(text, "", "", interviewee=True)
    # Notes after it: "PRESIDENT DUDA (AS INTERPRETED)", "QUESTION (Ann Lee, Courier) (in
    # Portuguese)".
    text = re.sub(r"(?:\s*\([^()]*\))+$", "", text)
    if "," in text:
        return _name_then_office(text)
    if text.upper() in _REPORTER_LABELS:
        return Label(text, "", "", reporter=True)
    tokens = text.split()
    while len(tokens) > 1 and tokens[-1].lower().rstrip(".") in _POSTNOMINALS:
        tokens = tokens[:-1]  # "MR DEVLIN KC": an honour or a seat, not the name
    lex = lexicon()
    words = [_title_case(t) for t in tokens]
    if words[-1].lower().rstrip(".") in _ANONYMOUS_HEADS or text.title() in lex.question_labels:
        return Label(text, " ".join(words), "", anonymous=True)
    k = 0
    while k < len(words) and (
        words[k].rstrip(".").upper() in _HONORIFICS
        or words[k].rstrip(".") in lex.titles
        # "ADMINISTRATOR CRISWELL", "TAOISEACH VARADKAR": an office before a name
        or (k < len(words) - 1 and words[k].lower() in lex.role_nouns)
        or (k > 0 and words[k] in {"Of", "The"})
        or (k == 0 and words[k] == "The")
    ):
        k += 1
    honorific = k > 0 and words[0].rstrip(".").upper() in _HONORIFICS
    office = " ".join(w for w in words[:k] if w.rstrip(".").upper() not in _HONORIFICS)
    office = re.sub(r"^The\s+", "", office).replace(" Of ", " of ").replace(" The ", " the ")
    surname = _name_case(words[k:])
    qualified = _qualified_office(words) if not office and not honorific else 0
    if qualified:
        # "NATO SECRETARY GENERAL", "EU HIGH REPRESENTATIVE": a body's office, its holder
        # named elsewhere (the title, the text), as an office alone is. An acronym before
        # it stays in capitals.
        body = [t if len(t) <= 4 else w for t, w in zip(tokens, words[:qualified], strict=False)]
        office = (
            " ".join(body + words[qualified:]).replace(" Of ", " of ").replace(" The ", " the ")
        )
        return Label(text, office, "")
    if not surname and not office:
        return None
    if not honorific and not office and len(tokens) > 1:
        # "JOHN SMITH", "WANG YI": a full name alone, as think tanks and interviews label
        # turns; "WHITE HOUSE", "UNITED STATES" are capitals, but no one's name.
        if _full_name(tokens):
            return Label(text, "", _name_case(words), full_name=True)
        return None
    return Label(text, office, surname)


def _name_then_office(text: str) -> Label | None:
    """ "DANA OKAFOR, HOST", "PIETER VAN DER LAAN, COMMANDER, ALLIED MARITIME COMMAND": a
    person's name, then the office they speak in, which a word of must be an office's."""
    name, _, office = text.partition(",")
    label = parse_label(name)
    if label is None or label.reporter or label.anonymous or not label.surname:
        return None
    if len(label.surname.split()) < 2 and not label.office:
        return None  # "MOSCOW, RUSSIA": a place, no one's name
    lex = lexicon()
    words = [_title_case(t) for t in office.replace(",", " , ").split()]
    if not any(w in lex.titles or w.lower() in lex.role_nouns for w in words):
        return None
    office = " ".join(w.lower() if w in {"Of", "The"} else w for w in words).replace(" , ", ", ")
    return Label(text, office, label.surname)


def _qualified_office(words: list[str]) -> int:
    """How many words (one or two) name a body or a country before an office: "Nato
    Secretary General", "Eu High Representative", "Estonian Prime Minister"; 0 for none."""
    lex = lexicon()
    for j in (1, 2):
        rest = words[j:]
        if (
            rest
            and rest[0] not in {"Of", "The"}
            and all(
                w.rstrip(".") in lex.titles or w.lower() in lex.role_nouns or w in {"Of", "The"}
                for w in rest
            )
            # "WHITE HOUSE": "House" heads a title ("House Speaker"), no office.
            and any(w.lower() in lex.role_nouns for w in rest)
        ):
            return j
    return 0


_NAME_TOKEN_RE = re.compile(rf"[{CAPS}][{CAPS}’'\-]*")
_MAX_NAME_WORDS = 4


def _full_name(tokens: list[str]) -> bool:
    """Two to four words of letters that could be a person's: none a title, a role, an
    organisation's word or a word that is never a name."""
    lex = lexicon()
    if not 2 <= len(tokens) <= _MAX_NAME_WORDS:
        return False
    words = [_title_case(t) for t in tokens]
    name = " ".join(words)
    return (
        all(_NAME_TOKEN_RE.fullmatch(t) or t.lower() in _PARTICLES for t in tokens)
        and not any(w in lex.titles or w.lower() in lex.role_nouns for w in words)
        and not is_org(name)
        and name.lower() not in lex.non_person
        and not any(w.lower() in lex.time_words or w in lex.time_words for w in words)
    )


def _name_case(words: list[str]) -> str:
    """ "Ursula Von Der Leyen" -> "Ursula von der Leyen": a name's particles stay small."""
    return " ".join(
        w.lower() if k > 0 and w.lower() in _PARTICLES else w for k, w in enumerate(words)
    )


_PARTICLES = name_particles()


def _title_case(token: str) -> str:
    """ "JEAN-PIERRE" -> "Jean-Pierre", "MCDONOUGH" -> "Mcdonough" (compared folded)."""
    return "-".join(part[:1] + part[1:].lower() for part in token.split("-"))


@dataclass(frozen=True)
class Known:
    """A name the label may stand for, with where it was found."""

    name: str
    where: str  # "title", "text", "store"


class LabelResolver:
    """Full names for one document's labels; see the module docstring for the order."""

    def __init__(
        self,
        title: str | None,
        text: str,
        known: Iterable[tuple[str, Sequence[str]]] = (),
        principal: tuple[str, str] | None = None,
    ) -> None:
        self.principal = principal
        self._titled: list[TitledPerson] = title_people(title)
        self._speaker = title_speaker_person(title)
        # "Interview with Elchin Rzayev, Assistant to the President …" says it in the title.
        self._answering = _answering_person(text[:_INTRODUCTION]) or _answering_person(title or "")
        self._spokesperson = _spokesperson_named(text[:_INTRODUCTION])
        self._title_names = [p.name for p in self._titled]
        self._text_names = _names_in(text[:_TEXT_WINDOW])
        self._known = [n for n, _ in known if len(n.split()) >= 2]

    def resolve(self, label: Label, others: Sequence[Label] = ()) -> tuple[str | None, str]:
        """(full name or bare surname, role) for a person's label; (None, role) when the
        label is anonymous or a reporter's."""
        if label.anonymous and self._principals_office(label.office):
            # "Spokesperson:" in the briefing of the Spokesperson for the Secretary-General:
            # the office names no one in general, but here it is the principal's own.
            assert self.principal is not None
            return self.principal[0], self.principal[1]
        if label.anonymous and self._spokesperson and _SPOKES_RE.fullmatch(label.office):
            # "SPOKESPERSON:" under a heading "Spokesperson: Ms. Vesna Tarrow": the one
            # spokesperson the opening names answers.
            return self._spokesperson, label.office
        if label.reporter or label.anonymous:
            return None, label.office
        if label.interviewee:
            person = self._interviewee()
            return (self.fuller(person.name), person.office) if person else (None, "")
        if not label.surname:
            return self._office_holder(label.office), label.office
        for names in (self._title_names, self._text_names, self._known):
            found = _with_surname(names, label.surname)
            if found:
                return self.fuller(found), fuller_office(label.office, self._title_office(found))
        # A title's "Prime Minister Sato Kenji": a name written surname first.
        for person in self._titled:
            if person.office and person.name.split()[0].lower() == label.surname.lower():
                return person.name, label.office
        for names in (self._title_names, self._text_names):
            found = _near_surname(names, label.surname)
            if found:
                return self.fuller(found), label.office
        # "MS. CHAYANEE:" for Chayanee Srisawat: officials called by their given name, as
        # in Thailand, where one name of the title or the text's opening starts with it.
        for names in (self._title_names, self._text_names):
            found = _by_given_name(names, label.surname)
            if found:
                return self.fuller(found), label.office
        # Another label of the same document, a letter or two off ("MR. SULLICAN").
        for other in others:
            if other.surname not in ("", label.surname) and _close(other.surname, label.surname):
                name, office = self.resolve(other)
                return name, label.office or office
        return label.surname, label.office

    def _principals_office(self, office: str) -> bool:
        """The principal's role opens with ``office`` ("Spokesperson for the …")."""
        if not self.principal or not office:
            return False
        role = self.principal[1].lower().split()
        return role[: len(office.split())] == office.lower().split()

    def _interviewee(self) -> TitledPerson | None:
        """Who answers in an interview: the person the opening says took the questions
        ("Foreign Minister X took questions from journalists") or whom it says the interview
        is with, else the one the title names as its subject ("Interview of Foreign Minister
        X by Y"), else the first it names with an office, else the page's principal."""
        found = (
            self._answering or self._speaker or next((p for p in self._titled if p.office), None)
        )
        if found is not None or self.principal is None:
            return found
        # A page whose title names no one ("Interview: Pakistan's foreign minister on …"):
        # the page's principal is whom it interviews.
        return TitledPerson(self.principal[1] or "", self.principal[0], 0)

    def _title_office(self, name: str) -> str:
        """The office the title gives the person so named ("National Security Advisor")."""
        return next((p.office for p in self._titled if p.name == name), "")

    def fuller(self, name: str) -> str:
        """ "Biden" from a title is "Joe Biden" where the text or the store says so."""
        if len(name.split()) > 1:
            return name
        return _with_surname(self._text_names, name) or _with_surname(self._known, name) or name

    def _office_holder(self, office: str) -> str | None:
        """ "THE PRESIDENT": the first person the title names with exactly that office (a
        "Vice President" is not "the President"), else the principal when it is theirs."""
        if not office:
            return None
        lex = lexicon()
        words = office.split()
        # "NATO Secretary General" is the title's "Secretary General" too.
        core = words[next((i for i, w in enumerate(words) if w in lex.titles), 0) :]
        for person in self._titled:
            held = person.office.split()
            for asked in (words, core):
                if held[-len(asked) :] == asked and not (
                    len(held) > len(asked) and held[-len(asked) - 1] == "Vice"
                ):
                    return self.fuller(person.name)
        if self.principal and office.lower() in (self.principal[1] or "").lower():
            return self.principal[0]
        return None


# "Foreign Minister Jane Doe took questions from journalists", "… answered reporters'
# questions": who answers the "A:" turns that follow, whatever the title names.
_ANSWERED_RE = re.compile(
    r"([A-Z][^.!?\n]{0,80}?)\s+(?:took|answered|fielded|responded to)\s+"
    r"(?:[\w'’-]+\s+){0,4}?questions\b"
)


_INTRODUCTION = 3_000  # the paragraphs before the first question


# "The following interview with Foreign Minister Jane Doe was conducted …", "In an interview
# with Jane Doe, …": the person the interview is with, named as a title names people.
_INTERVIEW_WITH_RE = re.compile(
    r"\b(?:[Ii]nterview|[Cc]onversation)\s+with\s+([A-Z][^.!?\n]{0,80})"
)


def _spokesperson_named(opening: str) -> str | None:
    """The one person the opening names after the word "spokesperson" ("Spokesperson: Ms.
    Vesna Tarrow", "briefing by Spokesperson Mao Ning"), or None: none, or several."""
    names = set()
    for m in _SPOKES_BEFORE_NAME_RE.finditer(opening):
        run = NAME_RUN_RE.match(opening, m.end())
        if run is None:
            continue
        _, name = split_name(_POSSESSIVE_RE.sub("", run.group()))
        if len(name.split()) >= 2:
            names.add(name)
    return names.pop() if len(names) == 1 else None


_SPOKES_RE = re.compile(r"(?i:spokes(?:person|man|woman))")
_SPOKES_BEFORE_NAME_RE = re.compile(r"\b" + _SPOKES_RE.pattern + r"\b:?\s+")
_POSSESSIVE_RE = re.compile(r"['’]s\b.*$")


def _answering_person(opening: str) -> TitledPerson | None:
    m = _ANSWERED_RE.search(opening)
    if m is not None:
        people = title_people(m.group(1))
        return people[-1] if people else None
    m = _INTERVIEW_WITH_RE.search(opening)
    if m is not None:
        people = title_people(m.group(1))
        return people[0] if people else None
    return None


# Names are looked for in the opening of the text only: introductions come first, and
# reading a 100,000-character transcript for each label would cost more than it finds.
_TEXT_WINDOW = 20_000


# Words that open a sentence before a name: a contraction ("I’m", "It’s"), a pronoun, a
# greeting.
_NOT_NAME_LEAD_RE = re.compile(
    r"^(?:[A-Z][a-z]?[’'](?:m|s|re|ve|ll|d)|I|We|You|He|She|They|It|This|That|Hi|Hello|Hey|"
    r"Thanks|Thank|Dear|Welcome|Okay|OK|So|And|But|Well|Yes|No|Good|Now|Again|Also)$"
)


def _names_in(text: str) -> list[str]:
    """Full names (two or more name words) in the order they occur."""
    out: list[str] = []
    for m in NAME_RUN_RE.finditer(text):
        _, name = split_name(m.group())
        words = name.split()
        while words and _NOT_NAME_LEAD_RE.match(words[0]):
            words = words[1:]  # "I’m Sean Savett", "Thanks Jake Sullivan"
        name = " ".join(words)
        if 2 <= len(words) <= 4 and not name.isupper() and name not in out:
            out.append(name)
    return out


def _with_surname(names: Sequence[str], surname: str) -> str | None:
    """The first name ending in ``surname``; else one starting with it when it is written
    surname first with two more words ("Lee Hsien Loong", "Yoon Suk Yeol")."""
    key = surname.lower()
    for name in names:
        if _fold_tail(name, len(surname.split())) == key:
            return name
    for name in names:
        words = name.split()
        if len(words) >= 3 and words[0].lower() == key:
            return name
    return None


def _by_given_name(names: Sequence[str], given: str) -> str | None:
    """The one full name (two words or more) whose first word is ``given``."""
    found = {n for n in names if len(n.split()) >= 2 and n.split()[0].lower() == given.lower()}
    return found.pop() if len(found) == 1 else None


def _near_surname(names: Sequence[str], surname: str) -> str | None:
    for name in names:
        if _close(name.split()[-1], surname):
            return name
    return None


def _close(a: str, b: str) -> bool:
    if min(len(a), len(b)) < _TYPO_MIN_LENGTH:
        return False
    return _distance(a.lower(), b.lower(), _TYPO_LETTERS) <= _TYPO_LETTERS


def _fold_tail(name: str, n: int) -> str:
    return " ".join(name.split()[-n:]).lower()


def fuller_office(label_office: str, title_office: str) -> str:
    """The office a turn's speaker holds: the label's ("SECRETARY YELLEN"), or the title's
    where it says the same office in full ("Secretary of the Treasury Janet Yellen"): a label
    shortens the office, and "Secretary" alone says no portfolio. An office the title gives
    otherwise is another ("Director" of a title naming him "Ambassador") and the label's
    stands."""
    if not label_office:
        return title_office
    said = label_office.casefold().split()
    full = title_office.casefold().split()
    return title_office if len(full) > len(said) and all(w in full for w in said) else label_office
