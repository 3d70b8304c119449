"""Reply -> Block Kit messages, each within Slack's limits. Pure: no I/O, no Slack library.

A statement is a section (the exact words) followed by a context block (speaker, role, date,
linked outlet), and, for a point several statements make (a condition several documents
report), a context block citing each of the others. Blocks that belong together form a
group; groups are packed into messages of at most 50 blocks and the later messages are sent
as follow-ups. Every piece of text taken from the reply is escaped, and mrkdwn objects are
`verbatim` so Slack never turns quoted words into mentions or links of its own: the only
links are the reply's own source URLs.

A quote shorter than a clause is shown inside the source's sentence that carries it, the
quote in bold (the sentence's own quotation marks stay; none are added); a sentence too long
for a section loses words of its context first, never of the quote. Review cards put each
source's document kind beside it ("transcript · White House").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from adapters.slack.mrkdwn import escape, link
from bot.core.shorten import marked_sentence, shorten
from bot.core.types import Citation, Reply, SourceRef, StatementItem

SECTION_TEXT_LIMIT = 3000
BLOCKS_PER_MESSAGE = 50
CONTEXT_ELEMENTS_LIMIT = 10
# Slack caps a text object at 3000 characters; context lines are citations, so a tighter
# budget keeps a block readable and leaves room for the escaping of a long title.
CONTEXT_TEXT_LIMIT = 2000
BUTTON_VALUE_LIMIT = 2000
FALLBACK_TEXT_LIMIT = 3000
MORE_ACTION_ID = "attache_more"
SHORTENED_NOTE = " _(shortened; the full text is at the source)_"
_USER_ID = re.compile(r"[UW][A-Z0-9_]+")

Block = dict[str, Any]
Message = dict[str, Any]


def render(reply: Reply, *, asker: str | None = None, preface: str | None = None) -> list[Message]:
    """One or more messages `{"text": fallback, "blocks": [...]}`; the first carries the title.

    `asker`: the user the reply answers; a More button carries it, so that their click can
    expand the message in place while anyone else's is answered privately. `preface`: mrkdwn
    the adapter built (already escaped) to stand before the title, e.g. the question asked.
    """
    if reply.card is not None and not reply.is_error:
        from adapters.slack.review_cards import card_message  # it builds on this module

        return [card_message(reply)]
    if reply.notice is not None and not reply.is_error:
        from adapters.slack.review_notices import notice_message  # it builds on this module

        return [notice_message(reply)]
    groups = _groups(reply, asker)
    if preface:
        groups.insert(0, [_section(preface)])
    messages = _pack(groups)
    out = []
    for number, blocks in enumerate(messages, start=1):
        continued = f" (continued, {number}/{len(messages)})" if number > 1 else ""
        fallback = _fit("", reply.title, continued, False, FALLBACK_TEXT_LIMIT, note="")
        out.append({"text": fallback, "blocks": blocks})
    return out


def more_ids(value: str) -> list[int]:
    """The statement ids a More button carries (see `_more_button`); bad parts are ignored."""
    return [int(part) for part in value.split(",") if part.strip().isdigit()]


def asked_preface(user_id: str, question: str) -> str:
    """ "<@U123> asked: “…”": the asker mentioned, the question escaped so that no
    `<!channel>` or `<@U…>` typed into it can fire, and shortened to fit a section."""
    who = f"<@{user_id}>" if _USER_ID.fullmatch(user_id) else escape(user_id)
    return _fit(f"{who} asked: ", question, "", quoted=True, note=" _(shortened)_")


def more_asker(block_id: str | None) -> str | None:
    """The user a More button's message answers (see `_more_button`), None when nobody's."""
    prefix, sep, asker = (block_id or "").partition(":")
    return asker if prefix == MORE_ACTION_ID and sep and asker else None


def is_more_block(block: Block) -> bool:
    return str(block.get("block_id") or "").partition(":")[0] == MORE_ACTION_ID


# -- groups of blocks --------------------------------------------------------------------


def _groups(reply: Reply, asker: str | None = None) -> list[list[Block]]:
    groups: list[list[Block]] = [[_title_section(reply)]]
    items = reply.items
    if reply.numbered and items and items[0].points:
        first, rest = items[0], items[1:]
        speech = "quote" if first.direct else "reported speech"
        groups.append([_section(_fit(f"_({speech}: ", first.text, ")_", quoted=first.direct))])
        for number, point in enumerate(first.points, start=1):
            words = _fit(f"*{number}.* ", point, _speech_suffix(first.direct), first.direct)
            groups.append([_section(words), *_citations(first, reply.show_ids)])
        if rest:
            groups.append([_section("*Also:*")])
            groups.extend(_statement(item, "• ", review=reply.show_ids) for item in rest)
    else:
        group = None
        for number, item in enumerate(items, start=1):
            if item.group and item.group != group:
                group = item.group
                groups.append([_section(_fit("*", group, "*", quoted=False))])
            if reply.show_ids:
                bullet = f"*#{item.statement_id}* [{escape(item.status)}] "
            else:
                bullet = f"*{number}.* " if len(items) > 1 else ""
            groups.append(_statement(item, bullet, review=reply.show_ids))
    groups.extend([section] for section in line_sections(reply.lines))
    if reply.notices:
        groups.append(_notice_blocks(reply.notices))
    if reply.more:
        groups.append([_more_button(reply.more, asker)])
    return groups


def _title_section(reply: Reply) -> Block:
    if reply.is_error:
        return _section(_fit(":warning: ", reply.title, "", quoted=False))
    return _section(_fit("*", reply.title, "*", quoted=False))


def _statement(item: StatementItem, bullet: str, *, review: bool = False) -> list[Block]:
    """The words (and points) in sections, then the citation."""
    suffix = _speech_suffix(item.direct)
    words = _in_sentence(bullet, item, suffix) or _fit(bullet, item.text, suffix, item.direct)
    points = [f"{n}. {escape(p)}" for n, p in enumerate(item.points, start=1)]
    whole = "\n".join([words, *points])
    if len(whole) <= SECTION_TEXT_LIMIT:
        return [_section(whole), *_citations(item, review)]
    point_sections = [
        _section(_fit(f"{n}. ", p, "", quoted=False)) for n, p in enumerate(item.points, start=1)
    ]
    return [_section(words), *point_sections, *_citations(item, review)]


def _in_sentence(prefix: str, item: StatementItem, suffix: str) -> str | None:
    """prefix + the carrying sentence, escaped, with the quote in bold + suffix, within a
    section."""
    return marked_sentence(item.in_sentence, escape, "*", SECTION_TEXT_LIMIT, prefix, suffix)


def _speech_suffix(direct: bool) -> str:
    return "" if direct else " _(reported speech)_"


def _fit(
    prefix: str,
    text: str,
    suffix: str,
    quoted: bool,
    limit: int = SECTION_TEXT_LIMIT,
    note: str = SHORTENED_NOTE,
) -> str:
    """prefix + escaped text (in quotation marks if `quoted`) + suffix, ≤ `limit` characters.

    `prefix`/`suffix` are our own mrkdwn. Too long a text is cut at a word boundary by
    `shorten` and marked with `note`, so the reader knows to follow the source link.
    """
    open_q, close_q = ("“", "”") if quoted else ("", "")

    def assemble(words: str, tail: str = "") -> str:
        return f"{prefix}{open_q}{escape(words)}{close_q}{suffix}{tail}"

    full = assemble(text)
    if len(full) <= limit:
        return full
    return assemble(_longest_fitting(text, lambda w: len(assemble(w, note)) <= limit), note)


def _longest_fitting(text: str, fits: Callable[[str], bool]) -> str:
    """The longest `shorten(text, n)` that `fits`: escaping lengthens `&`, `<` and `>`
    unevenly, so the cut is searched for rather than computed."""
    low, high = 2, len(text)
    best = shorten(text, low)
    while low <= high:
        middle = (low + high) // 2
        candidate = shorten(text, middle)
        if fits(candidate):
            best, low = candidate, middle + 1
        else:
            high = middle - 1
    return best


def _citations(item: StatementItem, review: bool = False) -> list[Block]:
    """The item's citation, then, for a point several statements make (a condition several
    documents report), one context block citing the others: who, when, where."""
    blocks = [_citation(item, review)]
    if item.also:
        texts = [_also(other, review) for other in item.also]
        if len(texts) > CONTEXT_ELEMENTS_LIMIT:
            hidden = len(texts) - (CONTEXT_ELEMENTS_LIMIT - 1)
            texts = [*texts[: CONTEXT_ELEMENTS_LIMIT - 1], f"and {hidden} more statements"]
        blocks.append({"type": "context", "elements": [_mrkdwn(t) for t in texts]})
    return blocks


def _also(other: Citation, review: bool) -> str:
    """ "Also: Vladimir Putin, President of Russia · 2022-04-26 — <url|Kremlin: ‘…’>": as many
    of its sources as fit in one element, the rest counted."""
    who = _fit("Also: ", f"{other.attribution} · {other.date_label}", "", False, 300, "")
    # The first source fits beside who and when, and a count of the others after it.
    room = CONTEXT_TEXT_LIMIT - len(who) - len(" — ")
    room -= len(" · and 999 more") if len(other.sources) > 1 else 0
    sources = [_source(s, review, room) for s in other.sources] or ["source not recorded"]
    text = f"{who} — {sources[0]}"
    for n, source in enumerate(sources[1:], start=1):
        left = len(sources) - n - 1
        note = f" · and {left} more" if left else ""
        if len(f"{text} · {source}{note}") > CONTEXT_TEXT_LIMIT:
            return f"{text} · and {len(sources) - n} more"
        text = f"{text} · {source}"
    return text


def _citation(item: StatementItem, review: bool = False) -> Block:
    who = _fit("", f"{item.attribution} · {item.date_label}", "", False, CONTEXT_TEXT_LIMIT, "")
    sources = [_source(s, review) for s in item.sources]
    room = CONTEXT_ELEMENTS_LIMIT - 1
    if len(sources) > room:
        hidden = len(sources) - (room - 1)
        sources = [*sources[: room - 1], f"and {hidden} more sources"]
    if not sources:
        sources = ["source not recorded"]
    return {"type": "context", "elements": [_mrkdwn(who), *(_mrkdwn(s) for s in sources)]}


def _source(source: SourceRef, review: bool = False, limit: int = CONTEXT_TEXT_LIMIT) -> str:
    label = source.describe(with_kind=review)
    if source.document_title and source.document_title != source.title:
        label += f", as reported in ‘{source.document_title}’"
    if source.url and len(link(source.url, "")) < limit // 2:
        url = source.url
        return link(url, _longest_fitting(label, lambda t: len(link(url, t)) <= limit))
    # No link known (or one too long to show): say so rather than invent or cut one.
    unlinked = "(no link known)" if not source.url else "(link too long to show)"
    return _fit("", label, f" {unlinked}", False, limit, "")


def line_sections(lines: tuple[str, ...]) -> list[Block]:
    """Plain lines packed into sections of at most 3000 characters.

    Lines the core aligned in columns (help) go in a code block, where the alignment holds.
    """
    if not lines:
        return []
    columns = any("   " in line for line in lines)
    opening, closing = ("```\n", "\n```") if columns else ("", "")
    budget = SECTION_TEXT_LIMIT - len(opening) - len(closing)
    chunks: list[list[str]] = [[]]
    size = 0
    for line in lines:
        text = _fit("", line, "", quoted=False, limit=budget)
        if chunks[-1] and size + 1 + len(text) > budget:
            chunks.append([])
            size = 0
        size += len(text) + (1 if chunks[-1] else 0)
        chunks[-1].append(text)
    # A section must have text: chunks of blank lines only are dropped.
    return [_section(opening + "\n".join(c) + closing) for c in chunks if "".join(c).strip()]


def _notice_blocks(notices: tuple[str, ...]) -> list[Block]:
    texts = [_fit("Note: ", n, "", False, CONTEXT_TEXT_LIMIT, "") for n in notices]
    step = CONTEXT_ELEMENTS_LIMIT
    return [
        {"type": "context", "elements": [_mrkdwn(t) for t in texts[i : i + step]]}
        for i in range(0, len(texts), step)
    ]


def _more_button(ids: tuple[int, ...], asker: str | None = None) -> Block:
    """The ids travel in the button itself, so any worker can answer it, even after a restart;
    the asker travels in the block id (user ids are short, block ids take 255 characters)."""
    carried: list[str] = []
    for statement_id in ids:
        if len(",".join([*carried, str(statement_id)])) > BUTTON_VALUE_LIMIT:
            break
        carried.append(str(statement_id))
    return {
        "type": "actions",
        "block_id": f"{MORE_ACTION_ID}:{asker}" if asker else MORE_ACTION_ID,
        "elements": [
            {
                "type": "button",
                "action_id": MORE_ACTION_ID,
                "text": {"type": "plain_text", "text": f"More ({len(carried)})"},
                "value": ",".join(carried),
            }
        ],
    }


def _section(text: str) -> Block:
    return {"type": "section", "text": _mrkdwn(text)}


def _mrkdwn(text: str) -> dict[str, Any]:
    # verbatim: no automatic linking of URLs, channel names or @here in quoted words.
    return {"type": "mrkdwn", "text": text, "verbatim": True}


# -- packing -----------------------------------------------------------------------------


def _pack(groups: list[list[Block]]) -> list[list[Block]]:
    """Groups into messages of ≤ 50 blocks; a group is split only if it alone is too big."""
    messages: list[list[Block]] = [[]]
    for group in groups:
        if messages[-1] and len(messages[-1]) + len(group) > BLOCKS_PER_MESSAGE:
            messages.append([])
        for block in group:
            if len(messages[-1]) == BLOCKS_PER_MESSAGE:
                messages.append([])
            messages[-1].append(block)
    return messages
