"""Reply -> Discord message payloads, split to fit every Discord limit. Pure: no discord.py.

Each statement becomes one embed: the speaker and role as its title, the source's exact words
(shortened at a word boundary only when they exceed a limit; the source link stays with
them), the date ("date unknown" when there is none) and every source with its link when the
reply has one, then, for a point several statements make (a condition several documents
report), who said each of the others, when, and its sources. Links come only from the
reply: nothing here builds a URL. A quote shorter
than a clause is shown inside the source's sentence that carries it, the quote in bold
(the sentence's own quotation marks stay; none are added); a sentence too long for the
embed loses words of its context first, never of the quote. Review cards put each source's
document kind beside it ("transcript · White House").

Buttons: a message's statements each get a link button to their document ("Source 2 ·
Reuters", numbered as the cards stand in the message; just "Source · Reuters" when the reply
is one statement), and the reply's last message carries its More button and, for one page
of a longer list, Previous / Next. Those carry their state in their custom id (at most
100 characters), so they work after a restart and in any process.

The payloads are plain data (embeds are dicts in Discord's JSON shape) so that tests can
check every limit without a client, and the runner turns them into discord.py objects.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import parse_qsl, urlencode

from bot.core.shorten import marked_sentence, shorten
from bot.core.types import Citation, Paging, Reply, SourceRef, StatementItem

# Discord's documented limits (DESIGN.md, "Platform facts").
CONTENT_LIMIT = 2000
EMBED_TITLE_LIMIT = 256
EMBED_AUTHOR_LIMIT = 256
EMBED_DESCRIPTION_LIMIT = 4096
EMBED_FIELDS_LIMIT = 25
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FOOTER_LIMIT = 2048
EMBED_TOTAL_LIMIT = 6000  # across all embeds of one message
EMBEDS_PER_MESSAGE = 10
CUSTOM_ID_LIMIT = 100
BUTTON_LABEL_LIMIT = 80
BUTTON_URL_LIMIT = 512  # a link button's url
BUTTONS_PER_ROW = 5
ROWS_PER_MESSAGE = 5
EMBED_URL_LIMIT = 2048
# Link buttons take at most two rows (one per card of a full message); the buttons that
# act (Previous, Next, More) take the row after them.
LINK_BUTTONS_LIMIT = 2 * BUTTONS_PER_ROW

MORE_PREFIX = "attache:show:"
MORE_PATTERN = r"attache:show:(?P<ids>[0-9]+(?:,[0-9]+)*)"
PAGE_PREFIX = "attache:page:"
# The command, the page to show, the command's options url-encoded (which has no ":").
PAGE_PATTERN = (
    r"attache:page:(?P<command>[a-z][a-z0-9_-]{0,31}):(?P<page>[0-9]{1,5}):(?P<options>[^:]*)"
)

COLOUR_OK = 0x2B6CB0
COLOUR_ERROR = 0xC53030
# Room kept for a statement's words even when its sources are many.
MIN_DESCRIPTION_BUDGET = 600
# Room a further source needs in a field beside others (its outlet and some of its title).
MIN_SOURCE_ROOM = 40
_MORE_NOTE = len("\nand 999 more")

Embed = dict[str, Any]


@dataclass(frozen=True)
class Button:
    """A button that acts: its custom id says what it asks for."""

    label: str
    custom_id: str


@dataclass(frozen=True)
class LinkButton:
    """A button that opens a web page (Discord's link style: a url, no custom id)."""

    label: str
    url: str


@dataclass(frozen=True)
class MessagePayload:
    """One Discord message: what `send`, `edit_original_response` or a follow-up carries."""

    content: str | None = None
    embeds: tuple[Embed, ...] = ()
    buttons: tuple[Button, ...] = ()
    ephemeral: bool = False
    # Ids shown in this message; lets tests and logs tell what went where.
    statement_ids: tuple[int, ...] = field(default=(), compare=False)
    links: tuple[LinkButton, ...] = ()


def render(reply: Reply, *, first_card: int = 1) -> list[MessagePayload]:
    """The messages that show `reply`, in order; the first is the response, the rest follow-ups.

    `first_card`: the number the first statement's Source button gets, when the statements
    are added below cards a message already shows (a More click shown in place).
    """
    if reply.card is not None and not reply.is_error:
        from adapters.discord.review_render import render_card  # it builds on this module

        return [render_card(reply)]
    if reply.notice is not None and not reply.is_error:
        from adapters.discord.review_notices import render_notice  # it builds on this module

        return [render_notice(reply)]
    content = _content(reply)
    embeds: list[tuple[Embed, tuple[int, ...]]] = []
    if not reply.is_error:
        embeds += [(e, (item.statement_id,)) for item, e in _statement_embeds(reply)]
        embeds += [(e, ()) for e in _lines_embeds(reply.lines)]
    elif reply.lines:
        content += "\n" + "\n".join(escape_markdown(line) for line in reply.lines)
    messages = _pack(split_text(content, CONTENT_LIMIT), embeds, reply.ephemeral)
    items = {item.statement_id: item for item in reply.items}
    numbered = first_card > 1 or len(reply.items) > 1 or bool(reply.more or reply.paging)
    messages = [
        replace(m, links=source_links([items[i] for i in m.statement_ids], first_card, numbered))
        for m in messages
    ]
    buttons = [*page_buttons(reply.paging), more_button(reply.more)]
    messages[-1] = replace(messages[-1], buttons=tuple(b for b in buttons if b is not None))
    return messages


# --- Source buttons ---------------------------------------------------------------------


def source_links(
    items: Sequence[StatementItem], first_card: int, numbered: bool
) -> tuple[LinkButton, ...]:
    """A link button to each card's document, numbered as the cards stand in the message;
    cards without a usable web link get none, and at most two rows are used."""
    links: list[LinkButton] = []
    for card, item in enumerate(items, start=first_card):
        source = next((s for s in item.sources if s.url), None)
        if source is None or not is_web_link(source.url, BUTTON_URL_LIMIT):
            continue
        outlet = source.outlet or (source.via[-1] if source.via else "")
        label = f"Source {card}" if numbered else "Source"
        label += f" · {outlet}" if outlet else ""
        links.append(LinkButton(shorten(label, BUTTON_LABEL_LIMIT), str(source.url)))
    return tuple(links[:LINK_BUTTONS_LIMIT])


def is_web_link(url: str | None, limit: int) -> bool:
    """Discord refuses a whole message over a link it cannot parse: web links only."""
    return bool(url and url.startswith(("https://", "http://")) and len(url) <= limit) and (
        " " not in str(url)
    )


# --- Previous / Next --------------------------------------------------------------------


def page_custom_id(paging: Paging, page: int) -> str | None:
    """ "attache:page:statements:2:who=lavrov&topic=talks": the command, the page and the
    options, or None when they do not fit Discord's 100-character custom_id (the reply's
    "ask for page N" notice still says how to go on)."""
    custom_id = f"{PAGE_PREFIX}{paging.command}:{page}:{urlencode(paging.options)}"
    if len(custom_id) > CUSTOM_ID_LIMIT or re.fullmatch(PAGE_PATTERN, custom_id) is None:
        return None
    return custom_id


def parse_page_custom_id(custom_id: str) -> tuple[str, dict[str, str]]:
    """The command and its options, the page among them, from a Previous / Next button."""
    match = re.fullmatch(PAGE_PATTERN, custom_id)
    if match is None:
        raise ValueError(f"not a page button id: {custom_id[:CUSTOM_ID_LIMIT]!r}")
    options = dict(parse_qsl(match["options"], keep_blank_values=True))
    return match["command"], {**options, "page": str(int(match["page"]))}


def page_buttons(paging: Paging | None) -> list[Button]:
    if paging is None:
        return []
    buttons = []
    for page, label in (
        (paging.page - 1, f"◀ Previous: page {paging.page - 1}"),
        (paging.page + 1, f"Next: page {paging.page + 1} of {paging.pages} ▶"),
    ):
        custom_id = page_custom_id(paging, page) if 1 <= page <= paging.pages else None
        if custom_id is not None:
            buttons.append(Button(label=label[:BUTTON_LABEL_LIMIT], custom_id=custom_id))
    return buttons


# --- the "More" button ------------------------------------------------------------------


def more_custom_id(ids: Sequence[int]) -> str | None:
    """ "attache:show:12,15,19": as many ids as fit in Discord's 100-character custom_id.

    The ids themselves are the state, so the button works after a restart; ids that do not
    fit are left out (the `show` command pages through the ones carried).
    """
    custom_id = MORE_PREFIX
    for n, statement_id in enumerate(ids):
        part = ("," if n else "") + str(int(statement_id))
        if len(custom_id) + len(part) > CUSTOM_ID_LIMIT:
            break
        custom_id += part
    return custom_id if custom_id != MORE_PREFIX else None


def parse_more_custom_id(custom_id: str) -> tuple[int, ...]:
    match = re.fullmatch(MORE_PATTERN, custom_id)
    if match is None:
        raise ValueError(f"not a More button id: {custom_id[:CUSTOM_ID_LIMIT]!r}")
    return tuple(int(i) for i in match["ids"].split(","))


def more_button(ids: Sequence[int]) -> Button | None:
    custom_id = more_custom_id(ids)
    if custom_id is None:
        return None
    carried = custom_id.removeprefix(MORE_PREFIX).count(",") + 1
    return Button(label=f"More ({carried})", custom_id=custom_id)


# --- content ----------------------------------------------------------------------------


def _content(reply: Reply) -> str:
    title = escape_markdown(reply.title) or "Done."
    if reply.is_error:
        return title
    notes = [f"-# {escape_markdown(n)}" for n in reply.notices]
    # Bold only a title that stays in one chunk: split markers would show as "**".
    bold = reply.items and len(title) <= CONTENT_LIMIT // 2
    return "\n".join([f"**{title}**" if bold else title, *notes])


def split_text(text: str, limit: int) -> list[str]:
    """`text` in chunks of at most `limit`, cut at line breaks, else spaces, else anywhere."""
    chunks: list[str] = []
    rest = text
    while len(rest) > limit:
        window = rest[: limit + 1]
        cut = window.rfind("\n")
        if cut <= 0:
            cut = window.rfind(" ")
        if cut <= 0:
            cut = limit
        chunks.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip("\n ")
    if rest or not chunks:
        chunks.append(rest)
    return chunks


# --- statements -------------------------------------------------------------------------


def _statement_embeds(reply: Reply) -> Iterable[tuple[StatementItem, Embed]]:
    for n, item in enumerate(reply.items):
        numbered_points = reply.numbered and n == 0 and bool(item.points)
        yield item, statement_embed(item, show_ids=reply.show_ids, numbered=numbered_points)


def statement_embed(
    item: StatementItem, *, show_ids: bool = False, numbered: bool = False
) -> Embed:
    """One statement: words, speaker and role, date, every source; within every embed limit."""
    embed: Embed = {"type": "rich", "color": COLOUR_OK}
    title = item.attribution or item.speaker or "Unknown speaker"
    if show_ids:
        title = f"#{item.statement_id} [{item.status}] {title}"
    embed["title"] = shorten(escape_markdown(title), EMBED_TITLE_LIMIT)
    if item.group:
        # The side or section it belongs to (a comparison, a digest's entity).
        embed["author"] = {"name": shorten(escape_markdown(item.group), EMBED_AUTHOR_LIMIT)}
    url = item.primary_url
    if is_web_link(url, EMBED_URL_LIMIT):
        embed["url"] = url
    fields = [_field("Date", item.date_label, inline=True)]
    if item.kind:
        fields.append(_field("Kind", item.kind, inline=True))
    footer = "Direct quote" if item.direct else "Reported speech"
    embed["footer"] = {"text": footer}
    author = len(embed["author"]["name"]) if "author" in embed else 0
    fixed = author + len(embed["title"]) + len(footer) + sum(_field_length(f) for f in fields)
    room = EMBED_TOTAL_LIMIT - fixed - MIN_DESCRIPTION_BUDGET
    own = _source_fields(
        item.sources, room=room, slots=EMBED_FIELDS_LIMIT - len(fields), with_kind=show_ids
    )
    fields += own
    fields += _also_fields(
        item.also,
        room=room - sum(map(_field_length, own)),
        slots=EMBED_FIELDS_LIMIT - len(fields),
        with_kind=show_ids,
    )
    embed["fields"] = fields
    budget = min(
        EMBED_DESCRIPTION_LIMIT,
        EMBED_TOTAL_LIMIT
        - author
        - len(embed["title"])
        - len(footer)
        - sum(map(_field_length, fields)),
    )
    embed["description"] = _words(item, numbered=numbered, budget=budget)
    return embed


def _words(item: StatementItem, *, numbered: bool, budget: int) -> str:
    """The source's words, quoted (or marked as reported speech), shortened only to fit."""
    text = escape_markdown(item.text)
    suffix = "" if item.direct else "\n*(reported speech)*"
    in_sentence = _in_sentence(item, budget - len(suffix)) if not numbered else None
    if in_sentence is not None:
        return in_sentence + suffix
    if not numbered:
        said = f"“{text}”" if item.direct else f"{text}{suffix}"
        return _fit(said, budget, shortened=bool(item.primary_url))
    intro = f"*{'Quote' if item.direct else 'Reported speech'}:* {text}"
    points = [f"**{n}.** {escape_markdown(p)}" for n, p in enumerate(item.points, start=1)]
    lines = [intro, *points]
    if sum(map(len, lines)) + len(lines) <= budget:
        return "\n".join(lines)
    # Too long together: every line gets an equal share, so no point disappears.
    share = max(2, (budget - len(lines)) // len(lines))
    return "\n".join(shorten(line, share) for line in lines)[:budget]


def _in_sentence(item: StatementItem, budget: int) -> str | None:
    """The carrying sentence, escaped, with the quote in bold, within `budget`."""
    return marked_sentence(item.in_sentence, escape_markdown, "**", budget)


def _fit(text: str, budget: int, *, shortened: bool) -> str:
    if len(text) <= budget:
        return text
    note = "\n*(shortened; the full text is at the source link below)*" if shortened else ""
    return shorten(text, budget - len(note)) + note


def _source_fields(
    sources: Sequence[SourceRef], *, room: int, slots: int, with_kind: bool = False
) -> list[Embed]:
    fields: list[Embed] = []
    if not sources:
        return [_field("Source", "unknown outlet (no link known)")]
    for n, source in enumerate(sources):
        name = "Source" if len(sources) == 1 else f"Source {n + 1}"
        candidate = _field(name, _source_text(source, with_kind=with_kind))
        left = len(sources) - n - 1
        # Keep one slot and some room for "and N more" if sources remain after this one.
        reserve = (1, 40) if left else (0, 0)
        if len(fields) + 1 + reserve[0] > slots or _field_length(candidate) + reserve[1] > room:
            fields.append(_field("More sources", f"and {len(sources) - n} more not shown"))
            break
        fields.append(candidate)
        room -= _field_length(candidate)
    return fields


def _also_fields(
    also: Sequence[Citation], *, room: int, slots: int, with_kind: bool = False
) -> list[Embed]:
    """One field for each other statement saying the same: who and when as its name, its
    sources (each with its link) as its value; as many as the embed has room for, then a
    field saying how many more there are."""
    fields: list[Embed] = []
    for n, other in enumerate(also):
        name = f"Also: {escape_markdown(other.attribution)} · {other.date_label}"
        candidate = _field(name, _sources_text(other.sources, with_kind=with_kind))
        left = len(also) - n - 1
        reserve = (1, 40) if left else (0, 0)
        if len(fields) + 1 + reserve[0] > slots or _field_length(candidate) + reserve[1] > room:
            if slots > len(fields) and room >= 40:
                fields.append(_field("Also", f"{len(also) - n} more not shown"))
            break
        fields.append(candidate)
        room -= _field_length(candidate)
    return fields


def _sources_text(sources: Sequence[SourceRef], *, with_kind: bool = False) -> str:
    """Sources one a line, each with its whole link, within a field's value; those left
    over are counted ("and 2 more"), never cut."""
    if not sources:
        return "unknown outlet (no link known)"
    lines: list[str] = []
    used = 0
    for n, source in enumerate(sources):
        more = n + 1 < len(sources)
        room = FIELD_VALUE_LIMIT - used - (1 if lines else 0) - (_MORE_NOTE if more else 0)
        url = source.url
        if lines and (room < MIN_SOURCE_ROOM or (url and len(url) + MIN_SOURCE_ROOM > room)):
            lines.append(f"and {len(sources) - n} more")  # the room was kept for it
            break
        line = _source_text(source, with_kind=with_kind, limit=room)
        used += len(line) + (1 if lines else 0)
        lines.append(line)
    return "\n".join(lines)


def _source_text(
    source: SourceRef, *, with_kind: bool = False, limit: int = FIELD_VALUE_LIMIT
) -> str:
    text = escape_markdown(source.describe(with_kind=with_kind))
    if source.document_title and source.document_title != source.title:
        text += f", as reported in ‘{escape_markdown(source.document_title)}’"
    url = source.url
    if url is None:
        return shorten(text, limit - len(" (no link known)")) + " (no link known)"
    if len(url) > limit - 20:
        # A link that cannot be shown whole is not shown at all: a cut URL is an invented one.
        return shorten(text, limit - 40) + " (link too long to show)"
    return shorten(text, limit - len(url) - 1) + "\n" + url


def _field(name: str, value: str, *, inline: bool = False) -> Embed:
    return {
        "name": shorten(name, FIELD_NAME_LIMIT),
        "value": shorten(value or "—", FIELD_VALUE_LIMIT),
        "inline": inline,
    }


# --- plain lines (help, source lists) ---------------------------------------------------


def _lines_embeds(lines: Sequence[str]) -> list[Embed]:
    if not lines:
        return []
    text = "\n".join(shorten(escape_markdown(line), EMBED_DESCRIPTION_LIMIT) for line in lines)
    return [
        {"type": "rich", "color": COLOUR_OK, "description": chunk}
        for chunk in split_text(text, EMBED_DESCRIPTION_LIMIT)
    ]


# --- packing into messages --------------------------------------------------------------


def embed_length(embed: Embed) -> int:
    """Characters Discord counts towards the 6000 limit: title, description, fields,
    footer text and author name."""
    return (
        len(embed.get("title", ""))
        + len(embed.get("description", ""))
        + sum(_field_length(f) for f in embed.get("fields", ()))
        + len(embed.get("footer", {}).get("text", ""))
        + len(embed.get("author", {}).get("name", ""))
    )


def _field_length(field_: Embed) -> int:
    return len(field_["name"]) + len(field_["value"])


def _pack(
    contents: list[str], embeds: list[tuple[Embed, tuple[int, ...]]], ephemeral: bool
) -> list[MessagePayload]:
    """Content chunks first (the last one shares its message with the first embeds), then
    as many embeds a message as fit in 10 embeds and 6000 characters."""
    groups: list[list[tuple[Embed, tuple[int, ...]]]] = []
    total = 0
    for embed, ids in embeds:
        size = embed_length(embed)
        if not groups or len(groups[-1]) == EMBEDS_PER_MESSAGE or total + size > EMBED_TOTAL_LIMIT:
            groups.append([])
            total = 0
        groups[-1].append((embed, ids))
        total += size
    messages = [MessagePayload(content=c, ephemeral=ephemeral) for c in contents[:-1]]
    first_group = groups.pop(0) if groups else []
    last_content = contents[-1] if contents and contents[-1] else None
    messages.append(_message(last_content, first_group, ephemeral))
    messages += [_message(None, group, ephemeral) for group in groups]
    return messages


def _message(
    content: str | None, group: list[tuple[Embed, tuple[int, ...]]], ephemeral: bool
) -> MessagePayload:
    return MessagePayload(
        content=content,
        embeds=tuple(e for e, _ in group),
        ephemeral=ephemeral,
        statement_ids=tuple(i for _, ids in group for i in ids),
    )


# --- text -------------------------------------------------------------------------------

_MARKDOWN = re.compile(r"([\\*_~`|\[\]])")


def escape_markdown(text: str) -> str:
    """Show the source's characters as written: *, _, ~, `, |, [ ] must not format text or
    build a masked link. Mentions are left alone: allowed_mentions stops them pinging."""
    return _MARKDOWN.sub(r"\\\1", text)
