"""``extract_document``: the pipeline that ties the passes together."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from .attribute import Attributor, remarks_heading, reported_with_that
from .bodies import speaks_officially
from .byline import Byline, byline, signature
from .confidence import Confidence
from .doc_kind import document_kind
from .enumerations import enumerations
from .headline import headline_para, title_speaker
from .interviews import interview_answers
from .issuers import issuer, issuer_passages
from .kinds import kind_of
from .labels import LabelResolver
from .lexicon import lexicon
from .model import Draft, ExtractedPoint, ExtractedStatement, Extraction
from .names import names_an_office, parse_subject
from .own_side import side_names
from .principal import chunk, principal_passages
from .quotes import find_quotes
from .readouts import host as readout_host
from .readouts import readout_reports
from .roles import corefer_descriptions
from .sentence import carrying_sentence, reporting_sentence
from .speakers import Person, Registry
from .standalone import standalone
from .text import Layout, build_layout, mask_spans
from .titles import title_people, title_speaker_person
from .transcript import Turn, find_turns
from .tweets import tweets


def extract_statements(
    text: str,
    *,
    principal: tuple[str, str | None] | None = None,
    known_speakers: Iterable[tuple[str, Sequence[str]]] = (),
    title: str | None = None,
) -> list[ExtractedStatement]:
    """Statements of people found in ``text``, in text order (see ``extract_document``)."""
    return extract_document(
        text, principal=principal, known_speakers=known_speakers, title=title
    ).statements


def extract_document(
    text: str,
    *,
    principal: tuple[str, str | None] | None = None,
    known_speakers: Iterable[tuple[str, Sequence[str]]] = (),
    title: str | None = None,
) -> Extraction:
    """The document's kind and the statements of people found in ``text``, in text order.

    ``principal`` is (name, role) of a press release's office principal, the speaker of its
    first-person passages; ``known_speakers`` are (canonical name, aliases) pairs that help
    resolve names. ``title`` is the document's title when the caller has it apart from the
    text: it can name the speaker of a speech ("Address by …") and describe a person
    ("Putin's foreign minister says …"); nothing is extracted from it, so every result
    still satisfies ``text[s.start:s.end] == s.quote``.
    """
    if not text.strip():
        return Extraction("news article", [])
    layout = build_layout(text)
    quotes = [
        q for q in find_quotes(text, layout) if not layout.boilerplate[layout.para_of(q.open)]
    ]
    layout.masked = mask_spans(text, [(q.inner, q.close) for q in quotes])
    head = headline_para(layout)
    labels = LabelResolver(
        title, text, known_speakers, principal and (principal[0], principal[1] or "")
    )
    # A joint or a body's statement's "we" is the group or body that issued it, never the
    # publishing office's principal; a transcript is no such statement, whatever its title.
    issued_by = issuer(title, layout)
    people = (known_speakers, title, head, labels)
    reg, turns = _speakers(layout, None if issued_by else principal, *people)
    if issued_by is not None and turns:
        issued_by = None
        reg, turns = _speakers(layout, principal, *people)
    # An article signed by an office-holder ("By Jens Stoltenberg, NATO Secretary General")
    # is their op-ed; a journalist's byline signs a news story.
    signed = byline(layout, reg) if not turns and issued_by is None else None
    kind = document_kind(layout, turns, title, principal is not None, signed is not None)
    if signed is None and not turns and issued_by is None and principal is None:
        signed = _signed_statement(title, kind, layout, reg)
    if kind == "readout" and reg.principal is None:
        reg.host = readout_host(title, reg)
    claimed = [(t.label_start, t.end) for t in turns]
    if signed is not None:
        claimed.append(signed.span)
        if signed.tagline is not None:
            claimed.append(signed.tagline)
    turn_speakers = [(t.label_start, t.end, t.person) for t in turns]
    drafts = Attributor(layout, reg, quotes, claimed, kind in _STORIES, turn_speakers).run()
    drafts += _turn_drafts(layout, turns)
    drafts.sort(key=lambda d: d.start)
    # A speech's or statement's words belong to the speaker its title names, else to the
    # author its byline signs, else to the office's principal: every sentence of it in a
    # speech or a statement, the first-person passages elsewhere (a press office narrates
    # about its principal). A joint or a body's statement has none of them speak: its
    # issuer does (``issuer_passages`` below).
    titled = (
        None
        if issued_by is not None
        else _titled_speaker(title, reg, labels) or title_speaker(title, reg)
    )
    speaker = (
        None
        if issued_by is not None
        else titled or (signed.author if signed is not None else reg.principal)
    )
    # A speech whose speaker is labelled is the labelled turn: the text before the label
    # ("* * * Address at the forum Vladimir Putin: …") is the office's narration; unless
    # the title names whose address it is and the address comes before questions are
    # taken ("Keynote Address by X", the address, "MODERATOR: …").
    every = speaker is not None and (
        kind in _PRINCIPAL_SPEAKS_THROUGHOUT
        and not turns
        or titled is not None
        and _speech_before(layout, turns)
    )
    if not every:
        # In a speech, a paragraph after one quoting someone is the speaker's own again.
        drafts += standalone(layout, drafts, quotes, claimed)
    if not turns and signed is None and issued_by is None:
        # A newspaper's interview printed as questions and unlabelled answers; its questions
        # are no one's passage.
        answers, questions = interview_answers(layout, drafts, title, titled)
        drafts += answers
        claimed += questions
    tweeted = tweets(layout, reg, drafts)
    if tweeted:
        # A tweet's own text outranks a reported clause read across its signature.
        drafts = [d for d in drafts if d.direct or not _overlaps(d, tweeted)] + tweeted
    drafts.sort(key=lambda d: d.start)
    drafts = enumerations(layout, drafts)
    if issued_by is not None:
        # Before the readout pass: a sentence whose cue the group shares ("… and underscored
        # that …") is not taken from it by a draft dropped below.
        drafts = [d for d in drafts if _individual(d, text)]
    if kind in _OFFICE_REPORTS:
        drafts += readout_reports(layout, reg, drafts, claimed)
        drafts.sort(key=lambda d: d.start)
    if every:
        # In a speech or an op-ed, "Norway is proposing three steps" is the speaker's own
        # sentence about their side, not their government's reported words.
        drafts = [
            d
            for d in drafts
            if d.direct or d.person is None or not speaks_officially(d.person.name)
        ]
    if speaker is not None:
        drafts += principal_passages(layout, speaker, drafts, claimed, every_sentence=every)
    if issued_by is not None:
        drafts = [d for d in drafts if _individual(d, text)]
        drafts += issuer_passages(layout, issued_by, drafts, claimed, title)
    drafts.sort(key=lambda d: (d.start, -d.end))
    head_end = layout.paragraphs[0][1] if head is not None else -1
    kept = [
        _finish(text, d, layout)
        for d in _dedupe(text, drafts)
        if _keep(text, d, d.start < head_end)
    ]
    return Extraction(kind, kept)


def _speakers(
    layout: Layout,
    principal: tuple[str, str | None] | None,
    known_speakers: Iterable[tuple[str, Sequence[str]]],
    title: str | None,
    head: int | None,
    labels: LabelResolver,
) -> tuple[Registry, list[Turn]]:
    """The document's people (named, described, the principal) and its transcript turns."""
    reg = Registry(layout, principal, known_speakers)
    reg.discover()
    titled = title_people(title or "")
    reg.spell_out_initials(p.name for p in titled)
    for t in titled:
        # "Meeting with Murmansk Region Governor Andrei Chibis": the title gives the office
        # that "the Governor" in the text then refers to.
        known = reg.known_person(t.name) if t.office else None
        if known is not None:
            known.add_role(t.office)
    corefer_descriptions(layout, reg, title, head)
    return reg, find_turns(layout, reg, labels)


