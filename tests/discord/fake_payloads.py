"""Payloads shaped as Discord sends them (users, the application, a guild with roles and a
channel, messages' button rows), for the fake server."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

APP_ID = 700000000000000001
GUILD_ID = 800000000000000001
CHANNEL_ID = 810000000000000001
ADMIN_ROLE_ID = 820000000000000001
USER_ID = 830000000000000001
FORUM_ID = 840000000000000001  # a forum channel (type 15): digests become forum posts
THREAD_ID = 850000000000000001  # an active thread of the text channel

# Permission bits (https://discord.com/developers/docs/topics/permissions).
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
MANAGE_GUILD = 1 << 5
USE_APPLICATION_COMMANDS = 1 << 31
MEMBER_PERMISSIONS = VIEW_CHANNEL | SEND_MESSAGES | USE_APPLICATION_COMMANDS


def now() -> str:
    return datetime.now(UTC).isoformat()


def user(user_id: int, name: str, *, bot: bool = False) -> dict[str, Any]:
    return {
        "id": str(user_id),
        "username": name,
        "global_name": name,
        "discriminator": "0",
        "avatar": None,
        "bot": bot,
        "public_flags": 0,
    }


def application() -> dict[str, Any]:
    return {
        "id": str(APP_ID),
        "name": "Attaché",
        "description": "",
        "icon": None,
        "bot_public": True,
        "bot_require_code_grant": False,
        "owner": user(USER_ID, "owner"),
        "verify_key": "0" * 64,
        "flags": 0,
    }


def channel() -> dict[str, Any]:
    return {
        "id": str(CHANNEL_ID),
        "type": 0,
        "guild_id": str(GUILD_ID),
        "name": "general",
        "position": 0,
        "permission_overwrites": [],
        "nsfw": False,
        "parent_id": None,
        "topic": None,
        "last_message_id": None,
        "rate_limit_per_user": 0,
    }


def role(role_id: int, name: str, permissions: int, position: int) -> dict[str, Any]:
    return {
        "id": str(role_id),
        "name": name,
        "color": 0,
        "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
        "hoist": False,
        "icon": None,
        "unicode_emoji": None,
        "position": position,
        "permissions": str(permissions),
        "managed": False,
        "mentionable": False,
        "flags": 0,
    }


def guild() -> dict[str, Any]:
    return {
        "id": str(GUILD_ID),
        "name": "Test server",
        "icon": None,
        "splash": None,
        "discovery_splash": None,
        "owner_id": str(USER_ID + 1),
        "afk_channel_id": None,
        "afk_timeout": 300,
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "roles": [
            role(GUILD_ID, "@everyone", MEMBER_PERMISSIONS, 0),
            role(ADMIN_ROLE_ID, "Attaché admins", MEMBER_PERMISSIONS, 1),
        ],
        "emojis": [],
        "stickers": [],
        "features": [],
        "mfa_level": 0,
        "system_channel_id": None,
        "system_channel_flags": 0,
        "rules_channel_id": None,
        "vanity_url_code": None,
        "description": None,
        "banner": None,
        "premium_tier": 0,
        "preferred_locale": "en-US",
        "public_updates_channel_id": None,
        "nsfw_level": 0,
        "premium_progress_bar_enabled": False,
        "joined_at": now(),
        "large": False,
        "unavailable": False,
        "member_count": 2,
        "members": [],
        "voice_states": [],
        "presences": [],
        "channels": [channel(), forum_channel()],
        "threads": [thread_channel(THREAD_ID, CHANNEL_ID, "digests")],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
    }


def button_row(custom_id: str, label: str = "More") -> dict[str, Any]:
    return {
        "type": 1,
        "components": [{"type": 2, "style": 2, "label": label, "custom_id": custom_id}],
    }


def forum_channel(channel_id: int = FORUM_ID, name: str = "briefings") -> dict[str, Any]:
    """A forum channel (type 15): it takes no messages, only new posts (threads)."""
    return {
        "id": str(channel_id),
        "type": 15,
        "guild_id": str(GUILD_ID),
        "name": name,
        "position": 1,
        "permission_overwrites": [],
        "nsfw": False,
        "parent_id": None,
        "topic": None,
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "default_auto_archive_duration": 1440,
        "default_thread_rate_limit_per_user": 0,
        "available_tags": [],
        "default_reaction_emoji": None,
        "default_sort_order": None,
        "default_forum_layout": 0,
        "flags": 0,
    }


def thread_channel(
    thread_id: int, parent_id: int, name: str, *, message_count: int = 0
) -> dict[str, Any]:
    """A public thread (type 11) in `parent_id`, a text channel's or a forum's post."""
    return {
        "id": str(thread_id),
        "type": 11,
        "guild_id": str(GUILD_ID),
        "parent_id": str(parent_id),
        "owner_id": str(APP_ID),
        "name": name,
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "message_count": message_count,
        "member_count": 1,
        "total_message_sent": message_count,
        "flags": 0,
        "applied_tags": [],
        "thread_metadata": {
            "archived": False,
            "auto_archive_duration": 1440,
            "archive_timestamp": now(),
            "locked": False,
            "create_timestamp": now(),
        },
    }
