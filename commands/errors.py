"""Errors of the write side, raised by small guards and translated to problems at the API edge
(`commands/http.py`)."""

from typing import ClassVar


class CommandError(Exception):
    """Base of every error a command handler raises on purpose."""

    keeps_effects: ClassVar[bool] = False
    """True when what the handler wrote before refusing must be committed (a reused refresh
    token revokes its whole login, then the request is refused)."""


class NotFoundError(CommandError):
    """The aggregate does not exist, or the caller may not know that it does."""


class ConcurrencyError(CommandError):
    """The stream moved past the version the command was based on."""


class ConflictError(CommandError):
    """The command contradicts current state (an e-mail already registered, a deleted run)."""


class RuleViolationError(CommandError):
    """The command is well formed but breaks a rule of the domain (a workout outside its plan's
    dates, a race too soon to train for): the caller must change what it asks."""


class AuthenticationError(CommandError):
    """Wrong credentials, or a refresh token that is unknown, expired, spent or revoked."""


class WrongPasswordError(CommandError):
    """A signed-in caller gave a wrong current password to change the e-mail or password."""


class NotPermittedError(CommandError):
    """The caller may know of the thing but may not do this to it (a coach's scope the athlete
    did not grant, a coach's action asked of an athlete)."""


class SessionRevokedError(AuthenticationError):
    """A spent refresh token came back: its login was revoked, and that revocation is kept."""

    keeps_effects = True


class IdempotencyKeyReusedError(CommandError):
    """The Idempotency-Key was used before with a different command."""


class InvalidIdempotencyKeyError(CommandError):
    """The Idempotency-Key is empty, too long or not printable."""


class UnknownCommandError(CommandError):
    """No handler is registered for this command type."""