# Kinds that report what governments said as well as people ("Turkey said it would …").
_STORIES = frozenset({"news article", "live blog"})
# Kinds in which an office reports, in its own words, what people said ("The President
# strongly condemned …").
_OFFICE_REPORTS = frozenset({"readout", "statement"})
# Kinds whose every sentence is their principal's words, unless it quotes or reports others.
_PRINCIPAL_SPEAKS_THROUGHOUT = frozenset({"speech", "statement"})


# A speech given before questions are taken: at least this many words before the first
# turn, and this share of its sentences in the first person ("Keynote Address by X", the
# address, then "MODERATOR: … QUESTION (…): …").
_SPEECH_BEFORE_WORDS = 150
_SPEECH_FIRST_PERSON = 0.25


def _speech_before(layout: Layout, turns: list[Turn]) -> bool:
    """The text before a transcript's first turn is a speech, not an office's narration."""
    if not turns:
        return False
    end = turns[0].label_start
    if len(layout.text[:end].split()) < _SPEECH_BEFORE_WORDS:
        return False
    sentences = [
        s
        for p, (ps, _) in enumerate(layout.paragraphs)
        if ps < end and not layout.boilerplate[p]
        for s in layout.sentences(p)
    ]
    first = lexicon().first_person_re
    spoken = sum(1 for s, e in sentences if first.search(layout.masked, s, e))
    return bool(sentences) and spoken >= _SPEECH_FIRST_PERSON * len(sentences)


