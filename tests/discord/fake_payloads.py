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
        "channels": [channel()],
        "threads": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
    }


def button_row(custom_id: str, label: str = "More") -> dict[str, Any]:
    return {
        "type": 1,
        "components": [{"type": 2, "style": 2, "label": label, "custom_id": custom_id}],
    }
