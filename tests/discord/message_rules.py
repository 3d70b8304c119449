"""Discord's documented limits on a message, checked as Discord checks them, with errors in
Discord's nested "Invalid Form Body" shape.

The limits, from https://discord.com/developers/docs/resources/message#create-message and
https://discord.com/developers/docs/resources/message#embed-object-embed-limits: content
at most 2000 characters; at most 10 embeds; an embed's title 256, description 4096, at most
25 fields, a field's name 256 and value 1024 (both required), footer text 2048, author name
256, and at most 6000 characters across the title, description, field names and values,
footer text and author name of all the message's embeds. Embed and link urls are web links
(Discord answers "Not a well formed URL." otherwise).

Components, from https://discord.com/developers/docs/components/reference: at most 5 action
rows; a row holds 1-5 buttons or one select menu; a button label is at most 80 characters;
a custom_id is 1-100 characters and unique within the message; a link button (style 5) has
a url and no custom_id, every other button a custom_id and no url.

allowed_mentions (https://discord.com/developers/docs/resources/message#allowed-mentions-
object): `parse` holds only "roles", "users", "everyone"; `users` and `roles` hold at most
100 ids each, and may not be given while `parse` holds the same kind.

Creating a message needs at least one of content, embeds, components, attachments/files,
sticker_ids or a poll; Discord answers 50006 "Cannot send an empty message" otherwise
(https://discord.com/developers/docs/topics/opcodes-and-status-codes#json).

Violations are answered with 400 and code 50035; `errors` nests by field path down to an
`_errors` list, e.g. {"embeds": {"0": {"description": {"_errors": [{"code":
"BASE_TYPE_MAX_LENGTH", "message": "Must be 4096 or fewer in length."}]}}}}.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

CONTENT = 2000
EMBEDS = 10
TITLE = 256
DESCRIPTION = 4096
FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER = 2048
AUTHOR = 256
EMBED_TOTAL = 6000
ACTION_ROWS = 5
BUTTONS_PER_ROW = 5
LABEL = 80
CUSTOM_ID = 100
URL = 2048
MENTION_IDS = 100

ACTION_ROW, BUTTON = 1, 2
SELECTS = {3, 5, 6, 7, 8}
LINK_STYLE, PREMIUM_STYLE = 5, 6
COMPONENTS_V2 = 1 << 15  # message flag: a different layout system, not checked here
MENTION_KINDS = {"roles", "users", "everyone"}

Path = tuple[str | int, ...]


class FormErrors:
    """Discord's nested `errors` object, built one field path at a time."""

    def __init__(self) -> None:
        self.tree: dict[str, Any] = {}

    def add(self, path: Path, code: str, message: str) -> None:
        node = self.tree
        for key in path:
            node = node.setdefault(str(key), {})
        node.setdefault("_errors", []).append({"code": code, "message": message})

    def __bool__(self) -> bool:
        return bool(self.tree)


