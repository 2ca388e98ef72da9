"""What the embedded and test servers share: ``with`` starts a server and always stops it."""

from __future__ import annotations

from abc import ABC, abstractmethod
from types import TracebackType
from typing import Self


class LocalServer(ABC):
    """A server on 127.0.0.1 that a demo or a test runs for a while."""

    @abstractmethod
    def start(self) -> Self:
        """Start serving; return once the server answers."""

    @abstractmethod
    def stop(self) -> None:
        """Stop serving and release what the server holds. Safe to call twice."""

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()
