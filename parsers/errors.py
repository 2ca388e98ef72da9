"""The root of intake-bot's exception tree and the errors the parsers may raise.

The whole tree is drawn in ``bot/errors.py``. Parsers prefer returning problems
(plain data) to raising; they raise only for programming errors in their callers.
"""


class IntakeError(Exception):
    """Root of every error intake-bot raises on purpose."""


class ParseError(IntakeError):
    """A parser was given input it cannot turn into a value (never raised for
    bad *form content*: that is a Problem)."""
