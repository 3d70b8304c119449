"""`settings`: this channel's settings — show (anyone); answers, allow, deny (admins).

A chat channel can make answers private by default (only the asker sees them) and limit the
commands it allows. `Core.handle` applies both (bot/app/channel_settings.py); `help` and
`settings` are always allowed, and the list binds admins too. Every change is one
transaction and audited. The terminal is no chat channel and has no settings.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.app.channel_settings import ALWAYS_ALLOWED, ChannelSettings, of_row
from bot.app.services import Services
from bot.commands.args import action_args
from bot.core.channels import ChannelKey
from bot.core.errors import InvalidInput
from bot.core.parse import Args
from bot.core.registry import ActionSpec, CommandSpec, Option, Registry
from bot.core.types import Command, Reply
from bot.store import repo

VISIBILITIES = ("public", "private")
ALL = "all"
MAX_NAMES_CHARS = 500
_NAME_SEPARATORS = re.compile(r"[\s,]+")
USAGE = (
    "settings | settings answers public|private | settings allow COMMAND… | "
    "settings allow all | settings deny COMMAND… | settings deny all"
)


async def show_action(command: Command, services: Services) -> Reply:
    key = ChannelKey.of(command.context)
    return _no_channel() if key is None else _show(services, key)


async def answers_action(command: Command, services: Services) -> Reply:
    key, args = _changing(command)
    value = args.options.get("visibility") or " ".join(args.words)
    return _answers(services, key, value, command.context.actor)


async def allow_action(command: Command, services: Services) -> Reply:
    key, args = _changing(command)
    names = _names(args.options.get("commands"), args.words, "allow")
    return _allow(services, key, names, command.context.actor)


async def deny_action(command: Command, services: Services) -> Reply:
    key, args = _changing(command)
    names = _names(args.options.get("commands"), args.words, "deny")
    return _deny(services, key, names, command.context.actor)


def _changing(command: Command) -> tuple[ChannelKey, Args]:
    """The channel a change applies to, and the action's words and options."""
    action = command.option("action")
    key = ChannelKey.of(command.context)
    if key is None:
        raise InvalidInput(
            "settings belong to a chat channel (Discord or Slack); use settings "
            f"{action} in the channel it should apply to"
        )
    key.check_length()
    return key, action_args(command)


def _no_channel() -> Reply:
    return Reply(
        title="Settings are per chat channel; the terminal has none.",
        lines=(
            "Here every command is allowed and answers are shown to you.",
            f"In a Discord or Slack channel: {USAGE}.",
        ),
        ephemeral=True,
    )


def _show(services: Services, key: ChannelKey) -> Reply:
    with services.store.reading() as session:
        row = repo.channel_setting(session, key.platform, key.workspace, key.channel)
        channel = of_row(row)
        changed = (row.updated_by, row.updated_at) if row is not None else None
    lines = [_answers_line(channel), _allowed_line(channel)]
    if changed is not None:
        lines.append(f"Last changed by {changed[0]} at {changed[1]:%Y-%m-%d %H:%M} UTC.")
    lines.append(f"Admins change them with: {USAGE}.")
    return Reply(title="Settings for this channel", lines=tuple(lines), ephemeral=True)


def _answers_line(channel: ChannelSettings) -> str:
    if channel.answers_private:
        return "Answers: private — only the person who asked sees them."
    return "Answers: public — everyone in the channel sees them (the default)."


def _allowed_line(channel: ChannelSettings) -> str:
    if channel.allowed is None:
        return "Allowed commands: all (the default)."
    return (
        f"Allowed commands: {', '.join(channel.allowed_names())} "
        f"({' and '.join(ALWAYS_ALLOWED)} are always allowed)."
    )


def _answers(services: Services, key: ChannelKey, value: str, actor: str) -> Reply:
    visibility = value.strip().lower()
    if visibility not in VISIBILITIES:
        got = f"; got “{value.strip()}”" if value.strip() else ""
        raise InvalidInput(
            f"settings answers takes public (everyone sees answers) or private (only the "
            f"asker does){got}"
        )
    private = visibility == "private"
    _save(services, key, actor, answers_private=private)
    return Reply(
        title=f"Answers in this channel are now {visibility}.",
        lines=(_answers_line(ChannelSettings(answers_private=private)),),
        ephemeral=True,
    )


def _names(option: str | None, words: tuple[str, ...], action: str) -> list[str]:
    """Command names from the native option or the typed words: lower case, in order, once
    each; "/ask" counts as "ask"."""
    raw = option if option is not None else " ".join(words)
    if len(raw) > MAX_NAMES_CHARS:
        raise InvalidInput(
            f"the command names are {len(raw)} characters long; the limit is {MAX_NAMES_CHARS}"
        )
    names = [n.lstrip("/").lower() for n in _NAME_SEPARATORS.split(raw) if n.strip("/")]
    if not names:
        example = "ask statements" if action == "allow" else "review sources"
        raise InvalidInput(
            f"settings {action} needs command names, e.g. settings {action} {example}"
            + (", or settings allow all" if action == "allow" else "")
        )
    return list(dict.fromkeys(names))


