"""Errors of the write side, raised by small guards and translated to problems at the API edge."""


class CommandError(Exception):
    """Base of every error a command handler raises on purpose."""


class NotFoundError(CommandError):
    """The aggregate does not exist, or the caller may not know that it does."""


class ConcurrencyError(CommandError):
    """The stream moved past the version the command was based on."""


class ConflictError(CommandError):
    """The command contradicts current state (an e-mail already registered, a deleted run)."""


class AuthenticationError(CommandError):
    """Wrong credentials, or a refresh token that is unknown, expired, spent or revoked."""
