"""Errors shown to the user as a one-line message, without a traceback."""


class UserError(Exception):
    """A problem the user can fix (bad name, unreachable server, unreadable file)."""