def _signed_statement(title: str | None, kind: str, layout: Layout, reg: Registry) -> Byline | None:
    """A statement or letter signed at its end by an office-holder, when its title names no
    speaker: a news story's last line is never its signature. (The kind its title gave it
    stands: a signature does not change it.)"""
    if kind not in _SIGNED_KINDS or title_speaker_person(title) is not None:
        return None
    return signature(layout, reg)


# Kinds of document that end with their author's signature.
_SIGNED_KINDS = frozenset({"statement", "speech"})


def _titled_speaker(title: str | None, reg: Registry, labels: LabelResolver) -> Person | None:
    """ "Remarks by President Biden on …": the person the title names as the speaker, under
    the fullest name the document or the store gives ("Joe Biden")."""
    titled = title_speaker_person(title)
    if titled is None or names_an_office(titled.name):
        return None  # "Address by the High Representative for …": its holder named elsewhere
    return reg.person(labels.fuller(titled.name), titled.office)


def _speaker_kind(d: Draft) -> str:
    if d.person is not None:
        return "person"
    return d.issuer or "organisation"


def _individual(d: Draft, text: str) -> bool:
    """In a joint or a body's statement, one person the document reports by name or office
    ("The Prime Minister emphasised …") keeps their words. The issuer's are what "they",
    "we", "the two leaders" or "President Biden and Prime Minister Kishida" say together,
    and what a capitalised word read as a speaker says ("Alongside responding to …")."""
    p = d.person
    if p is None or (len(p.name.split()) < 2 and not p.roles):
        return False
    if d.direct and d.cue and _named_right_after(text, d):
        return True  # "“…,” said High Representative Jane Doe"
    if d.direct and d.cue is None and remarks_heading(text, *d.context):
        return True  # "Remarks by Minister Doe at the signing:" over her quotations
    left = text[d.context[0] : d.start]
    if d.cue:
        at = left.rfind(d.cue)
        left = left[:at] if at >= 0 else left
    subject = parse_subject(left, 0)
    if subject is None:
        joined = d.cue in _SAYING and _ONE_SUBJECT_VERBS_RE.match(left) is not None
        return joined or _SHARED_WITH_ONE_RE.search(left) is not None
    if subject.kind == "pronoun" and subject.gender not in ("m", "f"):
        return False
    opens = left.rfind(subject.text, 0, subject.pos + len(subject.text))
    return not _COORDINATED_RE.search(left, 0, opens if opens >= 0 else subject.pos)


def _named_right_after(text: str, d: Draft) -> bool:
    """The quotation's own verb follows its closing mark, then a capitalised name or title:
    one speaker named right after the words, not a subject shared with others."""
    cue = d.cue or ""
    after = re.match(r"[\s,.\"”’'»]*", text[d.end : d.context[1]])
    rest = text[d.end + (after.end() if after else 0) : d.context[1]]
    if _ONE_PRONOUN_CUE_RE.match(rest):
        return True  # "“…,” he said", "“…,” Doe said": one person
    return bool(cue) and rest.startswith(f"{cue} ") and rest[len(cue) + 1 : len(cue) + 2].isupper()


# "“…,” she said", "“…,” Doe said": a quotation's verb after it with one person, as a
# pronoun or one name, either order.
_ONE_PRONOUN_CUE_RE = re.compile(
    r"(?:(?:he|she)\s+[a-z]+|[a-z]+\s+(?:he|she)|[A-Z][\w’'\-]+\s+(?!and\b|with\b|or\b)[a-z]+)\b"
)
# "…, she said, adding that …", "…, Doe said, adding …": a verb sharing the one person's
# subject before it (not "Roe and Doe said, adding …").
_SHARED_WITH_ONE_RE = re.compile(r"(?<!and )(?<!, )\b(?:he|she|[A-Z][\w’'\-]+)\s+[a-z]+\s*,\s*$")


# "President Biden and Prime Minister Kishida noted": a subject joined to another ("Biden,
# Kishida and Doe" ends with "and" too); a comma alone ends an opening phrase ("Speaking at
# the press conference, Doe said").
_COORDINATED_RE = re.compile(r"(?:\band|\bwith)\s*$")
# "Rusu thanked Austria for its support and said …": one person's verbs joined by "and",
# the last one saying (a readout's "highlighted …, and underscored …" is the readout's
# own sentence, kept whole).
_SAYING = frozenset({"said", "says", "told", "added"})
_ONE_SUBJECT_VERBS_RE = re.compile(r"(?:[A-Z][\w’'\-]+\s+){1,3}(?!and\b)[a-z]+\b[^.;:]*\sand\s*$")