def _check_known(names: list[str], registry: Registry) -> None:
    unknown = [n for n in names if n not in registry]
    if unknown:
        known = ", ".join(sorted(spec.name for spec in registry))
        raise InvalidInput(f"unknown command “{'”, “'.join(unknown)}”; commands are: {known}")


def _allow(services: Services, key: ChannelKey, names: list[str], actor: str) -> Reply:
    if ALL in names:
        if names != [ALL]:
            raise InvalidInput("settings allow all allows every command; give “all” alone")
        _save(services, key, actor, allowed_commands=None)
        return Reply(title="Every command is now allowed in this channel.", ephemeral=True)
    _check_known(names, services.registry)
    added = {n for n in names if n not in ALWAYS_ALLOWED}

    # From "every command", the first allow starts a list: only these (and help, settings).
    def allowed(current: frozenset[str] | None) -> set[str]:
        return added | (current or set())

    before, now = _change_allowed(services, key, actor, allowed)
    lines = [_allowed_line(now)]
    if before is None:
        lines.append("Every other command is now refused here; settings allow all undoes that.")
    return Reply(
        title="Allowed commands for this channel updated.", lines=tuple(lines), ephemeral=True
    )


def _deny(services: Services, key: ChannelKey, names: list[str], actor: str) -> Reply:
    kept = [n for n in names if n in ALWAYS_ALLOWED]
    if kept:
        raise InvalidInput(
            f"“{'”, “'.join(kept)}” cannot be denied: {' and '.join(ALWAYS_ALLOWED)} are always "
            "allowed, so anyone can see what a channel allows and an admin can change it"
        )
    everything = {spec.name for spec in services.registry} - set(ALWAYS_ALLOWED)
    if ALL in names:
        if names != [ALL]:
            raise InvalidInput(
                "settings deny all denies every command but help and settings; give “all” alone"
            )
        denied = everything
    else:
        _check_known(names, services.registry)
        denied = set(names)

    # From "every command", deny keeps every command registered now except the denied ones.
    def allowed(current: frozenset[str] | None) -> set[str]:
        return (everything if current is None else set(current)) - denied

    _, now = _change_allowed(services, key, actor, allowed)
    return Reply(
        title="Allowed commands for this channel updated.",
        lines=(_allowed_line(now),),
        ephemeral=True,
    )


def _change_allowed(
    services: Services,
    key: ChannelKey,
    actor: str,
    change: Callable[[frozenset[str] | None], set[str]],
) -> tuple[frozenset[str] | None, ChannelSettings]:
    """Apply `change` to the channel's allowed commands as stored (read under the row's lock,
    so two admins' changes both count): the list before, and the settings after."""
    with services.store.transaction() as session:
        row = repo.locked_channel_setting(session, key.platform, key.workspace, key.channel, actor)
        before = None if row.allowed_commands is None else frozenset(row.allowed_commands)
        allowed = sorted(change(before))
        repo.change_channel_setting(session, row, actor, allowed_commands=allowed)
        private = bool(row.answers_private)
    return before, ChannelSettings(private, frozenset(allowed))


def _save(services: Services, key: ChannelKey, actor: str, **changes: object) -> None:
    with services.store.transaction() as session:
        repo.update_channel_setting(
            session, key.platform, key.workspace, key.channel, actor, **changes
        )


SPECS = [
    CommandSpec(
        name="settings",
        summary="This channel's settings: private answers, allowed commands",
        usage=USAGE,
        help=(
            "Shows whether answers in this channel are public or private (only the asker sees "
            "them) and which commands the channel allows; admins change them. allow adds "
            "commands (the first allow in a channel that allows everything allows only those); "
            "deny removes them; allow all lifts the limit. help and settings are always "
            "allowed, and the limit applies to admins too."
        ),
        handler=None,
        options=(
            Option(
                "action",
                "show, answers, allow or deny",
                choices=("show", "answers", "allow", "deny"),
            ),
        ),
        actions=(
            ActionSpec(
                "show",
                "Show whether answers here are private and which commands are allowed",
                "settings",
                show_action,
            ),
            ActionSpec(
                "answers",
                "Make answers in this channel public (everyone) or private (only the asker)",
                "settings answers public|private",
                answers_action,
                admin=True,
                options=(
                    Option(
                        "visibility",
                        "public (everyone sees answers) or private (only the asker)",
                        choices=VISIBILITIES,
                        required=True,
                    ),
                ),
            ),
            ActionSpec(
                "allow",
                "Allow commands in this channel (the first allow allows only those), or all",
                "settings allow COMMAND… | settings allow all",
                allow_action,
                admin=True,
                options=(
                    Option(
                        "commands",
                        "command names separated by spaces, or all",
                        required=True,
                        max_length=MAX_NAMES_CHARS,
                    ),
                ),
            ),
            ActionSpec(
                "deny",
                "Refuse commands in this channel; help and settings are always allowed",
                "settings deny COMMAND… | settings deny all",
                deny_action,
                admin=True,
                options=(
                    Option(
                        "commands",
                        "command names separated by spaces",
                        required=True,
                        max_length=MAX_NAMES_CHARS,
                    ),
                ),
            ),
        ),
        examples=(
            "settings",
            "settings answers private",
            "settings allow ask statements",
            "settings deny review sources",
            "settings allow all",
        ),
    )
]
