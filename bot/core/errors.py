"""One error hierarchy. Handlers raise these; `Core.handle` is the one place that catches them.

Every message is shown to the user, so it names what was wrong and, where there is one,
the limit.
"""

from __future__ import annotations

# The error code of a failure of ours (an exception no handler expected): exit status 1.
INTERNAL = "internal"
_EXIT_STATUS: dict[str, int] = {INTERNAL: 1}


def exit_status(code: str | None) -> int:
    """The command line's exit status for an error reply's code: the status of the error
    class with that code (2 bad input, 3 not permitted, 1 anything else), so an error
    caught as an exception and one returned as a reply exit alike."""
    return _EXIT_STATUS.get(code or "", 1)


class AttacheError(Exception):
    """Base of every error the core turns into an error reply."""

    code = "error"
    exit_status = 1

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        _EXIT_STATUS[cls.code] = cls.exit_status

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
