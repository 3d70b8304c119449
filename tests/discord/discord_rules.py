"""Discord's published rules for application commands, checked independently of the adapter.

From https://discord.com/developers/docs/interactions/application-commands: names match
`^[-_\\p{L}\\p{N}\\p{sc=Deva}\\p{sc=Thai}]{1,32}$` and are lower case for chat-input
commands; descriptions are 1-100 characters; at most 25 options and 25 choices; choice
names 1-100 and string values at most 100; required options come before optional ones;
a command's options are either all subcommands/groups or none; a group holds only
subcommands; a subcommand holds no subcommands; options cannot have both choices and
autocomplete; names are unique per level; name, description and values together stay
within 8000 characters per command; at most 100 chat-input commands.

Discord refuses a bulk overwrite that breaks any of them with 400 and code 50035 ("Invalid
Form Body"), its `errors` keyed by the index of the offending command (`command_errors`).
"""

from __future__ import annotations

import unicodedata
from typing import Any

SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2
CHAT_INPUT = 1


def command_problems(commands: list[dict[str, Any]]) -> list[str]:
    problems: list[str] = []
    chat_input = [c for c in commands if c.get("type", CHAT_INPUT) == CHAT_INPUT]
    if len(chat_input) > 100:
        problems.append(f"{len(chat_input)} chat-input commands (at most 100)")
    problems += _unique([c["name"] for c in chat_input], "top level")
    for command in chat_input:
        where = command["name"]
        problems += _named(command, where)
        permissions = command.get("default_member_permissions")
        if permissions is not None and not str(permissions).isdigit():
            problems.append(f"{where}: default_member_permissions {permissions!r} not a number")
        problems += _options(command.get("options") or [], where, depth=0)
        if _size(command) > 8000:
            problems.append(f"{where}: {_size(command)} characters in all (at most 8000)")
    return problems


def command_errors(commands: Any) -> dict[str, Any]:
    """Discord's nested `errors` for a bulk overwrite (empty when every rule holds): each
    problem under the index of the command it names, the rest at the top."""
    if not isinstance(commands, list) or not all(isinstance(c, dict) for c in commands):
        return {"_errors": [_error("A list of command objects is required")]}
    try:
        problems = command_problems(commands)
    except (KeyError, TypeError, AttributeError) as missing:
        problems = [f"a command or option lacks a required field ({missing})"]
    index = {c.get("name"): n for n, c in enumerate(commands)}
    errors: dict[str, Any] = {}
    for problem in problems:
        where = problem.split(":", 1)[0].split(" ", 1)[0]
        node = errors.setdefault(str(index[where]), {}) if where in index else errors
        node.setdefault("_errors", []).append(_error(problem))
    return errors


def _error(message: str) -> dict[str, str]:
    return {"code": "APPLICATION_COMMAND_INVALID", "message": message}


def _options(options: list[dict[str, Any]], where: str, depth: int) -> list[str]:
    problems = []
    if len(options) > 25:
        problems.append(f"{where}: {len(options)} options (at most 25)")
    problems += _unique([o["name"] for o in options], where)
    kinds = {o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP) for o in options}
    if len(kinds) > 1:
        problems.append(f"{where}: subcommands mixed with plain options")
    seen_optional = False
    for option in options:
        at = f"{where} {option['name']}"
        problems += _named(option, at)
        kind = option["type"]
        if kind == SUB_COMMAND_GROUP:
            if depth > 0:
                problems.append(f"{at}: a group nested in a group or subcommand")
            children = option.get("options") or []
            if any(c["type"] != SUB_COMMAND for c in children):
                problems.append(f"{at}: a group may hold only subcommands")
            problems += _options(children, at, depth + 1)
        elif kind == SUB_COMMAND:
            children = option.get("options") or []
            if any(c["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP) for c in children):
                problems.append(f"{at}: a subcommand may not hold subcommands")
            problems += _options(children, at, depth + 1)
        else:
            if option.get("required"):
                if seen_optional:
                    problems.append(f"{at}: required option after an optional one")
            else:
                seen_optional = True
            problems += _choices(option, at)
    return problems


def _choices(option: dict[str, Any], at: str) -> list[str]:
    problems = []
    choices = option.get("choices") or []
    if len(choices) > 25:
        problems.append(f"{at}: {len(choices)} choices (at most 25)")
    if choices and option.get("autocomplete"):
        problems.append(f"{at}: both choices and autocomplete")
    for choice in choices:
        if not 1 <= len(choice["name"]) <= 100:
            problems.append(f"{at}: choice name {choice['name']!r} not 1-100 characters")
        if isinstance(choice["value"], str) and len(choice["value"]) > 100:
            problems.append(f"{at}: choice value over 100 characters")
    return problems


def _named(thing: dict[str, Any], where: str) -> list[str]:
    problems = []
    name = thing["name"]
    if not valid_name(name):
        problems.append(f"{where}: name {name!r} breaks ^[-_\\p{{L}}\\p{{N}}]{{1,32}}$")
    if name != name.lower():
        problems.append(f"{where}: name {name!r} is not lower case")
    description = thing.get("description", "")
    if not 1 <= len(description) <= 100:
        problems.append(f"{where}: description of {len(description)} characters (1-100)")
    return problems


def valid_name(name: str) -> bool:
    """Letters (\\p{L}) and numbers (\\p{N}) by Unicode category, "-" and "_"; 1 to 32."""
    return 1 <= len(name) <= 32 and all(
        ch in "-_" or unicodedata.category(ch)[0] in "LN" for ch in name
    )


def _unique(names: list[str], where: str) -> list[str]:
    dupes = sorted({n for n in names if names.count(n) > 1})
    return [f"{where}: name {n!r} used twice" for n in dupes]


def _size(thing: dict[str, Any]) -> int:
    total = len(thing.get("name", "")) + len(thing.get("description", ""))
    for choice in thing.get("choices") or []:
        total += len(choice["name"]) + len(str(choice["value"]))
    return total + sum(_size(o) for o in thing.get("options") or [])
