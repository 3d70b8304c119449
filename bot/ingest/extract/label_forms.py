"""Turn labels as governments other than the White House and the Kremlin write them.

A name then its office ("Anna Popova, Head of the Federal Service:", "Shri Kiran Malhotra,
Official Spokesperson:"); a parliament's office then its holder in parentheses ("The
Foreign Secretary (Jane Doe):"); a question labelled with the asking outlet ("AFP: …?"); a
lone capitalised run-in at a document's start that names no one ("GRAIN DEAL: …"); an
office before its holder ("Official Spokesperson, Shri Rohan Verma:"); an outlet asking in
title case ("Bloomberg: …?"); a parliament's verbatim record ("Jane Doe (S&D), rapporteur.
– …") and its written answers ("Answered by Lord Doe, Minister of State"). The transcript
reader (``transcript.find_turns``) asks these before its own reading.
"""

from __future__ import annotations

import re

from bot.text.particles import name_particles

from .labels import office_label
from .lexicon import lexicon
from .names import NAME_RUN, is_courtesy, is_org, is_role_phrase, split_name
from .speakers import Person

# Words joining a label's capitalised ones: a title's ("President of the International
# Federation of Red Cross and Red Crescent Societies Francesco Rocca") and a name's particles
# ("Mansoor bin Ebrahim Al-Mahmoud").
LABEL_JOINS = "|".join(["of", "the", "for", "and", *sorted(name_particles())])
# A parliament's record names the office and then its holder in parentheses: "The Foreign
# Secretary (Jane Doe):", "The Prime Minister (John Roe):".
_HOLDER_RE = re.compile(
    r"\s?\(((?:[A-Z][\w’'\-.]*\s+(?:(?:" + LABEL_JOINS + r")\s+){0,2}){1,3}[A-Z][\w’'\-]*)\)"
)


def named_as_a_person(
    text: str, label_start: int, speech_start: int, person: Person | None, role: str
) -> bool:
    """A lone label in capitals with no title ("GRAIN DEAL:", "VLADIMIR PUTIN:") is a
    speaker's only when its given name is one the lexicon knows or the document names the
    person in ordinary case too; any other lone label is taken as it was."""
    label = text[label_start:speech_start].split(":")[0]
    if person is None or role or not label.isupper():
        return True
    words = person.name.split()
    if len(words) < 2 or words[0] in lexicon().given_gender:
        return True
    return person.name in text.replace(label, "")


_HONORIFIC_LEAD_RE = re.compile(r"(?:Shri|Smt|Mr|Mrs|Ms|Dr|Prof|Sir|Dame|H\.E\.)\.?\s+")


def name_opening_line(text: str, comma: int) -> tuple[int, str] | None:
    """(where the line starts, the name) when the line holds only a full name up to the comma
    at ``comma`` ("Shri Arindam Bagchi, Official Spokesperson:"); else None."""
    start = text.rfind("\n", 0, comma) + 1
    name = _without_honorific(text[start:comma])
    return (start, name) if _bare_full_name(name) else None


def _without_honorific(label: str) -> str:
    honorific = _HONORIFIC_LEAD_RE.match(label)
    return label[honorific.end() :] if honorific else label


def _bare_full_name(name: str, most: int = 4) -> bool:
    """Two to ``most`` words that are a person's name and nothing else: no title before it,
    no organisation ("Jane Doe", "Pieter van der Meulen")."""
    if not 2 <= len(name.split()) <= most or re.fullmatch(NAME_RUN, name) is None:
        return False
    title, person = split_name(name)
    return person == name and not title and not is_org(name)


def office_opening_line(text: str, comma: int, label: str) -> tuple[int, str, str] | None:
    """(where the line starts, the office, the name) when the line holds only an office up
    to the comma at ``comma`` and the label after it is a full name ("Official Spokesperson,
    Shri Rohan Venkataraman:", "Minister for Foreign Affairs, Jane Doe:"); else None."""
    start = text.rfind("\n", 0, comma) + 1
    office = text[start:comma].strip()
    if not office or len(office.split()) > _OFFICE_WORDS or not is_role_phrase(office):
        return None
    name = _without_honorific(label)
    return (start, office, name) if _bare_full_name(name) else None


_OFFICE_WORDS = 8  # "Deputy Prime Minister and Minister of Foreign Affairs"


# An office's portfolio after it: "The Minister for Europe", "The Secretary of State for
# Defence"; and a courtesy before the chair's: "Madam Deputy Speaker", "Mr Speaker".
_PORTFOLIO_RE = re.compile(r"\s+(?:of|for)\s+(?:(?:of|for|the|and)\s+|[A-Z][\w’'\-]*\s*)+$")
_CHAIR_COURTESY_RE = re.compile(r"^(?:Madam|Mr\.?|Madame)\s+")


def _an_office(label: str) -> bool:
    """The label is an office, with its portfolio or a chair's courtesy if any."""
    if office_label(label) is not None:
        return True
    bare = _PORTFOLIO_RE.sub("", _CHAIR_COURTESY_RE.sub("", label))
    return bare != label and bool(bare) and office_label(bare) is not None


