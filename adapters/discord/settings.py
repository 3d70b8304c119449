"""The Discord adapter's settings, read from the environment (tokens never from files).

Pure: no discord.py import, so `attache serve` can name every missing or malformed setting
before anything connects.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

TOKEN = "DISCORD_TOKEN"
GUILD_ID = "DISCORD_GUILD_ID"
SHARD_IDS = "DISCORD_SHARD_IDS"
SHARD_COUNT = "DISCORD_SHARD_COUNT"
ADMIN_ROLE_IDS = "ATTACHE_DISCORD_ADMIN_ROLE_IDS"


@dataclass(frozen=True)
class DiscordSettings:
    # repr=False: a settings object printed in a log or a traceback must not leak the token.
    token: str = field(repr=False)
    guild_id: int | None = None
    shard_ids: tuple[int, ...] | None = None
    shard_count: int | None = None
    admin_role_ids: frozenset[int] = frozenset()

    @property
    def syncs_commands(self) -> bool:
        """Only the process holding shard 0 (or all shards) syncs, so N processes sync once."""
        return self.shard_ids is None or 0 in self.shard_ids

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> DiscordSettings:
        problems = settings_problems(env)
        if problems:
            raise ValueError("invalid Discord settings: " + "; ".join(problems))
        shard_ids = _ids(env.get(SHARD_IDS, ""))
        return cls(
            token=env[TOKEN].strip(),
            guild_id=_snowflake(env.get(GUILD_ID, "")),
            shard_ids=tuple(shard_ids) if shard_ids else None,
            shard_count=int(env[SHARD_COUNT]) if env.get(SHARD_COUNT, "").strip() else None,
            # Checked by settings_problems above: None (malformed) cannot reach here.
            admin_role_ids=frozenset(_ids(env.get(ADMIN_ROLE_IDS, "")) or ()),
        )


def settings_problems(env: Mapping[str, str]) -> list[str]:
    """Each missing or malformed setting, named, in the form "set X" reads well with."""
    problems = []
    if not env.get(TOKEN, "").strip():
        problems.append(TOKEN)
    guild = env.get(GUILD_ID, "").strip()
    if guild and _snowflake(guild) is None:
        problems.append(f"{GUILD_ID} (a server id, digits only; got “{guild[:40]}”)")
    count_text = env.get(SHARD_COUNT, "").strip()
    count = int(count_text) if count_text.isdigit() else None
    if count_text and (count is None or count < 1):
        problems.append(f"{SHARD_COUNT} (a whole number of at least 1; got “{count_text[:40]}”)")
    ids_text = env.get(SHARD_IDS, "").strip()
    if ids_text:
        ids = _ids(ids_text)
        if ids is None:
            problems.append(f"{SHARD_IDS} (comma-separated shard numbers, e.g. 0,1)")
        elif not count_text:
            problems.append(f"{SHARD_COUNT} (needed with {SHARD_IDS})")
        elif count is not None and any(i >= count for i in ids):
            problems.append(f"{SHARD_IDS} (each below {SHARD_COUNT}={count})")
    roles = env.get(ADMIN_ROLE_IDS, "").strip()
    if roles and _ids(roles) is None:
        problems.append(f"{ADMIN_ROLE_IDS} (comma-separated role ids)")
    return problems


def _snowflake(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isdigit() and len(text) <= 20 else None


def _ids(text: str) -> list[int] | None:
    """ "0, 1" -> [0, 1]; "" -> []; anything else -> None."""
    parts = [p.strip() for p in text.replace(" ", ",").split(",") if p.strip()]
    if not all(p.isdigit() and len(p) <= 20 for p in parts):
        return None
    return list(dict.fromkeys(int(p) for p in parts))