def _overlaps(d: Draft, others: list[Draft]) -> bool:
    return any(o.start < d.end and d.start < o.end for o in others)


def _turn_drafts(layout: Layout, turns: list[Turn]) -> list[Draft]:
    """Every turn of a named speaker, in passages; a reporter's question before a turn is
    the context of the turn's first passage ("Asked whether …")."""
    out: list[Draft] = []
    for i, t in enumerate(turns):
        if t.person is None or t.reporter:
            continue
        context = (t.label_start, t.start)
        if i and turns[i - 1].reporter:
            context = _question(layout, turns[i - 1])
        for s, e in chunk(layout, _sentences_in(layout, t.start, t.end)):
            s = _after_dialogue_dash(layout.text, s, e)
            if len(layout.text[s:e].split()) < _MIN_TURN_WORDS:
                continue  # "Thank you.", "Go ahead.": no statement, and no sentence to show
            out.append(Draft(s, e, True, t.person, t.role, None, Confidence.LABELLED, context))
            context = (t.label_start, t.start)
    return out


# A turn's passage shorter than this is a courtesy or a cue ("Thank you.", "Mr Shoigu,
# please report."): shown alone it says nothing, and it has no reporter's sentence to stand in.
_MIN_TURN_WORDS = 6
# The question kept as an answer's context: its last sentences, up to about this long.
_QUESTION_CHARS = 300


def _question(layout: Layout, turn: Turn) -> tuple[int, int]:
    sentences = _sentences_in(layout, turn.start, turn.end)
    if not sentences:
        return (turn.start, turn.end)
    start = sentences[-1][0]
    for s, _ in reversed(sentences[:-1]):
        if turn.end - s > _QUESTION_CHARS:
            break
        start = s
    return (start, sentences[-1][1])


