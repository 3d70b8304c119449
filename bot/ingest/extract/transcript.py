"""Transcript turns: "Vladimir Putin: …", "MR. KIRBY: …", "Q …", "Question: …".

Two conventions. A briefing or press-conference transcript labels each turn in capitals at a
paragraph's start ("MS. PSAKI:", "THE PRESIDENT:", "Q …"): a turn then runs over every
paragraph up to the next label, and its label is resolved to a full name by ``labels``.
Otherwise labels are names as written ("Vladimir Putin: …"), read as below.

A document is read as a transcript only when it has at least two turn labels, so that a single
"Name: headline" line is not mistaken for one. Labels may sit at a line start or, in scraped
press releases that lost their line breaks, after the end of a sentence; a label glued to a
preceding heading ("… BRICS Summit President of Russia Vladimir Putin:") starts at its title.
Question and moderator turns are turn boundaries but never statements.

A turn of a line-based transcript runs over the paragraphs after its label that are spoken
(first or second person; below a person's label also a paragraph in the third person that
reports no one's speech, as a delegate's "France will continue …") and stops at the first
narrated one; a question is its paragraph alone, and where one person answers, the paragraphs
after an outlet's question are theirs (some ministries print answers without a label). A
parliament's dash labels and written answers (``label_forms``) make turns where nothing else
does. Offices alone in title case ("The President:") make a transcript on their own only
where nothing labels speakers by name; in a council's record they are the chair's turns
between the delegates'.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from bot.resources import word_list
from bot.text.analysis import fold

from .label_forms import (
    LABEL_JOINS,
    asks_as_an_outlet,
    asks_for_an_outlet,
    dash_labels,
    name_opening_line,
    named_as_a_person,
    office_holder,
    office_opening_line,
    written_answers,
)
from .labels import (
    CAPS_LABEL_RE,
    CAPS_WORD,
    CAPS_WORDS_AFTER,
    HEARING_LABEL_RE,
    LINE_LABEL_RE,
    OFFICE_LABEL_RE,
    Label,
    LabelResolver,
    office_label,
    parse_label,
)
from .lexicon import lexicon
from .names import is_courtesy, is_org, is_role_phrase, office_of, split_name
from .speakers import Person, Registry
from .text import Layout

# An interpreter's note between a label and its colon: "Xi Jinping (retranslated):",
# "Question(via interpreter):", "Abdulla Marzouki(in Russian):", "(in French, as
# interpreted)". Not part of the name or role.
_NOTE = r"(?:\s?\((?:[A-Za-z]+,?\s?){1,4}\))?"
_NOTE_RE = re.compile(_NOTE + r"\s*$")
# A label opens a line, follows a sentence's end or a word, or ends a title run after a comma
# ("Deputy Prime Minister – Envoy to the Far Eastern Federal District, Chairman of the State
# Commission Yury Trutnev:"; there `_label_person` asks for a title). The colon may be glued
# to what is said ("Nikol Pashinyan:Thank you"), when a capital follows it.
_LABEL_RE = re.compile(
    r"(?:(?<=\n)|(?<=\n[\"“])|^|(?<=[.!?…»”\"’)\]>*]\s)|(?<=[a-z0-9]\s)|(?<=[a-z],\s))"
    rf"((?:[A-Z][\w.’'\-]*\s+(?:(?:{LABEL_JOINS})\s+){{0,2}}){{0,10}}[A-Z][\w.’'\-]*)"
    # A note may hold a time ("(09:31)"), a parliament's record stamping each speech.
    + r"(?P<notes>(?:\s?[(\[](?:[^()\[\]\n:]|(?<=\d):(?=\d\d)){1,40}[)\]]){0,2})"
    + r":(?:\s+(?=\S)|(?=[A-Z]))"
)


@dataclass
class Turn:
    label_start: int
    start: int  # first character of what is said
    end: int
    person: Person | None  # None for questions, moderators, unknown labels
    role: str
    reporter: bool = False  # a reporter's question: never a statement, context of the answer


# A picture's credit line ("Photograph: Pavel Klimov/Reuters") is no turn label.
_CREDIT_WORDS = frozenset({"Photograph", "Photo", "Photos", "Picture", "Image", "Images", "Video"})
# A newspaper's front page quoted in a live blog: "Friday’s TIMES: …", "Today's Guardian: …".
_WEEKDAY_POSSESSIVE_RE = re.compile(
    r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun|To)day['’]s|Tomorrow['’]s|Sunday"
)


def _label_person(
    label: str, at_line_start: bool, reg: Registry, after_sentence: bool
) -> tuple[bool, Person | None, str]:
    """(is a label, person or None, role)."""
    lex = lexicon()
    tokens = label.split()
    if tokens[0] in lex.question_labels and len(tokens) <= 2:
        return True, None, ""
    if tokens[-1] in _CREDIT_WORDS or _WEEKDAY_POSSESSIVE_RE.fullmatch(tokens[0]):
        # "… Anadolu Agency/Getty Images Photograph: Pavel Klimov"; "Friday’s TIMES: …"
        return False, None, ""
    # A label glued to a heading starts at its first title word.
    start = next((k for k, t in enumerate(tokens) if t.rstrip(".") in lex.titles), None)
    has_title = start is not None
    if start is not None and start > 0:
        tokens = tokens[start:]
    if not has_title and not (at_line_start or after_sentence):
        return False, None, ""
    title, name = split_name(" ".join(tokens))
    if has_title and name and is_org(name) and _ends_in_full_name(tokens):
        # "President of the People's Republic of China Xi Jinping": the possessive cut the
        # title short; the name is the last two words.
        title, name = " ".join(tokens[:-2]), " ".join(tokens[-2:])
    if not name or is_org(name) and not name.isupper():
        return False, None, ""
    n = len(name.split())
    if n == 1:
        if not (name.isupper() or has_title or reg.lookup_surname(name, 10**9)):
            return False, None, ""
    elif n > 4 or not (
        has_title
        or any(t in lex.given_gender for t in name.split())
        or at_line_start
        or after_sentence
    ):
        return False, None, ""
    role = office_of(title)  # "Mr", "Shri" before a name is courtesy, not an office
    if has_title and name.isupper() and not title.isupper():
        name = _title_cased(name)  # "Ms ROE (Parramatta) (09:31):", a parliament's record
    return True, reg.person(name, role), role


def _title_cased(name: str) -> str:
    return " ".join("-".join(p.capitalize() for p in w.split("-")) for w in name.split())


# A speaker widget glued into the text of a scraped transcript: "Defence Minister Sergei
# Shoigu Shoigu SergeiDefence Minister: Yes, sir." (title, name, name reversed, the role
# again, colon); the role may be left out ("… Dmitry Rogozin Rogozin Dmitry: We must."); the
# given names may be two ("… Sayyid Ebrahim Raisi Raisi Sayyid EbrahimPresident of Iran:").
_WIDGET_RE = re.compile(
    r"((?:[A-Z][\w.’'\-]*\s+(?:(?:of|the|for|and|on)\s+){0,2}){0,8}?)"
    r"([A-Z][\w’'\-]+(?:\s[A-Z][\w’'\-]+)?(?:\s[A-Z]\.)?)\s+([A-Z][\w’'\-]+)\s+\3\s+\2"
    r"(?:(?=[A-Z])([^:\n]{0,120}?))?:\s+(?=\S)"
)

_Span = tuple[int, int, Person | None, str]  # label start, speech start, person, role


def _widgets(text: str, reg: Registry) -> list[_Span]:
    """The glued widget labels of a scraped transcript."""
    widgets: list[_Span] = []
    for m in _WIDGET_RE.finditer(text):
        role = _NOTE_RE.sub("", m.group(4) or m.group(1)).strip()
        person = reg.person(f"{m.group(2)} {m.group(3)}", role)
        start = m.start(1) if m.group(1) else m.start(2)
        widgets.append((start, m.end(), person, role))
    return widgets


def _with_widgets(labels: list[_Span], widgets: list[_Span]) -> list[_Span]:
    """The labels and the widgets; plain labels found inside a widget are dropped."""
    kept = [lab for lab in labels if not any(w[0] <= lab[1] and lab[0] < w[1] for w in widgets)]
    return sorted(kept + widgets, key=lambda lab: lab[0])


# A section break shortly before a label: a dinkus ("* * *", "***") and the section's heading,
# or a transcript's elision mark ("<…>").
_BREAK_BEFORE_RE = re.compile(r"(?:\*\s*\*\s*\*|<\s*(?:…|\.\.\.)\s*>)[^*<>]{0,200}$")
# A word and a full stop inside a label's capitalised run: "… expansion of NATO. Vladimir
# Putin:" runs the sentence's last word into the label.
_STOP_IN_LABEL_RE = re.compile(r"([^\W\d_][\w’'\-]*)\.\s+(?=\S)")
_ABBREVIATIONS = word_list("cues.json", "abbreviations")


_NAME_WORD_RE = re.compile(r"[A-Z][a-z’'\-]+")


def _titled_full_name(label: str) -> bool:
    """The label holds a title and ends with a given name and a surname ("Chairman of the
    State Commission Yury Trutnev", "Washington Senator Patty Murray"), as a label after a
    comma must: the end of a long title run, not the rest of an apposition."""
    tokens = label.split()
    titles = lexicon().titles
    return (
        len(tokens) >= 3
        and any(t.rstrip(".") in titles and not is_courtesy(t) for t in tokens[:-2])
        and _ends_in_full_name(tokens)
        and not is_org(" ".join(tokens[-2:]))  # "Head of the Federal Service"
    )


def _ends_in_full_name(tokens: list[str]) -> bool:
    """The last two words are a given name and a surname ("Yury Trutnev", "Xi Jinping")."""
    return all(_NAME_WORD_RE.fullmatch(t) for t in tokens[-2:])


def _past_sentence_end(label: str, start: int) -> tuple[str, int]:
    """The label after the last sentence end inside it: a capitalised word that ends the
    sentence before ("… of NATO. Vladimir Putin:") is no part of the speaker's name, nor is a
    line before it. An abbreviation or an initial ("Mr.", "Gen.", "U.S.", "John F.") does not
    end a sentence."""
    cut = 0
    for m in _STOP_IN_LABEL_RE.finditer(label):
        word = m.group(1)
        if len(word) > 1 and word.lower() not in _ABBREVIATIONS:
            cut = m.end()
    # A heading's line without a stop ("Food Security: Black Sea") is no part of it either:
    # a label opens its own line.
    newline = label.rfind("\n", cut)
    line = cut if newline < 0 else newline + 1
    return label[line:], start + line


def find_turns(layout: Layout, reg: Registry, labels: LabelResolver | None = None) -> list[Turn]:
    return _hosts_ask(layout, _turns(layout, reg, labels))


def _turns(layout: Layout, reg: Registry, labels: LabelResolver | None) -> list[Turn]:
    if labels is not None:
        turns, whole = _caps_turns(layout, reg, labels)
        if turns and whole:
            return turns
        if turns:
            # Only offices in title case ("The President:"): a chair between speakers
            # labelled by name ("Mr. Delorme (France):") is one voice of many there.
            return _with_offices(layout, _named_turns(layout, reg), turns)
    return _named_turns(layout, reg)


# Whom the document names as its moderator, host or interviewer: "Moderator: Jane Doe",
# "moderated by Jane Doe", "Jane Doe (host)", "Jane Doe spoke to him". Not "hosted by": a
# summit hosted by a president is no interview of theirs.
_HOST_WORDS = r"[Mm]oderator|[Hh]ost|[Pp]resenter|[Aa]nchor|[Ii]nterviewer"
_NAME = r"[A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+){1,3}"
_HOST_RE = re.compile(
    rf"\b(?:(?:{_HOST_WORDS})\s*:\s*|(?:[Mm]oderated|[Ii]nterviewed)\s+by\s+)(?P<name>{_NAME})"
    rf"|(?P<named>{_NAME})\s*(?:\((?:{_HOST_WORDS.lower()})\)"
    # "Daniel Hale spoke to her in Brussels.": a magazine's interviewer.
    r"|\s+(?:spoke|talked)\s+(?:to|with)\s+(?:her|him|them)\b)"
)


# "Presenters: Dana Whitfield and Tom Kerrigan": a programme's hosts, listed.
_HOSTS_LISTED_RE = re.compile(
    rf"\b(?:[Pp]resenters|[Hh]osts|[Mm]oderators|[Ii]nterviewers)\s*:\s*"
    rf"(?P<names>{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*)"
)
_HOST_LABEL_RE = re.compile(r",[ \u00a0]+(?:MODERATOR|HOST|PRESENTER|ANCHOR|INTERVIEWER)\b")


def _hosts_ask(layout: Layout, turns: list[Turn]) -> list[Turn]:
    """The turns of the person the document's introduction names as its moderator, host or
    interviewer ("Moderator: Martina Novak", over "NOVAK: Good evening …"): they ask and
    chair, as a reporter does; their words are no statement."""
    if not turns:
        return turns
    # Named in the introduction, before the first turn: inside one, "Moderator: Secretary
    # Doe, please" hands the floor to a speaker.
    hosts = {
        fold(m.group("name") or m.group("named"))
        for m in _HOST_RE.finditer(layout.text, 0, turns[0].label_start)
    }
    for m in _HOSTS_LISTED_RE.finditer(layout.text, 0, turns[0].label_start):
        hosts |= {fold(n) for n in re.split(r"\s*(?:,|\band\b|&)\s*", m.group("names")) if n}
    # Or a label says so, as broadcasters print it: "DANA OKAFOR, HOST:".
    hosts |= {
        fold(t.person.name)
        for t in turns
        if t.person is not None
        and _HOST_LABEL_RE.search(layout.text, t.label_start, t.start) is not None
    }
    if not hosts:
        return turns
    # By full name: a president sharing the moderator's surname still speaks.
    surnames = {h.split()[-1] for h in hosts}
    return [
        replace(t, person=None, reporter=True)
        if t.person is not None
        and (
            fold(t.person.name) in hosts
            or (" " not in t.person.name and fold(t.person.name) in surnames)
        )
        else t
        for t in turns
    ]


def _with_offices(layout: Layout, named: list[Turn], offices: list[Turn]) -> list[Turn]:
    """The turns labelled by name, and between them those labelled by an office alone, each
    ending where the next named turn's label starts."""
    if not named:
        return offices
    starts = [t.label_start for t in named]
    merged = list(named)
    for t in offices:
        if any(n.label_start <= t.label_start < n.end for n in named):
            continue
        end = min([t.end, *(s for s in starts if s > t.label_start)])
        while end > t.start and layout.text[end - 1].isspace():
            end -= 1
        merged.append(replace(t, end=end))
    return sorted(merged, key=lambda t: t.label_start)


def _named_turns(layout: Layout, reg: Registry) -> list[Turn]:
    text = layout.text  # labels may sit inside a quotation running over the whole transcript
    spans: list[tuple[int, int, Person | None, str]] = []
    for m in _LABEL_RE.finditer(text):
        label, ls = _past_sentence_end(m.group(1), m.start(1))
        at_line = ls == 0 or text[ls - 1] == "\n" or text[ls - 2 : ls - 1] == "\n"
        after_sentence = ls >= 2 and text[ls - 2] in '.!?…»”"’)]>*'
        named_before = None
        office_before = None
        if text[max(0, ls - 2) : ls] == ", " and not _titled_full_name(label):
            # "Anna Popova, Head of the Federal Service:": the name opens the line, the
            # office follows it; "Official Spokesperson, Shri Rohan Venkataraman:" the other
            # way round; anything else before the comma is no label.
            named_before = name_opening_line(text, ls - 2)
            if named_before is None or not is_role_phrase(label):
                named_before = None
                office_before = office_opening_line(text, ls - 2, label)
                if office_before is None:
                    continue
        holder = office_holder(label, m.group("notes"))
        person: Person | None
        if named_before is not None:
            ls = named_before[0]
            person, role = reg.person(named_before[1], label), label
        elif office_before is not None:
            ls, role = office_before[0], office_before[1]
            person = reg.person(office_before[2], role)
        elif holder is not None:
            person, role = reg.person(holder, label), label
        else:
            ok, person, role = _label_person(label, at_line, reg, after_sentence)
            if not ok and at_line and asks_as_an_outlet(text, label, m.end()):
                spans.append((ls, m.end(), None, ""))  # "Bloomberg: … Will China retaliate?"
                continue
            if not ok:
                continue
        lex = lexicon()
        tokens = label.split()
        k = next((i for i, t in enumerate(tokens) if t.rstrip(".") in lex.titles), 0)
        if tokens[0] in lex.question_labels or all(is_courtesy(t) for t in tokens[:k]):
            k = 0  # "Madam Deputy Speaker": the courtesy is the label's, no heading's
        shift = len(" ".join(tokens[:k])) + (1 if k else 0)
        spans.append((ls + shift, m.end(), person, role))
    widgets = _widgets(text, reg)
    spans = _with_widgets(spans, widgets)
    # Written answers: "Answered by Lord Doe, Minister of State" opens the answer (the
    # headings over them, "Sudan: Humanitarian Aid", are no labels).
    dashed = written_answers(text, layout.paragraphs)
    if not dashed and len(spans) < 2:
        dashed = dash_labels(text, [a for a, _ in layout.paragraphs])
    if dashed:
        # A parliament's verbatim record: "Jane Doe (S&D), rapporteur. – …"; the chair's
        # "President. – …" is a turn boundary, never a statement.
        spans = [
            (ls, cs, reg.person(name, role) if name else None, role if name else "")
            for ls, cs, name, role in dashed
        ]
    opening = (
        len(spans) == 1
        and spans[0][2] is not None
        and (
            spans[0][0] == 0
            or _BREAK_BEFORE_RE.search(text, max(0, spans[0][0] - 240), spans[0][0])
            or spans[0] in widgets
        )
    )
    if opening and not named_as_a_person(text, spans[0][0], spans[0][1], spans[0][2], spans[0][3]):
        opening = False  # "GRAIN DEAL: the corridor reopened …": a heading's run-in
    if len(spans) < 2 and not opening:
        # One "Name: …" line is a headline, unless it opens the document or a section (after
        # "* * *" and its heading, or after an elision "<…>"), or is a scraped speaker widget
        # (a name written twice is no headline): then the speech runs from it.
        return []
    turns = []
    # A transcript opens with its turns (after a record's heading lines: the meeting, the
    # date, the agenda); "Name: …" lines deep inside a story or a live blog (a newspaper's
    # front page quoted: "Friday's TIMES: …") continue into no narration.
    before_turns = range(layout.para_of(spans[0][0]))
    spoken_on = sum(_prose(layout, p) and not layout.boilerplate[p] for p in before_turns) <= 5
    for i, (ls, cs, person, role) in enumerate(spans):
        end = spans[i + 1][0] if i + 1 < len(spans) else len(text)
        if "\n" in text[cs:end]:
            # The page's own principal labelled by name is a person, whatever the lexicon
            # knows of the name ("Zhou Mingyue:" over a ministry's briefing).
            labelled = _names_a_person(text[ls:cs]) or (
                person is not None and person is reg.principal
            )
            end = _line_turn_end(layout, cs, end, spoken_on, labelled)
        while end > cs and text[end - 1].isspace():
            end -= 1
        if asks_for_an_outlet(text, ls, cs, end, person, role):
            turns.append(Turn(ls, cs, end, None, "", reporter=True))
            continue
        turns.append(Turn(ls, cs, end, person, role))
    return turns + _unlabelled_answers(layout, turns, [s[0] for s in spans])


# A paragraph opening with what looks like a label ("Speaker 1:", "Mr Wang Wenbin:"): a turn
# of its own, never another's continuation, whether or not the reader took it as a label.
_OPENS_WITH_LABEL_RE = re.compile(r"[A-Z][\w.’'()\-]*(?:[ \u00a0][\w.’'()\-]+){0,6}:\s")


def _spoken(layout: Layout, p: int) -> bool:
    """The paragraph's own words (quotations masked) say "I", "we" or "you": a news story's
    narration between two "Name: …" lines says none of them."""
    return lexicon().in_person(layout.masked, *layout.paragraphs[p])


# Fewer words than this, a paragraph between turns is a heading or a procedural note
# ("Adoption of the agenda", "The agenda was adopted."), not the speaker's.
_SPOKEN_PARAGRAPH_WORDS = 12


# How a narrator reports a speaker between turns; a speaker's own words may hold any other
# speech verb ("Russia has never refused negotiations").
_NARRATOR_RE = re.compile(r"\b(?:said|says|told|added|replied|according to)\b")


_WORD_RE = re.compile(r"[\w’'\-]+")
_LABEL_REACH = 120  # a label with its office ends within this many characters


def _prose(layout: Layout, p: int) -> bool:
    """A paragraph of running text, not a heading line nor a label's ("Members: …")."""
    ps, pe = layout.paragraphs[p]
    long = len(layout.text[ps:pe].split()) >= _SPOKEN_PARAGRAPH_WORDS
    return long and not _OPENS_WITH_LABEL_RE.match(layout.text, ps)


def _narrated(layout: Layout, p: int) -> bool:
    """A paragraph after a turn that is not its speaker's: one reporting speech ("Putin said
    …", "The minister added …": a narrator's), one opening with a label of another form, or
    a heading or procedural note too short to be a speaker's paragraph. A speaker's
    paragraph in the third person ("France will continue to support Ukraine …") is none of
    these."""
    ps, pe = layout.paragraphs[p]
    if len(layout.text[ps:pe].split()) < _SPOKEN_PARAGRAPH_WORDS:
        return True
    if ":" in layout.masked[ps : min(pe, ps + _LABEL_REACH)]:
        return True  # "Jeremy Roe, President, J Street: …": a label the reader did not take
    return _NARRATOR_RE.search(layout.masked, ps, pe) is not None


def _names_a_person(label: str) -> bool:
    """The label names a person: a courtesy title or a known given name ("Mr. Delorme
    (France)", "Vladimir Putin"); not a run-in heading that merely looks like a label
    ("Little Relief for Refugees:", "… by National Interests:")."""
    words = _WORD_RE.findall(label)  # "(Helen Ashworth)": the holder named in a note
    given = lexicon().given_gender
    return bool(words) and (is_courtesy(words[0]) or any(w in given for w in words))


def _line_turn_end(
    layout: Layout, cs: int, end: int, spoken_on: bool, person_labelled: bool
) -> int:
    """Where a turn of a line-based transcript ends: its paragraph, continued by paragraphs
    up to the next label that open with a quotation mark (a multi-paragraph quote) or are
    spoken (an answer running over several paragraphs: in the first or second person, or,
    below a person's label, at least reporting no one's speech, or introduced by the
    paragraph before it: "I move:"); the first narrated paragraph ends it. A question is
    its paragraph alone: what follows it is the answer (``_unlabelled_answers``)."""
    text = layout.text
    p = layout.para_of(cs)
    stop = layout.paragraphs[p][1]
    alone = not spoken_on or text[cs:stop].rstrip().endswith("?")
    q = layout.next_content_para(p)
    while q < len(layout.paragraphs) and layout.paragraphs[q][0] < end:
        qs, qe = layout.paragraphs[q]
        if alone or _OPENS_WITH_LABEL_RE.match(text, qs) or text[qs:qe].rstrip().endswith("?"):
            break  # a label the reader did not take ("Speaker 1:"), or a question
        # "I move:", "I beg to move," introduce the motion that follows: the speaker's words
        introduced = person_labelled and text[:stop].rstrip().endswith((":", ","))
        third_person = person_labelled and not _narrated(layout, q)
        spoken = _spoken(layout, q) or third_person or introduced
        if text[qs] not in "\"“”'‘" and not spoken:
            break
        stop = qe
        q = layout.next_content_para(q)
    return min(end, stop)


def _unlabelled_answers(layout: Layout, turns: list[Turn], label_starts: list[int]) -> list[Turn]:
    """Answers printed without a label after a reporter's question ("AFP: … What's your
    response?" then the answer's paragraphs), as some ministries print their briefings:
    the paragraphs up to the next label are the answer of the one person who answers in the
    transcript. Where two or more people answer, whose answer it is cannot be told."""
    text = layout.text
    people = {t.person.name: t for t in turns if t.person is not None and not t.reporter}
    if len(people) != 1 or "\n" not in text:
        return []
    (answering,) = people.values()
    answers = []
    for t in turns:
        if t.person is not None and not t.reporter or not text[t.start : t.end].endswith("?"):
            continue
        following = [ls for ls in label_starts if ls > t.end]
        limit = following[0] if following else len(text)
        q = layout.next_content_para(layout.para_of(t.end))
        if q >= len(layout.paragraphs) or layout.paragraphs[q][0] >= limit:
            continue
        start = layout.paragraphs[q][0]
        end = limit
        while end > start and text[end - 1].isspace():
            end -= 1
        answers.append(Turn(start, start, end, answering.person, answering.role))
    return answers


def _names_its_speaker(text: str, start: int, name: str) -> bool:
    """Whether the words after a label open with the name it stands for (a courtesy title
    before it allowed): the heading of a transcript naming who speaks, not speech."""
    words = text[start : start + len(name) + _COURTESY_ROOM].split()
    while words and is_courtesy(words[0].rstrip(".")):
        words = words[1:]
    return " ".join(words).startswith(name)


_COURTESY_ROOM = 12  # "Madam " before the name


# A paragraph of times and stage notes outside any turn: "3:40 P.M. EDT", "END 4:12 P.M. EST".
_TIMESTAMP_RE = re.compile(r"(?:END\s*)?\d{1,2}:\d{2}\s*[AP]\.?\s?M\.?(?:\s+[A-Z]{2,4})?\s*$")
# A one-word label in capitals with no title ("PENCE:") is a turn only when it recurs: one
# "NATO: We are prepared …" inside an answer is a sentence, not a speaker.
_BARE_LABEL_MIN_TURNS = 2
# At least this many labelled paragraphs make a transcript.
_MIN_CAPS_TURNS = 2


# Labels of whoever runs a press conference rather than answers at it.
_CHAIR_HEADS = frozenset({"moderator", "announcer", "operator", "host", "chair"})


def _chairs(label: Label) -> bool:
    return label.anonymous and label.text.split()[-1].lower().rstrip(".") in _CHAIR_HEADS


# A witness's heading in a hearing's transcript, a paragraph of its own: "MS HELENA ROE
# (affirmed)", "BRIGADIER (RETD) ALISON KAUR (sworn)", "JOHN SMITH, called and sworn". The
# answers ("A.") after it are that witness's, up to the next heading.
_HEADING_NOTE_RE = re.compile(r"[ \u00a0]*\([^()\n]{1,40}\)")
_WITNESS_HEADING_RE = re.compile(
    rf"(?P<name>{CAPS_WORD}{CAPS_WORDS_AFTER}{{1,6}})"
    r"(?P<oath>,?[ \u00a0]+(?:called[ \u00a0]+and[ \u00a0]+)?(?:sworn|affirmed))?[.,]?"
)


def _witness_headings(layout: Layout) -> list[tuple[int, Label]]:
    """(paragraph, label) of each witness's heading, in order. A line in capitals alone is
    as often a section's title ("EXPORT POLICY REVIEW"): a heading names someone with a
    courtesy or an office, or notes the oath ("(affirmed)", ", sworn")."""
    found = []
    for p, (ps, pe) in enumerate(layout.paragraphs):
        raw = layout.text[ps:pe].strip()
        line = _HEADING_NOTE_RE.sub("", raw)
        m = _WITNESS_HEADING_RE.fullmatch(line) if "\n" not in line else None
        label = parse_label(m.group("name")) if m is not None else None
        if m is None or label is None or not label.surname or label.reporter or label.anonymous:
            continue
        noted = line != raw or m.group("oath") is not None
        if noted or label.office or is_courtesy(m.group("name").split()[0]):
            found.append((p, label))
    return found


# A newspaper's interview question: "Q. Mayor Halvorsen, how has … changed?" opening a line.
_POINT_QUESTION_RE = re.compile(r"(?:^|\n)Q\.[ \u00a0]+[^\n]*\?[ \u00a0]*(?:\n|$)")


def _publication(text: str, label: Label) -> bool:
    """A label that is a name alone, which the text writes after "the" as a title is."""
    if not label.full_name:
        return False
    words = r"\s+".join(re.escape(w) for w in label.surname.split())
    return re.search(rf"\b(?:the|THE)\s+{words}\b", text, re.IGNORECASE) is not None


def _caps_turns(layout: Layout, reg: Registry, labels: LabelResolver) -> tuple[list[Turn], bool]:
    """Turns labelled in capitals at paragraph starts, each running to the next label, and
    whether they are the whole transcript: not when every label is an office in title case
    ("The President:"), which may chair speakers labelled by name."""
    text = layout.text
    found: list[tuple[int, int, Label]] = []  # (paragraph, speech start, label)
    in_capitals = False
    asked_with_a_point = _POINT_QUESTION_RE.search(text) is not None
    other_forms: dict[str, list[tuple[int, int, Label]]] = {}
    for p, (ps, _) in enumerate(layout.paragraphs):
        if layout.boilerplate[p]:
            continue
        m = CAPS_LABEL_RE.match(text, ps)
        if m is not None and m.group("a") and not asked_with_a_point:
            m = None  # "A. Smith said …": an initial, where no "Q. …" asks
        if m is not None:
            label = parse_label(m.group("label") or m.group("q") or m.group("a"))
            in_capitals = in_capitals or label is not None
        else:
            m = OFFICE_LABEL_RE.match(text, ps)
            label = office_label(m.group("label")) if m is not None else None
            if label is not None and m is not None and m.group("outlet") and not label.reporter:
                label = None  # "The Foreign Secretary (Jane Doe):", the holder named after
        if label is None:
            for form in (HEARING_LABEL_RE, LINE_LABEL_RE):
                m = form.match(text, ps)
                label = parse_label(m.group("label")) if m is not None else None
                if m is not None and label is not None and label.surname:
                    other_forms.setdefault(form.pattern, []).append((p, m.end(), label))
                    break
            continue
        if label is not None and m is not None:  # a label is only parsed from a match
            found.append((p, m.end(), label))
    # A hearing's or a broadcast's labels count where the document uses them for two
    # turns at least: one such line alone is a heading or a sentence.
    for labelled in other_forms.values():
        if len(labelled) >= _MIN_CAPS_TURNS:
            found = sorted([*found, *labelled], key=lambda f: f[0])
            in_capitals = True
    counts: dict[str, int] = {}
    for _, _, label in found:
        counts[label.text] = counts.get(label.text, 0) + 1
    found = [
        f
        for f in found
        if f[2].reporter
        or f[2].anonymous
        or f[2].interviewee
        or f[2].office
        or "." in f[2].text
        or counts[f[2].text] >= _BARE_LABEL_MIN_TURNS
        or f[2].full_name
    ]
    # A full name alone ("JOHN SMITH:") is a turn where it recurs or where other labels make
    # the document a transcript; one such line in an article is its heading's run-in.
    if not any(not f[2].full_name for f in found):
        found = [f for f in found if counts[f[2].text] >= _BARE_LABEL_MIN_TURNS]
    # Only questions and whoever chairs them: the people answering are labelled some other
    # way ("NATO Secretary General Jens Stoltenberg:"), read by the general reader. An
    # anonymous official ("SENIOR ADMINISTRATION OFFICIAL:") is someone answering.
    if len(found) < _MIN_CAPS_TURNS or all(f[2].reporter or _chairs(f[2]) for f in found):
        return [], False
    # "NORTHERN REVIEW:" asking, where the text calls it "the Northern Review": a
    # publication's questions (a person's name takes no article).
    each = {f[2].text: f[2] for f in found}.values()
    publications = {label.text for label in each if _publication(text, label)}
    found = [
        (p, start, replace(label, reporter=True) if label.text in publications else label)
        for p, start, label in found
    ]
    distinct = list({f[2].text: f[2] for f in found}.values())
    people: dict[str, tuple[Person | None, str]] = {}
    for label in distinct:
        name, role = labels.resolve(label, distinct)
        people[label.text] = (reg.person(name, role) if name else None, role)
    # Answers ("A.") are the witness's whose heading comes last before them, where there are
    # headings; else the interviewee the title or the introduction names.
    headings = _witness_headings(layout) if any(f[2].interviewee for f in found) else []
    for _, heading in headings:
        name, role = labels.resolve(heading)
        people[heading.text] = (reg.person(name, role) if name else None, role)
    turns: list[Turn] = []
    for i, (p, start, label) in enumerate(found):
        last = found[i + 1][0] - 1 if i + 1 < len(found) else len(layout.paragraphs) - 1
        while last > p and (
            layout.boilerplate[last] or _TIMESTAMP_RE.match(text, *layout.paragraphs[last])
        ):
            last -= 1
        end = layout.paragraphs[last][1]
        witness = [h for hp, h in headings if hp < p][-1:] if label.interviewee else []
        person, role = people[witness[0].text if witness else label.text]
        if person is not None and _names_its_speaker(text, start, person.name):
            continue  # "Spokesperson: Ms. Vesna Tarrow.": a heading saying who answers
        turns.append(
            Turn(layout.paragraphs[p][0], start, end, person, role, reporter=label.reporter)
        )
    # Questions and answers labelled in title case ("Question:", "Answer:") are the whole
    # transcript; offices alone ("The President:") may be a chair among named speakers.
    return turns, in_capitals or any(f[2].reporter or f[2].interviewee for f in found)