def office_holder(label: str, notes: str) -> str | None:
    """The name in parentheses after a label that is an office alone ("The Foreign
    Secretary (Jane Doe)"), else None."""
    m = _HOLDER_RE.match(notes) if notes else None
    if m is None or not _an_office(label):
        return None
    name = m.group(1)
    title, person = split_name(name)
    if is_org(name) or not person:
        return None
    # "(Dame Patricia Hale)": a courtesy before the holder's name is no office of theirs.
    return person if person == name or all(is_courtesy(w) for w in title.split()) else None


def asks_for_an_outlet(
    text: str, ls: int, cs: int, end: int, person: Person | None, role: str
) -> bool:
    """A turn labelled by one word or an organisation with no office ("AFP:", "Reuters:",
    "Bloomberg:"), holding only a question: a reporter asking for their outlet, as foreign
    ministries' briefings label them, not a person speaking."""
    if person is None or role:
        return False
    label = text[ls:cs].rstrip(": \u00a0")
    one_word = len(label.split()) == 1
    return (one_word or is_org(label)) and text[cs:end].rstrip().endswith("?")


def asks_as_an_outlet(text: str, label: str, speech_start: int) -> bool:
    """A short label in title case that names no person, opening a line whose paragraph is a
    question ("Bloomberg: … Will China retaliate?", "Yonhap News Agency: … Does China have
    any comment?"): an outlet asking, where such a label is otherwise no label at all."""
    end = text.find("\n", speech_start)
    paragraph = text[speech_start : len(text) if end < 0 else end]
    return len(label.split()) <= _OUTLET_WORDS and paragraph.rstrip().endswith("?")


_OUTLET_WORDS = 4  # "Yonhap News Agency", "Phoenix TV", "China Daily"


# A parliament's verbatim record labels each speech with the speaker, their group and role,
# a full stop and a dash: "Jane Doe (S&D), rapporteur. – …", "John Roe, Member of the
# Commission. – …", "President. – …" (the chair).
_DASH_LABEL_RE = re.compile(r"(?P<label>[^\n–—:]{2,160}?)\.[ \u00a0][–—][ \u00a0](?=\S)")
_GROUP_RE = re.compile(r"\s*\([^()]{1,40}\)")
_CHAIRS = frozenset({"President", "Chair", "Chairman", "Chairwoman", "Chairperson", "Speaker"})
# At least this many such labels make a verbatim record; one "Name. – …" line is a headline.
_MIN_DASH_LABELS = 2


def dash_labels(text: str, paragraph_starts: list[int]) -> list[tuple[int, int, str, str]]:
    """(label start, speech start, name, role) of each dash label opening a paragraph; the
    chair's "President. – " with an empty name. None where fewer than two labels are found."""
    found = []
    for ps in paragraph_starts:
        m = _DASH_LABEL_RE.match(text, ps)
        if m is None:
            continue
        label = m.group("label").strip()
        if label in _CHAIRS:
            found.append((ps, m.end(), "", label))
            continue
        head, _, role = label.partition(",")
        name = _GROUP_RE.sub("", head).strip()
        if not _bare_full_name(name, most=5):
            continue
        role = re.sub(r"^on behalf of (?:the )?", "", role.strip(), flags=re.IGNORECASE)
        found.append((ps, m.end(), name, role))
    return found if len(found) >= _MIN_DASH_LABELS else []


# A parliament's written questions and answers: "Asked by Lord Doe" over the question,
# "Answered by Baroness Roe, Minister of State (Foreign Office)" and "Answered on 17 February"
# over the answer.
_BY_LINE_RE = re.compile(r"(?P<verb>Asked|Answered)\s+by\s+(?P<who>[^\n]{3,200}?)\s*$")
_ON_LINE_RE = re.compile(r"(?:Answered|Asked|Tabled)\s+on\s+[^\n]{3,40}$")
_PEERAGE_RE = re.compile(r"\s+of\s+[A-Z][\w\-]*(?:\s+[A-Z][\w\-]*){0,2}$")


def written_answers(
    text: str, paragraphs: list[tuple[int, int]]
) -> list[tuple[int, int, str, str]]:
    """(label start, speech start, name, role) of each "Asked by"/"Answered by" line, the
    speech starting at the next paragraph that is no date line; an asker's name is empty
    (a question is no statement). None where no answer is found."""
    found = []
    for k, (ps, pe) in enumerate(paragraphs):
        m = _BY_LINE_RE.fullmatch(text, ps, pe)
        if m is None:
            continue
        nxt = k + 1
        while nxt < len(paragraphs) and _ON_LINE_RE.fullmatch(text, *paragraphs[nxt]):
            nxt += 1
        if nxt >= len(paragraphs):
            continue
        who, _, role = m.group("who").partition(",")
        name = _PEERAGE_RE.sub("", who.strip())  # "Lord Doe of Brixton"
        asked = m.group("verb") == "Asked"
        found.append((ps, paragraphs[nxt][0], "" if asked else name, "" if asked else role.strip()))
    return found if any(name for _, _, name, _ in found) else []
