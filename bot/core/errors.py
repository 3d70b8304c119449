"""One error hierarchy. Handlers raise these; `Core.handle` is the one place that catches them.

Every message is shown to the user, so it names what was wrong and, where there is one,
the limit.
"""

from __future__ import annotations


class AttacheError(Exception):
    """Base of every error the core turns into an error reply."""

    code = "error"
    exit_status = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(AttacheError):
    """The user's input cannot be used as given (empty, too long, malformed)."""

    code = "invalid_input"
    exit_status = 2


class UnknownCommand(InvalidInput):
    code = "unknown_command"


class NotFound(InvalidInput):
    code = "not_found"


class PermissionDenied(AttacheError):
    code = "permission_denied"
    exit_status = 3


class AdminOnly(PermissionDenied):
    """An admin command or action asked for by someone who is not an admin. `Core.handle`
    audits and logs each one (who, which command, refused)."""

    def __init__(self, message: str, action: str) -> None:
        super().__init__(message)
        self.action = action


class ConfigurationError(AttacheError):
    """The deployment is missing something (a token, a database URL that cannot be opened)."""

    code = "configuration"
    exit_status = 2


class NotAllowedHere(PermissionDenied):
    """The channel's settings do not allow this command (the `settings` command)."""

    code = "not_allowed_here"
