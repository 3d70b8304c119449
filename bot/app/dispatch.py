"""`Core.handle`: the one entry point, and the one place that turns errors into replies."""

from __future__ import annotations

import logging
import uuid
from dataclasses import replace
from types import MappingProxyType

from bot.app.channel_settings import ChannelSettings
from bot.app.services import Services
from bot.app.workers import WorkerPool
from bot.core.errors import INTERNAL, AdminOnly, AttacheError, InvalidInput
from bot.core.parse import split_action
from bot.core.registry import ACTION, ActionSpec, CommandSpec, Handler, Registry
from bot.core.types import Command, Context, Reply
from bot.store.store import Store

log = logging.getLogger(__name__)


def error_reply(error: AttacheError) -> Reply:
    """The reply for an error the user can act on: its message, shown to them alone."""
    return Reply(title=error.message, status="error", error_code=error.code, ephemeral=True)


def internal_error_reply(reference: str, *, rolled_back: bool = True) -> Reply:
    """The reply for a failure of ours: nothing of it is shown; the log has it under
    `reference`, which the user can quote. `rolled_back`: the failure undid the command's
    work (a handler's transaction), so the reply can say nothing was changed."""
    undone = "; nothing was changed" if rolled_back else ""
    return Reply(
        title=f"Something went wrong on our side (reference {reference}){undone}. "
        "The error has been logged.",
        status="error",
        error_code=INTERNAL,
        ephemeral=True,
    )


def with_action(spec: CommandSpec, command: Command) -> tuple[ActionSpec | None, Command]:
    """The action a command asks for, and the command as its handler reads it: the action's
    word taken out of the text and its name in options["action"]. No action for a command
    without actions; an unknown one is refused, naming the known ones."""
    if not spec.actions:
        return None, command
    names = tuple(a.name for a in spec.actions)
    name, text = split_action(command.text, command.options, names, default=names[0])
    action = spec.action(name)
    if action is None:
        raise InvalidInput(f"unknown {spec.name} action “{name}”; use one of: {', '.join(names)}")
    options = MappingProxyType({**command.options, ACTION: name})
    return action, replace(command, text=text, options=options)


def check_admin(spec: CommandSpec, action: ActionSpec | None, context: Context) -> None:
    """Refuse a non-admin an admin command or action; `Core.handle` audits the refusal."""
    if context.is_admin:
        return
    if spec.admin:
        raise AdminOnly(
            f"“{spec.name}” is for admins only; ask someone with the admin permission "
            "on this server or workspace.",
            action=spec.name,
        )
    if action is not None and action.admin:
        asked = f"{spec.name} {action.name}"
        raise AdminOnly(
            f"{asked} is for admins only; ask someone with the admin permission on this "
            "server or workspace.",
            action=asked,
        )


def record_refusal(store: Store, context: Context, command: str, asked: str) -> None:
    """Audit and log an admin command or action refused to a non-admin: by `Core.handle`,
    or by an adapter that turns one away before the core (Discord's `/admin` check). If the
    write fails the refusal still stands and the failure is logged."""
    actor = context.actor
    log.warning("refused %s to %s: not an admin", asked, actor)
    try:
        from bot.store import repo

        with store.transaction() as session:
            repo.audit_refusal(session, actor, command, asked)
    except Exception:
        log.exception("could not audit the refusal of %s to %s", asked, actor)


def private_where_asked(reply: Reply, channel: ChannelSettings) -> Reply:
    """A channel whose answers are private gets every reply privately (errors already are),
    except one meant for the channel itself (a digest posted by `schedule now`)."""
    if channel.answers_private and not reply.ephemeral and not reply.to_channel:
        return replace(reply, ephemeral=True)
    return reply


class Core:
    def __init__(
        self, store: Store, registry: Registry | None = None, *, pool: WorkerPool | None = None
    ) -> None:
        if registry is None:
            from bot.commands import build_registry

            registry = build_registry()
        self.registry = registry
        self.services = Services(store=store, registry=registry)
        # Where handlers run: worker threads off the event loop, or inline (see workers.py).
        self.pool = pool if pool is not None else WorkerPool.for_store(store)

    async def handle(self, command: Command) -> Reply:
        try:
            spec = self.registry.get(command.name)
            action, command = with_action(spec, command)
            check_admin(spec, action, command.context)
            handler = action.handler if action is not None and action.handler else spec.handler
            assert handler is not None  # the registry refuses a command nothing handles
            # Off the event loop, in the bounded pool; raises Busy at once when it is full.
            return await self.pool.run(self._run_handler, spec, handler, command)
        except AttacheError as error:
            if isinstance(error, AdminOnly):
                self._record_refusal(command, error)
            return error_reply(error)
        except Exception:
            reference = uuid.uuid4().hex[:8]
            log.exception("command %s failed (reference %s)", command.name, reference)
            return internal_error_reply(reference)

    def _record_refusal(self, command: Command, error: AdminOnly) -> None:
        """A refusal `check_admin` made (the command's or action's admin flag): audited and
        logged where it is caught, a short write."""
        record_refusal(self.services.store, command.context, command.name, error.action)

    async def _run_handler(self, spec: CommandSpec, handler: Handler, command: Command) -> Reply:
        """The channel's settings, then the handler: all of a command's database work."""
        channel = self.services.channel_settings(command.context)
        channel.refuse(spec.name, command.syntax)  # the channel's allowed commands
        reply = await handler(command, self.services)
        return private_where_asked(reply, channel)

    def answers_private(self, context: Context) -> bool:
        """Whether this channel's answers are private (adapters ask before deferring)."""
        return self.services.answers_private(context)