def _sentences_in(layout: Layout, start: int, end: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for p in range(layout.para_of(start), layout.para_of(max(start, end - 1)) + 1):
        if layout.boilerplate[p]:
            continue
        for s, e in layout.sentences(p):
            s, e = max(s, start), min(e, end)
            bare = _STAGE_RE.sub("", layout.text[s:e])
            if e > s and any(c.isalpha() for c in bare):  # skip "(CROSSTALK.)", "[applause]"
                out.append((s, e))
    return out


_STAGE_RE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_TITLE_WORD_RE = re.compile(r"[^\W\d_][\w’'\-]*")


def _is_title(quote: str) -> bool:
    """ "Face the Nation", "Morning Joe": a name of a show, book or song in title case."""
    words = _TITLE_WORD_RE.findall(quote)
    if not 2 <= len(words) <= 8:
        return False
    # Title case leaves only short function words in lower case ("Face the Nation").
    return words[0][0].isupper() and all(
        w[0].isupper() or (len(w) <= 3 and w.lower() in _TITLE_SMALL) for w in words
    )


_WORK_BEFORE_RE = re.compile(
    r"(?:\b(?:on|in|at|during|from|to|titled|entitled)\s+"
    r"|\b(?:show|program|programme|anthem|song|book|film|series)\s*,?\s+"
    r"|\b(?:tells?|told|telling)\s+(?=(?:\S+\s+){0,2}?\S+(?:’s|'s)\s))"
    r"(?:(?:a|an|the|his|her|their)\s+|(?:[\w’'.]+\s+){0,2}[\w’'.]+(?:’s|'s)\s+){0,2}"
    r"[\"“”‘'«`]+$"
)
_TITLE_SMALL = frozenset("a an the and but or nor for of on in at to by as up via vs per".split())


_NEARLY_ALL = 0.8


def _dedupe(text: str, drafts: list[Draft]) -> list[Draft]:
    out: list[Draft] = []
    at = -1  # where in ``out`` the last draft later ones may lie inside is
    for d in drafts:
        outer = out[at] if at >= 0 else None
        if outer is not None and d.start < outer.end and d.end <= outer.end:
            if not d.direct:
                if _reported_in_turn(text, d, outer):
                    out.append(d)  # beside the turn, which still holds what follows
                continue  # else a reported clause inside a larger statement
            if d.person is not None and d.person is outer.person:
                # A quotation inside the same speaker's turn is said once: as the quotation
                # when it is nearly all of the turn (the marks and a "[Tweet, 10/19/23]" aside).
                if d.end - d.start >= _NEARLY_ALL * (outer.end - outer.start):
                    out[at] = d
                continue
        out.append(d)
        at = len(out) - 1
    return out


def _reported_in_turn(text: str, d: Draft, outer: Draft) -> bool:
    """A reported clause inside a turn that is someone else's whole statement: a turn's
    speaker reporting, with "that", what someone they named said ("The Foreign Secretary,
    Alan Roe, told the committee in January that he was confident …"; found by
    attribute.Attributor._quoted_in_turn)."""
    return (
        outer.confidence == Confidence.LABELLED
        and d.person not in (None, outer.person)
        and reported_with_that(text, d)
    )


def _keep(text: str, d: Draft, in_headline: bool = False) -> bool:
    quote = text[d.start : d.end]
    if not quote.strip() or not any(c.isalpha() for c in quote):
        return False
    # A headline capitalises every quotation it holds: title case says nothing there.
    # Below a labelled speaker, a quotation in title case is more likely a name than speech.
    weak = d.confidence < Confidence.LABELLED
    if d.direct and weak and not in_headline and _is_title(quote) and not d.points:
        return False
    work = _WORK_BEFORE_RE.search(text, max(0, d.start - 40), d.start)
    if work and d.direct and not in_headline and not d.points and _is_title(quote):
        return False  # "said on CNN’s “State of the Union”": the name of a show or a work
    if len(quote) <= 4 and d.cue is None:
        return False  # "he", "she": a word being talked about, not said
    # A quotation nobody can be found to have said is a scare quote, a title or a headline:
    # a statement store has no use for it.
    return not (d.person is None and d.org is None)


# A dialogue dash opening a reply ("— We are ready for talks …"), as interviews translated from
# Russian and other languages print them: punctuation, not a word said.
_DIALOGUE_DASH_RE = re.compile(r"[—–]\s+")


def _after_dialogue_dash(text: str, start: int, end: int) -> int:
    dash = _DIALOGUE_DASH_RE.match(text, start, end)
    return dash.end() if dash is not None else start


# "has not ruled out", "did not reject", "never denied": the verb's kind is negated.
_NEGATION_BEFORE_RE = re.compile(r"\b(?:not|never|n['’]t)\s+(?:\w+\s+)?$")


def _negated_cue(text: str, d: Draft) -> bool:
    """The statement's speech verb is negated where it stands in its sentence."""
    if not d.cue:
        return False
    at = text.rfind(d.cue, d.context[0], d.start)
    if at < 0:
        at = text.find(d.cue, d.end, max(d.end, d.context[1]))
    return at >= 0 and _NEGATION_BEFORE_RE.search(text, max(0, at - 24), at) is not None


def _finish(text: str, d: Draft, layout: Layout | None = None) -> ExtractedStatement:
    start = _after_dialogue_dash(text, d.start, d.end)
    if start != d.start:
        d = replace(d, start=start)
    quote = text[d.start : d.end]
    sentence = None
    if layout is not None:
        find = carrying_sentence if d.direct else reporting_sentence
        sentence = find(layout, d.start, d.end)
    context = text[d.context[0] : d.context[1]].strip()
    role = d.role or (d.person.roles[0] if d.person and d.person.roles else None)
    speaker = d.person.name if d.person is not None else d.org
    lemma = None if _negated_cue(text, d) else d.lemma
    roles = d.person.roles if d.person is not None else ()
    side = side_names(d.role, *roles, None if d.person is not None else d.org)
    # "Danjuma said the juntas “must publish a timetable”": a quoted fragment's subject may
    # stand before the quotation, in the reporter's words.
    lead = ""
    if d.direct and sentence is not None and sentence[0] < d.start and quote[:1].islower():
        lead = text[sentence[0] : d.start]
    kind = kind_of(
        quote, lemma, context if d.points else "", reported=not d.direct, side=side, lead=lead
    )
    points = tuple(ExtractedPoint(text[s:e], s, e) for s, e in d.points)
    return ExtractedStatement(
        speaker=speaker,
        role=role or None,
        quote=quote,
        start=d.start,
        end=d.end,
        direct=d.direct,
        kind=kind,
        cue=d.cue,
        confidence=round(d.confidence, 2),
        points=points,
        context=context,
        sentence_start=sentence[0] if sentence else None,
        sentence_end=sentence[1] if sentence else None,
        speaker_kind=_speaker_kind(d),
        lemma=lemma,
        side=side,
    )