def message_errors(body: Any, *, creating: bool, at: Path = ()) -> dict[str, Any]:
    """The `errors` of Discord's 50035 answer for one message body (empty when valid).
    `at` nests them (a callback's message sits under "data")."""
    errors = FormErrors()
    if not isinstance(body, Mapping):
        errors.add(at, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType")
        return errors.tree
    content = body.get("content")
    if content is not None:
        if not isinstance(content, str):
            errors.add((*at, "content"), "BASE_TYPE_STRING", "Could not interpret as string.")
        elif len(content) > CONTENT:
            errors.add((*at, "content"), *_max_length(CONTENT))
    _check_embeds(errors, body.get("embeds"), (*at, "embeds"))
    if not int(body.get("flags") or 0) & COMPONENTS_V2:
        _check_components(errors, body.get("components"), (*at, "components"))
    _check_allowed_mentions(errors, body.get("allowed_mentions"), (*at, "allowed_mentions"))
    return errors.tree


def is_empty(message: Mapping[str, Any]) -> bool:
    """Nothing a user would see: no content, embeds, components, files, stickers or poll."""
    shown = ("content", "embeds", "components", "attachments", "sticker_ids", "poll")
    return not any(message.get(key) for key in shown)


def flatten(errors: Mapping[str, Any], at: str = "") -> Iterator[str]:
    """ "embeds.0.description: Must be 4096 or fewer in length." for each error, for reading."""
    for key, value in errors.items():
        if key == "_errors":
            for error in value:
                yield f"{at or '(body)'}: {error['message']}"
        else:
            yield from flatten(value, f"{at}.{key}" if at else key)


def _max_length(limit: int) -> tuple[str, str]:
    return "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length."


def _bad_length(low: int, high: int) -> tuple[str, str]:
    return "BASE_TYPE_BAD_LENGTH", f"Must be between {low} and {high} in length."


REQUIRED = ("BASE_TYPE_REQUIRED", "This field is required")


def _check_embeds(errors: FormErrors, embeds: Any, at: Path) -> None:
    if embeds is None:
        return
    if not isinstance(embeds, list):
        errors.add(at, "LIST_TYPE_CONVERT", "Only iterables may be used in a ListType")
        return
    if len(embeds) > EMBEDS:
        errors.add(at, *_max_length(EMBEDS))
    total = 0
    for n, embed in enumerate(embeds):
        if not isinstance(embed, Mapping):
            errors.add((*at, n), "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType")
            continue
        total += _check_embed(errors, embed, (*at, n))
    if total > EMBED_TOTAL:
        errors.add(
            at, "MAX_EMBED_SIZE_EXCEEDED", f"Embed size exceeds maximum size of {EMBED_TOTAL}"
        )


def _check_embed(errors: FormErrors, embed: Mapping[str, Any], at: Path) -> int:
    """Checks one embed; its characters that count towards the 6000 of the message."""
    counted = 0
    for key, limit in (("title", TITLE), ("description", DESCRIPTION)):
        text = embed.get(key) or ""
        counted += len(text)
        if len(text) > limit:
            errors.add((*at, key), *_max_length(limit))
    for key, name_key, limit in (("footer", "text", FOOTER), ("author", "name", AUTHOR)):
        part = embed.get(key)
        if part is None:
            continue
        text = part.get(name_key) or ""
        counted += len(text)
        if not text:
            errors.add((*at, key, name_key), *REQUIRED)
        elif len(text) > limit:
            errors.add((*at, key, name_key), *_max_length(limit))
    fields = embed.get("fields") or []
    if len(fields) > FIELDS:
        errors.add((*at, "fields"), *_max_length(FIELDS))
    for n, embed_field in enumerate(fields):
        for key, limit in (("name", FIELD_NAME), ("value", FIELD_VALUE)):
            text = embed_field.get(key) or ""
            counted += len(text)
            if not text:
                errors.add((*at, "fields", n, key), *REQUIRED)
            elif len(text) > limit:
                errors.add((*at, "fields", n, key), *_max_length(limit))
    for path in (("url",), ("author", "url")):
        value: Any = embed
        for key in path:
            value = value.get(key) if isinstance(value, Mapping) else None
        if value is not None and not _web_link(value):
            errors.add((*at, *path), "URL_TYPE_INVALID_URL", "Not a well formed URL.")
    return counted


def _web_link(url: Any) -> bool:
    return (
        isinstance(url, str)
        and url.startswith(("https://", "http://"))
        and len(url) <= URL
        and not any(ch.isspace() for ch in url)
        and len(url.split("://", 1)[1]) > 0
    )


def _check_components(errors: FormErrors, rows: Any, at: Path) -> None:
    if not rows:
        return
    if len(rows) > ACTION_ROWS:
        errors.add(at, *_max_length(ACTION_ROWS))
    seen: set[str] = set()
    for n, row in enumerate(rows):
        if row.get("type") != ACTION_ROW:
            errors.add((*at, n, "type"), "UNION_TYPE_CHOICES", "Value must be an action row.")
            continue
        children = row.get("components") or []
        if not 1 <= len(children) <= BUTTONS_PER_ROW:
            errors.add((*at, n, "components"), *_bad_length(1, BUTTONS_PER_ROW))
        if any(c.get("type") in SELECTS for c in children) and len(children) > 1:
            errors.add(
                (*at, n, "components"),
                "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
                "The specified component exceeds the maximum width",
            )
        for m, child in enumerate(children):
            where = (*at, n, "components", m)
            if child.get("type") == BUTTON:
                _check_button(errors, child, where)
            _check_custom_id(errors, child, where, seen)


def _check_button(errors: FormErrors, button: Mapping[str, Any], at: Path) -> None:
    label = button.get("label")
    if label is not None and len(label) > LABEL:
        errors.add((*at, "label"), *_max_length(LABEL))
    style = button.get("style")
    if style == LINK_STYLE:
        if not button.get("url"):
            errors.add((*at, "url"), "BUTTON_COMPONENT_URL_REQUIRED", "A url is required")
        elif not _web_link(button["url"]) and not str(button["url"]).startswith("discord://"):
            errors.add((*at, "url"), "URL_TYPE_INVALID_URL", "Not a well formed URL.")
        if "custom_id" in button:
            errors.add(
                (*at, "custom_id"),
                "BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED",
                "A custom id may not be specified for a link button",
            )
    elif style != PREMIUM_STYLE:
        if "custom_id" not in button:
            errors.add(
                (*at, "custom_id"), "BUTTON_COMPONENT_CUSTOM_ID_REQUIRED", "A custom id is required"
            )
        if "url" in button:
            errors.add(
                (*at, "url"),
                "BUTTON_COMPONENT_URL_NOT_ALLOWED",
                "A url may only be specified for a link button",
            )


def _check_custom_id(
    errors: FormErrors, component: Mapping[str, Any], at: Path, seen: set[str]
) -> None:
    if "custom_id" not in component:
        return
    custom_id = component["custom_id"]
    if not isinstance(custom_id, str) or not 1 <= len(custom_id) <= CUSTOM_ID:
        errors.add((*at, "custom_id"), *_bad_length(1, CUSTOM_ID))
    elif custom_id in seen:
        errors.add(
            (*at, "custom_id"),
            "COMPONENT_CUSTOM_ID_DUPLICATED",
            "Component custom id cannot be duplicated",
        )
    seen.add(str(custom_id))


def _check_allowed_mentions(errors: FormErrors, mentions: Any, at: Path) -> None:
    if mentions is None:
        return
    if not isinstance(mentions, Mapping):
        errors.add(at, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType")
        return
    parse = mentions.get("parse") or []
    for n, kind in enumerate(parse):
        if kind not in MENTION_KINDS:
            errors.add(
                (*at, "parse", n),
                "ENUM_TYPE_COERCE",
                f'Value "{kind}" is not a valid enum value; one of {sorted(MENTION_KINDS)}.',
            )
    for kind in ("users", "roles"):
        ids = mentions.get(kind)
        if ids is None:
            continue
        if len(ids) > MENTION_IDS:
            errors.add((*at, kind), *_max_length(MENTION_IDS))
        if not all(str(i).isdigit() for i in ids):
            errors.add((*at, kind), "NUMBER_TYPE_COERCE", "Value is not snowflake.")
        if ids and kind in parse:
            errors.add(
                at,
                "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
                f'parse:["{kind}"] and {kind}: [ids...] are mutually exclusive.',
            )
    replied = mentions.get("replied_user")
    if replied is not None and not isinstance(replied, bool):
        errors.add((*at, "replied_user"), "BASE_TYPE_BOOLEAN", "Must be either true or false.")
