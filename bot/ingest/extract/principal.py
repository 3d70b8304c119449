"""First-person passages of a press release belong to the office's principal.

A release of the Office of the President is written by the office; its first-person passages
(addresses, remarks) are the principal's words unless the text names someone else. Runs of
sentences outside quotations, transcript turns and other statements are taken when they speak
in the first person; a sentence in between without a first-person word continues the run (a
speech does not say "we" in every sentence) but a run never crosses a paragraph that names
another speaker. Long runs are cut at sentence ends into passages of readable size.
"""

from __future__ import annotations

import re

from .confidence import Confidence
from .lexicon import lexicon
from .model import Draft
from .speakers import Person
from .text import MASK, Layout

PASSAGE_CHARS = 700
# A passage shorter than this is a courtesy ("Thank you very much."), not a statement.
MIN_PASSAGE_WORDS = 6
# The office's narration about someone, not its principal speaking: "According to him, …",
# "He also assured …", "In this context, she thanked …".
_NARRATIVE_RE = re.compile(
    r"\b[Aa]ccording to\b|^(?:[A-Z][\w’']*(?:\s+[\w’']+){0,4},\s+)?(?:He|She|he|she)\s"
    r"|\b(?:he|she)\s+(?:also\s+)?[a-z]+(?:ed|ied)\b"
)  # one statement per passage of about this size


