"""A chat channel's settings as the core applies them: private answers, allowed commands.

Stored by the `settings` command (bot/commands/settings.py) in `channel_setting`; read by
`Core.handle` once per command and by adapters that must know, before deferring, whether an
answer will be private (`Core.answers_private`).

Decision: the allowed commands bind admins too. The list says what a channel is for, and
`help` and `settings` are always allowed, so anyone can see what a channel allows and an
admin can always change it.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.channels import ChannelKey
from bot.core.errors import NotAllowedHere
from bot.core.syntax import CONSOLE, CommandSyntax
from bot.core.types import Context
from bot.store import repo
from bot.store.models import ChannelSetting
from bot.store.store import Store

# Never refused anywhere: without them nobody could find out, or change, what is allowed.
ALWAYS_ALLOWED = ("help", "settings")


@dataclass(frozen=True)
class ChannelSettings:
    answers_private: bool = False
    allowed: frozenset[str] | None = None  # None: every command

    def allows(self, name: str) -> bool:
        return name in ALWAYS_ALLOWED or self.allowed is None or name in self.allowed

    def allowed_names(self) -> tuple[str, ...]:
        """Every command allowed here, `help` and `settings` included (the list is set)."""
        return tuple(sorted({*(self.allowed or ()), *ALWAYS_ALLOWED}))

    def refuse(self, name: str, syntax: CommandSyntax = CONSOLE) -> None:
        """Raise the private refusal for a command this channel does not allow; the way to
        change it is written as it is typed where the user is (`syntax`)."""
        if self.allows(name):
            return
        raise NotAllowedHere(
            f"“{name}” is not allowed in this channel; allowed here: "
            f"{', '.join(self.allowed_names())}. An admin can change that with "
            f"{syntax.example(f'settings allow {name}')}."
        )


DEFAULTS = ChannelSettings()


def read(store: Store, context: Context) -> ChannelSettings:
    """The settings of the channel `context` names (the defaults where none are stored)."""
    key = ChannelKey.of(context)
    if key is None or not key.fits:
        return DEFAULTS
    with store.reading() as session:
        return of_row(repo.channel_setting(session, key.platform, key.workspace, key.channel))


def of_row(row: ChannelSetting | None) -> ChannelSettings:
    """The settings a stored row holds (the defaults without one)."""
    if row is None:
        return DEFAULTS
    allowed = None if row.allowed_commands is None else frozenset(row.allowed_commands)
    return ChannelSettings(answers_private=bool(row.answers_private), allowed=allowed)
