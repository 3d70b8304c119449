"""HTML to article text, and cleaning of scraped article text.

The product's first rule is that a quote is never altered. Cleaning therefore may only

* remove boilerplate: whole lines (ad markers, photo credits, repeated headlines) and a few
  widget fragments glued into running text ("Read more", photo credits, newsletter plugs);
* change whitespace: collapse spaces, rebuild paragraph breaks, and insert the missing space in
  glued words ("televisionRia" -> "television Ria", see ``glue.py``).

It never changes a letter of anything it keeps. ``clean_text_report`` returns the removed spans
(offsets into the input) and every split token, which the tests use to prove exactly that.

Titles: when the caller passes ``title`` it is stored separately, so every line repeating it is
dropped from the body. Without ``title`` the first line is taken to be the headline: it is kept
once and later copies of it are dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from bot.ingest.glue import glue_splits

__all__ = [
    "CleanReport",
    "ExtractedArticle",
    "Removal",
    "clean_text",
    "clean_text_report",
    "html_to_text",
    "normalise_whitespace",
]


@dataclass(frozen=True)
class ExtractedArticle:
    title: str | None
    text: str  # cleaned body, paragraphs separated by "\n\n"
    published: str | None  # 'YYYY-MM-DD'
    author: str | None
    outlet: str | None  # the site name


@dataclass(frozen=True)
class Removal:
    start: int  # offsets into the text given to clean_text_report
    end: int
    reason: str


@dataclass(frozen=True)
class CleanReport:
    text: str
    removed: list[Removal]
    splits: list[tuple[str, list[str]]]  # (token as it was, the tokens it became)


# --------------------------------------------------------------------------- whitespace

_LINE_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n\s*\n")
# A line that stops mid-sentence; a following line that starts in lower case continues it.
_OPEN_END = re.compile(r"[\w,]$")


def normalise_whitespace(text: str) -> str:
    """Paragraphs separated by "\\n\\n", single spaces inside them, nothing else changed.

    Blank lines separate paragraphs. A single line break also separates paragraphs (scraped
    text puts one block per line), except where a long line stops mid-sentence and the next
    begins in lower case: that is a hard wrap, joined with a space.
    """
    text = _SPACES.sub(" ", _LINE_BREAKS.sub("\n", text))
    paragraphs: list[str] = []
    for block in _BLANK_LINES.split(text):
        current = ""
        for line in (part.strip() for part in block.split("\n")):
            if not line:
                continue
            if current and len(current) >= 40 and _OPEN_END.search(current) and line[0].islower():
                current = f"{current} {line}"
                continue
            if current:
                paragraphs.append(current)
            current = line
        if current:
            paragraphs.append(current)
    return "\n\n".join(paragraphs)


# --------------------------------------------------------------------------- boilerplate lines

_WIDGET_LINE = re.compile(
    r"(?:more under this ad|advertisement|skip advert(?:isement)?|discover our latest podcast"
    r"|read more|continue reading\W*|sign up (?:to|for) .{0,80}newsletter.{0,80}"
    r"|subscribe(?: now| to .{0,60})?|share (?:this|on) .{0,40}"
    r"|follow us on .{0,60}|click here .{0,80}|listen to (?:this|the) (?:article|story|podcast).*)",
    re.IGNORECASE,
)
# "© Aziz Karimov / Contributeur", "Copyright 2022 …": removed even when they end with a full stop.
_COPYRIGHT_LINE = re.compile(r"©|\(c\)\s|copyright\s+(?:©\s*|\(c\)\s*)?\d{4}", re.IGNORECASE)
# "Photo: …", "… caption dia images / Contributeur": removed when they are not a sentence.
_CREDIT_LINE = re.compile(
    r"^(?i:photo(?:graph)?s?|images?|pictures?|credits?|photo credit)\s*:"
    r"|\s/\s(?:[A-Z][\w.&'-]*\s?){1,3}$"
)
_TERMINAL = re.compile(r"[.!?:;\"”’)]$")
# A short run of plain words ("More under this ad"); repeated 3+ times it is a widget.
_WIDGET_WORDS = re.compile(r"[^\W\d_]+(?: [^\W\d_]+){1,7}")


def _line_key(line: str) -> str:
    key = line.casefold().replace("’", "'").replace("‘", "'")
    return " ".join(key.split()).rstrip(" .!?:;")


def _line_removal_reason(
    line: str, title_key: str | None, repeated: Counter[str], seen_title: bool
) -> str | None:
    stripped = line.strip()
    if not stripped or len(stripped) > 200:
        return None
    if _WIDGET_LINE.fullmatch(stripped):
        return "widget"
    if _COPYRIGHT_LINE.match(stripped) or "©" in stripped:
        return "photo credit"
    if _CREDIT_LINE.search(stripped) and not _TERMINAL.search(stripped):
        return "photo credit"
    key = _line_key(stripped)
    if title_key is not None and key == title_key and seen_title:
        return "repeated headline"
    if repeated[key] >= 3 and _WIDGET_WORDS.fullmatch(stripped):
        return "repeated widget line"
    return None


# --------------------------------------------------------------------------- inline widgets

_TIME_ZONES = r"(?:GMT|BST|UTC|CET|CEST|EET|EEST|EST|EDT|ET|PT|PST|PDT|AEST|AEDT)"
_UPDATED = rf"Updated at \d{{1,2}}[.:]\d{{2}}[\s\xa0]?{_TIME_ZONES}"
# "…Sergei LavrovRead more Stoltenberg", "…frontsRead moreUpdated at 23.50 GMT": a related-link
# widget glued to the end of its headline.
_READ_MORE = re.compile(rf"(?<=\S)Read more(?:{_UPDATED})?(?=[\s\d“‘\"A-Z]|$)")
_UPDATED_GLUED = re.compile(rf"(?<=\S){_UPDATED}")
_AGENCIES = (
    "Getty Images|Getty|Reuters|AFP|AP|PA Media|PA Wire|PA|EPA-EFE|EPA|REX|Rex|Shutterstock|"
    "Alamy|Bloomberg|The Guardian|The Observer|Anadolu Agency|SOPA Images|NurPhoto|ZUMA Wire|"
    "Sputnik|TASS|Tass|Ukrinform|UPI|Xinhua|AAP|Maxar Technologies|Planet Labs|Handout|Pool|"
    "dpa|Sipa|Abaca|Kyodo|Yonhap|Lehtikuva|Ritzau Scanpix|TT News Agency"
)
# "… Photograph: Emilio Morenatti/AP Peskov said" — credit ending in a known agency.
_PHOTO_CREDIT = re.compile(
    r"(?:Photograph|Photo|Composite|Illustration): (?:[^/\n.,;:!?“”‘\"]{1,60}/){0,4}"
    rf"(?:{_AGENCIES})(?![a-z])"
)
_NEWSLETTER = re.compile(
    r"Sign up to [^,.\n]{1,60}, our (?:free )?(?:[a-z]+ ){0,2}newsletter"
    rf"(?: – [^.\n“”]{{0,60}}?\d{{1,2}}(?:[.:]\d{{2}})?\s?(?:am|pm)(?: {_TIME_ZONES})?)?"
)
_INLINE_WIDGETS = (
    (_READ_MORE, "read-more link"),
    (_UPDATED_GLUED, "live-blog update stamp"),
    (_PHOTO_CREDIT, "photo credit"),
    (_NEWSLETTER, "newsletter plug"),
)
# The end of the sentence before a glued related-link headline.
_SENTENCE_END = re.compile(r"[.!?…][\"”’)]?(\s+)(?=[“‘\"A-Z0-9])")

# --------------------------------------------------------------------------- glue points

_MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
# Live-blog entry stamps glued to the entry: "24 Feb 202223.33Asked when…".
_STAMP = re.compile(rf"\b(\d{{1,2}} (?:{_MONTHS}) 20\d\d)(\d{{2}}[.:]\d{{2}})(?=(\S)?)")
_CLOSE_QUOTE_GLUE = re.compile(r"(?<=\S)”(?=[A-Za-z])")
_OPEN_QUOTE_GLUE = re.compile(r"(?<=[A-Za-z.,!?])“(?=\S)")
_SENTENCE_GLUE = re.compile(r"(?<=[a-z]{2}[.!?])(?=[A-Z][a-z])")
_TOKEN = re.compile(r"\S+")
# Tokens the glue rules may act on; the rest are not looked at (speed: most tokens are plain).
_GLUE_CANDIDATE = re.compile(r"(?<!\S)\S*?(?:[a-z][A-Z]|[A-Z]{2}[a-z]|[^\W\d_]{7})\S*")
_URLISH = re.compile(r"://|^www\.|@|\.(?:com|org|net|gov)\b", re.IGNORECASE)


@dataclass(frozen=True)
class _Edit:
    start: int
    end: int
    replacement: str  # whitespace only
    reason: str | None = None  # set for removals


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    position = 0
    for line in text.split("\n"):
        spans.append((position, position + len(line)))
        position += len(line) + 1
    return spans


def _title_key(text: str, lines: list[tuple[int, int]], title: str | None) -> str | None:
    if title is not None:
        return _line_key(title) or None
    non_empty = [(s, e) for s, e in lines if text[s:e].strip()]
    if len(non_empty) < 2:
        return None
    start, end = non_empty[0]
    first = text[start:end].strip()
    return _line_key(first) if len(first) <= 200 else None


def _inline_removals(text: str, start: int, end: int) -> list[_Edit]:
    edits: list[_Edit] = []
    line = text[start:end]
    for pattern, reason in _INLINE_WIDGETS:
        for match in pattern.finditer(line):
            edits.append(_Edit(start + match.start(), start + match.end(), "\n\n", reason))
            if pattern is _READ_MORE:
                # Set the glued related-link headline apart as its own paragraph.
                window_start = max(0, match.start() - 250)
                ends = list(_SENTENCE_END.finditer(line, window_start, match.start()))
                if ends:
                    gap = ends[-1]
                    edits.append(_Edit(start + gap.start(1), start + gap.end(1), "\n\n"))
    return edits


def _glue_points(text: str, start: int, end: int) -> list[_Edit]:
    """Whitespace insertions for glued words inside text[start:end] (a kept segment)."""
    segment = text[start:end]
    edits: list[_Edit] = []
    for match in _STAMP.finditer(segment):
        edits.append(_Edit(start + match.start(), start + match.start(), "\n\n"))
        edits.append(_Edit(start + match.end(1), start + match.end(1), " "))
        if match.group(3):
            edits.append(_Edit(start + match.end(2), start + match.end(2), "\n\n"))
    for pattern in (_CLOSE_QUOTE_GLUE, _OPEN_QUOTE_GLUE, _SENTENCE_GLUE):
        close = pattern is _CLOSE_QUOTE_GLUE
        for match in pattern.finditer(segment):
            at = start + (match.end() if close else match.start())
            edits.append(_Edit(at, at, " "))

    def occurs_elsewhere(run: str) -> bool:
        return text.count(run) > 1

    if edits:
        # No repair inside a URL or e-mail address ("example.com/News.Today", "a.b@x.org").
        for token in _TOKEN.finditer(segment):
            if _URLISH.search(token.group()):
                lo, hi = start + token.start(), start + token.end()
                edits = [e for e in edits if not lo < e.start < hi]
    for token in _GLUE_CANDIDATE.finditer(segment):
        for cut in glue_splits(token.group(), occurs_elsewhere):
            at = start + token.start() + cut
            edits.append(_Edit(at, at, " "))
    return edits


def _kept_segments(start: int, end: int, removals: list[_Edit]) -> list[tuple[int, int]]:
    segments = []
    cursor = start
    for edit in sorted(removals, key=lambda e: e.start):
        if edit.start > cursor:
            segments.append((cursor, edit.start))
        cursor = max(cursor, edit.end)
    if cursor < end:
        segments.append((cursor, end))
    return segments


def _apply(text: str, edits: list[_Edit]) -> tuple[str, list[_Edit]]:
    """Apply non-overlapping edits; return the new text and the edits actually applied."""
    out: list[str] = []
    applied: list[_Edit] = []
    cursor = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start < cursor or (edit.start == edit.end and applied and edit == applied[-1]):
            continue  # overlaps an edit already applied, or a duplicate insertion
        out.append(text[cursor : edit.start])
        out.append(edit.replacement)
        applied.append(edit)
        cursor = edit.end
    out.append(text[cursor:])
    return "".join(out), applied


def _splits(text: str, applied: list[_Edit]) -> list[tuple[str, list[str]]]:
    """Tokens of the input (removed spans read as spaces) that insertions cut into pieces."""
    cuts = sorted(e.start for e in applied if e.start == e.end)
    if not cuts:
        return []
    blanked = list(text)
    for edit in applied:
        if edit.reason is not None:
            blanked[edit.start : edit.end] = " " * (edit.end - edit.start)
    source = "".join(blanked)
    result = []
    index = 0
    for token in _TOKEN.finditer(source):
        while index < len(cuts) and cuts[index] <= token.start():
            index += 1
        inner = []
        while index < len(cuts) and cuts[index] < token.end():
            inner.append(cuts[index] - token.start())
            index += 1
        if inner:
            word = token.group()
            bounds = [0, *inner, len(word)]
            result.append((word, [word[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]))
    return result


def clean_text_report(text: str, *, title: str | None = None) -> CleanReport:
    """Clean ``text`` and report what was removed and which tokens were split."""
    lines = _line_spans(text)
    title_key = _title_key(text, lines, title)
    repeated = Counter(_line_key(text[s:e]) for s, e in lines if len(text[s:e].strip()) <= 50)
    # With a separate title every copy goes; otherwise the first line (the title) stays.
    seen_title = title is not None
    removals: list[_Edit] = []
    insertions: list[_Edit] = []
    for start, end in lines:
        reason = _line_removal_reason(text[start:end], title_key, repeated, seen_title)
        if reason is None and title_key is not None and _line_key(text[start:end]) == title_key:
            seen_title = True
        if reason is not None:
            removals.append(_Edit(start, end, "\n", reason))
            continue
        inline = _inline_removals(text, start, end)
        line_removals = [e for e in inline if e.reason is not None]
        removals.extend(line_removals)
        insertions.extend(e for e in inline if e.reason is None)
        for seg_start, seg_end in _kept_segments(start, end, line_removals):
            insertions.extend(_glue_points(text, seg_start, seg_end))
    rebuilt, applied = _apply(text, removals + insertions)
    removed = [Removal(e.start, e.end, e.reason) for e in applied if e.reason is not None]
    return CleanReport(normalise_whitespace(rebuilt), removed, _splits(text, applied))


def clean_text(text: str, *, title: str | None = None) -> str:
    """Boilerplate removed, glued words repaired, paragraphs separated by "\\n\\n"."""
    return clean_text_report(text, title=title).text


# --------------------------------------------------------------------------- HTML


def html_to_text(html: str, url: str | None = None) -> ExtractedArticle:
    """Main text and metadata of an article page (trafilatura), cleaned with ``clean_text``.

    The title is returned separately and removed from the body.
    """
    import trafilatura  # heavy import (lxml, date parsers): only when HTML is processed

    document = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
    )
    # A trafilatura Document, a dict (as_dict=True), or None when it found nothing.
    if document is None:
        data: dict = {}
    elif isinstance(document, dict):
        data = document
    else:
        data = document.as_dict()
    body = data.get("text") or ""
    if not body.strip():
        # Pages too small or too odd for the extractor: fall back to all visible text.
        body = trafilatura.html2txt(html) or ""
    title = _clean_meta(data.get("title"))
    # trafilatura puts one block per line; make each one a paragraph before cleaning.
    body = body.replace("\n", "\n\n")
    return ExtractedArticle(
        title=title,
        text=clean_text(body, title=title),
        published=_clean_meta(data.get("date")),
        author=_clean_meta(data.get("author")),
        outlet=_clean_meta(data.get("sitename")),
    )


def _clean_meta(value: object) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None
