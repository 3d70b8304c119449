"""`Core.handle`: the one entry point, and the one place that turns errors into replies."""

from __future__ import annotations

import logging
import uuid
from dataclasses import replace

from bot.core.channel_settings import ChannelSettings
from bot.core.errors import AdminOnly, AttacheError
from bot.core.registry import CommandSpec, Registry
from bot.core.services import Services
from bot.core.types import Command, Context, Reply
from bot.core.workers import WorkerPool
from bot.store.store import Store

log = logging.getLogger(__name__)


def error_reply(error: AttacheError) -> Reply:
    return Reply(title=error.message, status="error", error_code=error.code, ephemeral=True)


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
            if spec.admin and not command.context.is_admin:
                raise AdminOnly(
                    f"“{spec.name}” is for admins only; ask someone with the admin permission "
                    "on this server or workspace.",
                    action=spec.name,
                )
            # Off the event loop, in the bounded pool; raises Busy at once when it is full.
            return await self.pool.run(self._run_handler, spec, command)
        except AttacheError as error:
            if isinstance(error, AdminOnly):
                self._record_refusal(command, error)
            return error_reply(error)
        except Exception:
            reference = uuid.uuid4().hex[:8]
            log.exception("command %s failed (reference %s)", command.name, reference)
            return Reply(
                title=f"Something went wrong on our side (reference {reference}); "
                "nothing was changed. The error has been logged.",
                status="error",
                error_code="internal",
                ephemeral=True,
            )

    def _record_refusal(self, command: Command, error: AdminOnly) -> None:
        """Audit and log an admin command or action refused to a non-admin (the command's
        admin flag here, or a handler's require_admin). A short write, so it runs where the
        refusal is caught; if it fails the refusal still stands and the failure is logged."""
        actor = command.context.actor
        log.warning("refused %s to %s: not an admin", error.action, actor)
        try:
            from bot.store import repo

            with self.services.store.transaction() as session:
                repo.audit_refusal(session, actor, command.name, error.action)
        except Exception:
            log.exception("could not audit the refusal of %s to %s", error.action, actor)

    async def _run_handler(self, spec: CommandSpec, command: Command) -> Reply:
        """The channel's settings, then the handler: all of a command's database work."""
        channel = self.services.channel_settings(command.context)
        channel.refuse(spec.name, command.syntax)  # the channel's allowed commands
        reply = await spec.handler(command, self.services)
        return private_where_asked(reply, channel)

    def answers_private(self, context: Context) -> bool:
        """Whether this channel's answers are private (adapters ask before deferring)."""
        return self.services.answers_private(context)
