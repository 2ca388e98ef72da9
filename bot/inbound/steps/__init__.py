"""Pipeline steps. Each is a function ``(ctx, services) -> Outcome | None``:
None lets the next step run; an Outcome ends the message there (never an exception)."""

from __future__ import annotations

from typing import Protocol

from bot.inbound.context import MessageContext, Outcome, Services


class Step(Protocol):
    __name__: str

    def __call__(self, ctx: MessageContext, services: Services) -> Outcome | None: ...
