"""Discord's life cycle of one interaction, kept per interaction token by the fake.

From https://discord.com/developers/docs/interactions/receiving-and-responding:
- "you must send an initial response within 3 seconds of receiving the event. If the 3
  second deadline is exceeded, the token will be invalidated": a later callback is answered
  404 {"message": "Unknown interaction", "code": 10062}.
- An interaction is acknowledged once; a second callback is answered 400 {"message":
  "Interaction has already been acknowledged.", "code": 40060}.
- Follow-ups and edits of the original response go to the webhook named by the token; until
  the interaction is acknowledged that webhook does not exist: 404 {"message": "Unknown
  Webhook", "code": 10015}.
- "Interaction tokens are valid for 15 minutes": after that the webhook answers 401
  {"message": "Invalid Webhook Token", "code": 50027}.
Codes: https://discord.com/developers/docs/topics/opcodes-and-status-codes#json.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

DEADLINE = 3.0  # seconds from the event to the first response
TOKEN_LIFETIME = 15 * 60.0

UNKNOWN_INTERACTION = (404, {"message": "Unknown interaction", "code": 10062})
ALREADY_ACKNOWLEDGED = (
    400,
    {"message": "Interaction has already been acknowledged.", "code": 40060},
)
UNKNOWN_WEBHOOK = (404, {"message": "Unknown Webhook", "code": 10015})
INVALID_WEBHOOK_TOKEN = (401, {"message": "Invalid Webhook Token", "code": 50027})

# Callback types whose response message is the interaction's @original: a message sent at
# once (4) or the "thinking…" one that a deferral (5) leaves, empty until edited.
MESSAGE_RESPONSES = {4, 5}

Refusal = tuple[int, dict[str, Any]]


@dataclass
class InteractionState:
    interaction_id: str
    dispatched_at: float
    acknowledged_at: float | None = None
    # The @original message as Discord holds it, when the fake knows it (see MESSAGE_RESPONSES).
    original: dict[str, Any] | None = None


class InteractionLedger:
    """Every interaction the fake dispatched, and what Discord would allow next for each."""

    def __init__(self, deadline: float = DEADLINE, token_lifetime: float = TOKEN_LIFETIME):
        self.deadline = deadline
        self.token_lifetime = token_lifetime
        self.states: dict[str, InteractionState] = {}

    def dispatched(self, interaction_id: str, token: str, at: float) -> None:
        self.states[token] = InteractionState(interaction_id, at)

    def callback_refusal(self, interaction_id: str, token: str, at: float) -> Refusal | None:
        state = self.states.get(token)
        if state is None or state.interaction_id != interaction_id:
            return UNKNOWN_INTERACTION
        if state.acknowledged_at is not None:
            return ALREADY_ACKNOWLEDGED
        if at - state.dispatched_at > self.deadline:
            return UNKNOWN_INTERACTION
        return None

    def webhook_refusal(self, token: str, at: float) -> Refusal | None:
        state = self.states.get(token)
        if state is None or state.acknowledged_at is None:
            return UNKNOWN_WEBHOOK
        if at - state.dispatched_at > self.token_lifetime:
            return INVALID_WEBHOOK_TOKEN
        return None

    def acknowledge(self, token: str, at: float, kind: int, data: dict[str, Any]) -> None:
        state = self.states[token]
        state.acknowledged_at = at
        state.original = dict(data) if kind in MESSAGE_RESPONSES else None