def chunk(layout: Layout, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Group consecutive sentences into passages of at most about PASSAGE_CHARS."""
    out: list[tuple[int, int]] = []
    cur: tuple[int, int] | None = None
    for s, e in sentences:
        if cur and (e - cur[0] > PASSAGE_CHARS or layout.para_of(s) != layout.para_of(cur[0])):
            out.append(cur)
            cur = None
        cur = (cur[0], e) if cur else (s, e)
    if cur:
        out.append(cur)
    return out


def principal_passages(
    layout: Layout,
    principal: Person,
    drafts: list[Draft],
    claimed: list[tuple[int, int]],
    *,
    every_sentence: bool = False,
) -> list[Draft]:
    """The principal's passages. With ``every_sentence`` (a speech, a statement) every free
    sentence is theirs, first person or not, except the office's narration about them and
    sentences that quote or report someone else; otherwise only first-person runs."""
    lex = lexicon()
    masked = layout.masked
    taken = sorted([(d.context[0], d.context[1]) for d in drafts] + claimed)
    out: list[Draft] = []

    def free(s: int, e: int) -> bool:
        return not any(a < e and b > s for a, b in taken)

    run: list[tuple[int, int]] = []
    gap = 0
    about_principal = _third_person(principal)

    def flush() -> None:
        nonlocal run
        while (
            run
            and not every_sentence
            and not lex.first_person_re.search(masked, run[-1][0], run[-1][1])
        ):
            run.pop()  # a run ends on its last first-person sentence
        for s, e in chunk(layout, run):
            if len(layout.text[s:e].split()) < MIN_PASSAGE_WORDS:
                continue  # "Thank you.": a courtesy, no statement
            out.append(
                Draft(
                    s,
                    e,
                    True,
                    principal,
                    _role(principal),
                    None,
                    Confidence.CONTEXT,
                    (s, e),
                )
            )
        run = []

    for p in range(len(layout.paragraphs)):
        if layout.boilerplate[p]:
            continue
        for s, e in layout.sentences(p):
            if free(s, e) and MASK * 3 not in masked[s:e]:
                reported = _reported_by_office(masked, s, e, about_principal, principal)
                if reported is not None:
                    out.append(reported)
            if (
                not free(s, e)
                or MASK * 3 in masked[s:e]
                or _NARRATIVE_RE.search(masked[s:e])
                or _about(about_principal, masked, s, e, every_sentence)
                or (not every_sentence and _narrates_another(masked, s, e))
            ):
                flush()
                gap = 0
                continue
            if every_sentence or lex.first_person_re.search(masked, s, e):
                run.append((s, e))
                gap = 0
            elif run and gap < 2:
                run.append((s, e))
                gap += 1
            else:
                flush()
                gap = 0
    flush()
    return out


def _narrates_another(masked: str, s: int, e: int) -> bool:
    """ "During the speech, the First Lady showed photos …": the office narrating what
    someone described by an office did is not its principal speaking, though it says "our
    state" (in a speech, every sentence is the speaker's own, so this is not asked there)."""
    m = _OFFICE_SUBJECT_RE.match(masked, s, e)
    if m is None:
        return False
    heads = [r.end() for r in lexicon().role_re.finditer(m.group(1))]
    return bool(heads) and heads[-1] == len(m.group(1))  # "the Foreign Minister", not "the war"


def _about(about_principal: re.Pattern[str], masked: str, s: int, e: int, speech: bool) -> bool:
    """The sentence is the office writing about its principal. In a speech the principal may
    name an office like theirs ("I thank the President of Finland"): there only a sentence
    whose subject is the principal, with no first person in it, is narration."""
    found = about_principal.search(masked, s, e)
    if found is None or not speech:
        return found is not None
    return found.start() - s <= _LEAD_IN_CHARS and not lexicon().first_person_re.search(
        masked, s, e
    )


def _third_person(principal: Person) -> re.Pattern[str]:
    """The office writing about its principal: "The President stressed that …", "Volodymyr
    Zelenskyy met …", "the Head of State thanked …". Such a sentence is the office's
    narration even when it says "our state"; the principal's own passages say "I"."""
    titles = {role.split()[0] for role in principal.roles if role[:1].isupper()}
    titles |= {"Head of State", "Head of the State"}
    title_alt = "|".join(re.escape(t) for t in sorted(titles, key=len, reverse=True))
    return re.compile(rf"\b{re.escape(principal.surname)}\b|\b[Tt]he\s+(?:{title_alt})\b")


def _reported_by_office(
    masked: str, s: int, e: int, about_principal: re.Pattern[str], principal: Person
) -> Draft | None:
    """ "The President stressed that X." — the office reporting its principal: X is the
    principal's reported speech (never shown as a quotation)."""
    lex = lexicon()
    subject = about_principal.search(masked, s, e)
    if subject is None or subject.start() - s > _LEAD_IN_CHARS:
        return None
    if _OWNED_RE.search(masked, max(s, subject.start() - 12), subject.start()):
        return None  # "the Head of the Office of the President": someone else
    if _POSSESSIVE_RE.match(masked, subject.end(), e):
        return None  # "The President's wife also said": someone else
    whose = _OF_RE.match(masked, subject.end(), e)
    if whose and not any(whose.group(1) in role for role in principal.roles):
        return None  # "the President of France": another country's president
    verb = next(lex.verbs(masked, subject.end(), min(e, subject.end() + _VERB_WINDOW)), None)
    if verb is None or verb.group().lower() not in lex.clause_forms:
        return None
    that = _THAT_RE.match(masked, verb.end(), e)
    if that is None:
        return None
    end = that.end() + len(masked[that.end() : e].rstrip(" .;:"))
    if end - that.end() < _MIN_CLAUSE_CHARS:
        return None
    return Draft(
        that.end(),
        end,
        False,
        principal,
        _role(principal),
        verb.group(),
        Confidence.CONTEXT,
        (s, e),
    )


def _role(principal: Person) -> str:
    return principal.roles[0] if principal.roles else ""


# "During the speech, the First Lady showed …": a short lead-in, "the", an office of one to
# three words, and a verb in the past tense.
_OFFICE_SUBJECT_RE = re.compile(
    r"\s*(?:[A-Z][^,.;:]{0,50},\s+)?[Tt]he\s+((?:[\w’'\-]+\s+){0,2}[\w’'\-]+)\s+"
    r"(?:also\s+|then\s+)?(?:[a-z]+(?:ed|ied)|told|said|spoke|gave|took|made|showed|held|met)\b"
)
# "During the conversation, the President said that …": a short lead-in before the subject.
_LEAD_IN_CHARS = 60
# The subject's own words before the verb: "the President of Ukraine also", "Zelenskyy".
_VERB_WINDOW = 40
_THAT_RE = re.compile(r"\s+that\s+")
_OF_RE = re.compile(r"\s+of\s+(?:the\s+)?([A-Z][\w’'-]+)")
_POSSESSIVE_RE = re.compile(r"['’]s\s")
_OWNED_RE = re.compile(r"(?:\bof|\bto|\bfor|['’]s)\s*$")
_MIN_CLAUSE_CHARS = 20
