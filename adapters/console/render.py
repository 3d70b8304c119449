"""Reply -> plain text for a terminal. Quotes are printed whole and unchanged."""

from __future__ import annotations

from bot.core.types import Reply, SourceRef, StatementItem


def render(reply: Reply) -> str:
    out = [reply.title]
    if reply.numbered and reply.items and reply.items[0].points:
        first, rest = reply.items[0], reply.items[1:]
        out.append(f"  ({_speech(first)}: {first.text})")
        for n, point in enumerate(first.points, start=1):
            out.append(f"{n}. {_words(point, first.direct)}")
            out.extend(_citation(first, indent="   "))
        if rest:
            out.append("Also:")
            out.extend(_item(item, bullet="- ") for item in rest)
    else:
        group = None
        for n, item in enumerate(reply.items, start=1):
            if item.group and item.group != group:
                group = item.group
                out.append(f"== {group} ==")
            bullet = f"#{item.statement_id} [{item.status}] " if reply.show_ids else f"{n}. "
            out.append(_item(item, bullet=bullet if len(reply.items) > 1 or reply.show_ids else ""))
    out.extend(reply.lines)
    out.extend(f"Note: {n}" for n in reply.notices)
    return "\n".join(out)


def _speech(item: StatementItem) -> str:
    return "quote" if item.direct else "reported speech"


def _words(text: str, direct: bool) -> str:
    return f"“{text}”" if direct else f"{text} (reported speech)"


def _item(item: StatementItem, bullet: str) -> str:
    indent = "   "
    lines = [f"{bullet}{_words(item.text, item.direct)}"]
    lines.extend(f"{indent}{n}. {p}" for n, p in enumerate(item.points, start=1))
    lines.extend(_citation(item, indent))
    return "\n".join(lines)


def _citation(item: StatementItem, indent: str) -> list[str]:
    lines = [f"{indent}— {item.attribution} · {item.date_label}"]
    lines.extend(f"{indent}  Source: {_source(s)}" for s in item.sources)
    return lines


def _source(source: SourceRef) -> str:
    text = source.describe()
    if source.document_title and source.document_title != source.title:
        text += f", as reported in ‘{source.document_title}’"
    return text + (f" <{source.url}>" if source.url else " (no link known)")
