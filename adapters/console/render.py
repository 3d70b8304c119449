"""Reply -> plain text for a terminal. Quotes are printed whole and unchanged.

A quote shorter than a clause is printed inside the source's sentence that carries it, as
the source wrote it (its own quotation marks show where the quote is), and the quote's
words are underlined when `underline` is set (a terminal: ANSI SGR 4). A point stated
by several statements (a condition several documents report) shows one statement's words
and every statement's citation ("— also …").
"""

from __future__ import annotations

import os
from typing import TextIO

from bot.core.types import Reply, SourceRef, StatementItem

UNDERLINE = ("\x1b[4m", "\x1b[24m")


def wants_underline(stream: TextIO) -> bool:
    """A terminal that takes ANSI styles: not piped, not TERM=dumb, no NO_COLOR set."""
    isatty = getattr(stream, "isatty", None)
    return bool(
        isatty
        and isatty()
        and not os.environ.get("NO_COLOR")
        and os.environ.get("TERM", "") != "dumb"
    )


def render(reply: Reply, *, underline: bool = False) -> str:
    marks = UNDERLINE if underline else ("", "")
    review = reply.show_ids
    out = [reply.title]
    if reply.numbered and reply.items and reply.items[0].points:
        first, rest = reply.items[0], reply.items[1:]
        out.append(f"  ({_speech(first)}: {_said(first, marks, quoted=False)})")
        for n, point in enumerate(first.points, start=1):
            out.append(f"{n}. {_words(point, first.direct)}")
            out.extend(_citation(first, indent="   ", review=review))
        if rest:
            out.append("Also:")
            out.extend(_item(item, "- ", marks, review) for item in rest)
    else:
        group = None
        for n, item in enumerate(reply.items, start=1):
            if item.group and item.group != group:
                group = item.group
                out.append(f"== {group} ==")
            bullet = f"#{item.statement_id} [{item.status}] " if reply.show_ids else f"{n}. "
            bullet = bullet if len(reply.items) > 1 or reply.show_ids else ""
            out.append(_item(item, bullet, marks, review))
    out.extend(reply.lines)
    out.extend(f"Note: {n}" for n in reply.notices)
    # A terminal has no threads: a digest's stories follow its headline.
    out.extend(render(part, underline=underline) for part in reply.thread)
    return "\n".join(out)


def _speech(item: StatementItem) -> str:
    return "quote" if item.direct else "reported speech"


def _words(text: str, direct: bool) -> str:
    return f"“{text}”" if direct else f"{text} (reported speech)"


def _said(item: StatementItem, marks: tuple[str, str], *, quoted: bool = True) -> str:
    """The quote in its carrying sentence (span marked), else the quote as `_words` shows it
    (bare inside the numbered intro, which already says "quote")."""
    parts = item.in_sentence
    if parts is not None:
        before, words, after = parts
        said = f"{before}{marks[0]}{words}{marks[1]}{after}"
        return said if item.direct or not quoted else f"{said} (reported speech)"
    return _words(item.text, item.direct) if quoted else item.text


def _item(item: StatementItem, bullet: str, marks: tuple[str, str], review: bool) -> str:
    indent = "   "
    lines = [f"{bullet}{_said(item, marks)}"]
    lines.extend(f"{indent}{n}. {p}" for n, p in enumerate(item.points, start=1))
    lines.extend(_citation(item, indent, review=review))
    return "\n".join(lines)


def _citation(item: StatementItem, indent: str, *, review: bool = False) -> list[str]:
    """Who said it, when, where; then each other statement saying the same (its words are
    not shown: the item's are)."""
    lines = [f"{indent}— {item.attribution} · {item.date_label}"]
    lines.extend(f"{indent}  Source: {_source(s, review)}" for s in item.sources)
    for other in item.also:
        lines.append(f"{indent}— also {other.attribution} · {other.date_label}")
        lines.extend(f"{indent}  Source: {_source(s, review)}" for s in other.sources)
    return lines


def _source(source: SourceRef, review: bool = False) -> str:
    text = source.describe(with_kind=review)
    if source.document_title and source.document_title != source.title:
        text += f", as reported in ‘{source.document_title}’"
    return text + (f" <{source.url}>" if source.url else " (no link known)")
