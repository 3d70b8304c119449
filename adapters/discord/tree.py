"""discord.py's app-command tree, built from the command plan (itself built from the registry).

discord.py reads a command's options from its callback's signature; the registry is data, so
each callback is given a signature built from the spec's options (`__signature__`) plus the
attributes discord.py's own decorators set (`describe`, `rename`, `choices`, `autocomplete`).
Python parameter names are positional (`option_0`…) and renamed to the Discord names, so any
option name the plan accepts works.
"""

from __future__ import annotations

import inspect
import logging
import uuid
from collections.abc import Awaitable, Callable, Collection
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands

from adapters.discord.command_plan import (
    ADMIN_DESCRIPTION,
    ADMIN_GROUP,
    CommandPlan,
    GroupPlan,
    OptionPlan,
    TreePlan,
)
from adapters.discord.digest_now import posts_to_channel
from adapters.discord.permissions import AdminRequired, admin_check, context_for
from adapters.discord.replies import send_now
from adapters.discord.suggest import rank_names, suggest_names
from bot.app.dispatch import error_reply, internal_error_reply, record_refusal
from bot.core.errors import PermissionDenied

if TYPE_CHECKING:
    from adapters.discord.client import AttacheClient

log = logging.getLogger(__name__)

Suggester = Callable[[discord.Interaction, str], Awaitable[list[app_commands.Choice[str]]]]


class AttacheTree(app_commands.CommandTree):
    """The one place that catches errors raised while handling an app command."""

    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError, /
    ) -> None:
        refused = isinstance(error, AdminRequired)
        if refused:
            reply = error_reply(PermissionDenied(str(error)))
        else:
            name = interaction.command.qualified_name if interaction.command else "?"
            reference = uuid.uuid4().hex[:8]
            log.error("Discord command %s failed (reference %s)", name, reference, exc_info=error)
            # Past Core.handle (answering or posting): some of the work may have been done.
            reply = internal_error_reply(reference, rolled_back=False)
        try:
            await send_now(interaction, reply)
        except discord.HTTPException:
            log.exception("could not tell the user that %s failed", interaction.id)
        if refused:
            # After the reply (it has 3 s): the core never saw this refusal, so it is
            # audited here as Core.handle audits its own, a short write on the loop. Not
            # in a thread of its own: two refusals at once would then write at once, and
            # on a store with one shared connection (in-memory SQLite) one was lost.
            _audit_refusal(interaction)


def _audit_refusal(interaction: discord.Interaction) -> None:
    client: AttacheClient = interaction.client  # type: ignore[assignment]
    words = interaction.command.qualified_name.split() if interaction.command else []
    if words[:1] == [ADMIN_GROUP]:
        words = words[1:]
    record_refusal(
        client.core.services.store,
        context_for(interaction, ()),  # who asked; being refused, they are no admin
        words[0] if words else "?",
        " ".join(words) or "?",
    )


def build_tree(
    client: discord.Client, plan: TreePlan, admin_role_ids: Collection[int]
) -> AttacheTree:
    tree = AttacheTree(client)
    for command in plan.commands:
        tree.add_command(_command(command, admin_role_ids))
    if plan.admin:
        admin = app_commands.Group(
            name=ADMIN_GROUP,
            description=ADMIN_DESCRIPTION,
            default_permissions=discord.Permissions(manage_guild=True),
            # dm_permission (guild_only) is deprecated in favour of contexts; send both.
            guild_only=True,
            allowed_contexts=app_commands.AppCommandContext(guild=True),
        )
        for child in plan.admin:
            admin.add_command(_child(child, admin_role_ids))
        tree.add_command(admin)
    return tree


def _child(
    child: CommandPlan | GroupPlan, admin_role_ids: Collection[int]
) -> app_commands.Command[Any, ..., Any] | app_commands.Group:
    if isinstance(child, CommandPlan):
        return _command(child, admin_role_ids)
    group = app_commands.Group(name=child.name, description=child.description)
    for command in child.commands:
        group.add_command(_command(command, admin_role_ids))
    return group


def _command(
    plan: CommandPlan, admin_role_ids: Collection[int]
) -> app_commands.Command[Any, ..., Any]:
    python_names = {f"option_{n}": option.name for n, option in enumerate(plan.options)}

    async def callback(interaction: discord.Interaction, **values: Any) -> None:
        client: AttacheClient = interaction.client  # type: ignore[assignment]
        if posts_to_channel(plan):
            await client.post_digest_now(interaction)
            return
        options = plan.core_options({python_names[k]: v for k, v in values.items()})
        await client.run_command(interaction, plan.spec_name, options, private=plan.admin)

    parameters = [
        inspect.Parameter(
            "interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=discord.Interaction
        )
    ]
    descriptions: dict[str, str] = {}
    choices: dict[str, list[app_commands.Choice[Any]]] = {}
    suggesters: dict[str, Suggester] = {}
    for python_name, option in zip(python_names, plan.options, strict=True):
        annotation: Any = int if option.kind == "integer" else str
        if annotation is str and option.max_length is not None:
            annotation = app_commands.Range[str, None, option.max_length]
        parameters.append(
            inspect.Parameter(
                python_name,
                inspect.Parameter.POSITIONAL_OR_KEYWORD,
                annotation=annotation,
                default=inspect.Parameter.empty if option.required else None,
            )
        )
        descriptions[python_name] = option.description
        if option.choices:
            choices[python_name] = [app_commands.Choice(name=c, value=c) for c in option.choices]
        elif option.suggest and option.kind != "integer":
            suggesters[python_name] = _suggester(option)
    callback.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    # The attributes discord.py's @describe, @rename, @choices and @autocomplete set.
    callback.__discord_app_commands_param_description__ = descriptions  # type: ignore[attr-defined]
    callback.__discord_app_commands_param_rename__ = dict(python_names)  # type: ignore[attr-defined]
    callback.__discord_app_commands_param_choices__ = choices  # type: ignore[attr-defined]
    callback.__discord_app_commands_param_autocomplete__ = suggesters  # type: ignore[attr-defined]
    callback.__qualname__ = callback.__name__ = f"attache_{'_'.join(plan.path)}"

    command: app_commands.Command[Any, ..., Any] = app_commands.Command(
        name=plan.name, description=plan.description, callback=callback
    )
    if plan.admin:
        command.add_check(admin_check(admin_role_ids))
    return command


def _suggester(option: OptionPlan) -> Suggester:
    async def suggest(
        interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        if option.suggest == "choices":
            names = rank_names([(c, [], 0) for c in option.suggestions], current, 25)
        else:
            client: AttacheClient = interaction.client  # type: ignore[assignment]
            names = suggest_names(client.core.services.store, option.suggest or "", current)
        return [app_commands.Choice(name=n, value=n) for n in names]

    return suggest
