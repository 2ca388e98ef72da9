"""parse_form in a child process, under a time bound and a memory bound.

The parser's own checks refuse zip bombs, entity tricks and oversized documents before any
real work, but a document crafted against a slow path, or a bug, must still not hang or
exhaust the worker. So the worker parses each attachment in a forked child:

- "fork", not "spawn": the child starts with the parent's modules and the campaign already
  in memory, so nothing is imported or pickled on the way in; only the ParsedForm comes
  back, through a pipe;
- memory: the child sets RLIMIT_AS to what it already maps (inherited from the parent) plus
  ``memory_bytes``, so the bound is on the parse, however large the worker is;
- time: the parent waits ``seconds`` for the answer, then kills the child (SIGKILL).

Exceeding a bound gives ParsedForm(None, (parse_timeout | parse_memory,)), staff problems:
the form is shown to a person rather than guessed at. A child that dies without answering
(a failed allocation in C code aborts it) counts as out of memory.

Forking a threaded parent is safe here because the child runs only pure parsing code (no
logging, no locks of its own) and leaves with os._exit, never closing the parent's
database or IMAP connections; if a library lock copied mid-use ever blocked the child, the
time bound ends it like any other overrun.

A pass parses many forms, so it keeps one child for all of them (``Sandbox``, one per pass:
bot.inbound.context.Services): the fork and its copy-on-write faults are paid once, not per
form. The bounds stay per document: before each parse the child sets its soft RLIMIT_AS to
what it maps then plus ``memory_bytes``, and puts it back after; a child that overran either
bound, died, or answered parse_memory is killed and the next document gets a fresh one, so
nothing one document did (a heap grown to its bound, a thread stuck in C code) reaches the
next. ``parse_form_bounded`` / ``run_bounded`` fork a child for one call.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import weakref
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from parsers.form.parse import (
    DEFAULT_LIMITS,
    DEFAULT_OPTIONS,
    DocxLimits,
    ParseOptions,
    parse_form,
)
from parsers.model import Campaign, ParsedForm, Severity, problem

MB = 1024 * 1024
DEFAULT_SECONDS = 5.0
DEFAULT_MEMORY_BYTES = 512 * MB
SANDBOX_CODES = frozenset({"parse_timeout", "parse_memory"})
_FORK = multiprocessing.get_context("fork")
_PAGE = os.sysconf("SC_PAGE_SIZE")


def parse_form_bounded(data: bytes, campaign: Campaign, *, limits: DocxLimits = DEFAULT_LIMITS,
                       options: ParseOptions = DEFAULT_OPTIONS, seconds: float = DEFAULT_SECONDS,
                       memory_bytes: int = DEFAULT_MEMORY_BYTES) -> ParsedForm:
    """parse_form(data, campaign) run within ``seconds`` and ``memory_bytes``; never raises."""
    return run_bounded(lambda: parse_form(data, campaign, limits=limits, options=options),
                       seconds=seconds, memory_bytes=memory_bytes)


def run_bounded(work: Callable[[], ParsedForm], *, seconds: float, memory_bytes: int) -> ParsedForm:
    """``work()`` in a forked child under the two bounds (any ParsedForm-returning work:
    the tests use it to show the bounds hold for work that overruns them on purpose)."""
    receiver, sender = _FORK.Pipe(duplex=False)
    child = _FORK.Process(target=_child, args=(sender, work, memory_bytes), daemon=True)
    child.start()
    sender.close()  # the child holds the only writing end: its death reads as EOF
    try:
        answer = _answer(receiver, seconds)
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
        child.close()
    return answer if answer is not None else _refused("parse_memory")


def _answer(receiver: Connection, seconds: float) -> ParsedForm | None:
    if not receiver.poll(seconds):
        return _refused("parse_timeout")
    try:
        answer = receiver.recv()
    except (EOFError, OSError):
        return None
    return answer if isinstance(answer, ParsedForm) else None


def _child(sender: Connection, work: Callable[[], ParsedForm], memory_bytes: int) -> None:
    _limit_memory(memory_bytes)
    try:
        result = work()
    except MemoryError:
        result = _refused("parse_memory")
    try:
        sender.send(result)
    except MemoryError:
        sender.send(_refused("parse_memory"))
    finally:
        sender.close()


def _limit_memory(memory_bytes: int, soft_only: bool = False) -> None:
    limit = _mapped_bytes() + memory_bytes
    hard = resource.getrlimit(resource.RLIMIT_AS)[1] if soft_only else limit
    resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))


def _unlimit_memory() -> None:
    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    resource.setrlimit(resource.RLIMIT_AS, (hard, hard))


def _mapped_bytes() -> int:
    """The process's address space now: the first field of /proc/self/statm, in pages."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[0]) * _PAGE
    except (OSError, ValueError, IndexError):
        return 0


def _refused(code: str) -> ParsedForm:
    return ParsedForm(None, (problem(code, Severity.STAFF),))


class Sandbox:
    """One long-lived child that runs one bounded call at a time (module-level functions and
    picklable arguments: what crosses the pipe). Started on first use; ``close()`` ends it."""

    def __init__(self) -> None:
        self._child: BaseProcess | None = None
        self._pipe: Connection | None = None
        self._finalizer: weakref.finalize | None = None

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def parse_form(self, data: bytes, campaign: Campaign, *, limits: DocxLimits = DEFAULT_LIMITS,
                   options: ParseOptions = DEFAULT_OPTIONS, seconds: float = DEFAULT_SECONDS,
                   memory_bytes: int = DEFAULT_MEMORY_BYTES) -> ParsedForm:
        """parse_form(data, campaign) within ``seconds`` and ``memory_bytes``; never raises."""
        return self.call(parse_form, (data, campaign), {"limits": limits, "options": options},
                         seconds=seconds, memory_bytes=memory_bytes)

    def call(self, function: Callable[..., ParsedForm], args: tuple[Any, ...] = (), kwargs: dict[str, Any] | None = None,
             *, seconds: float, memory_bytes: int) -> ParsedForm:
        request = (function, args, kwargs or {}, memory_bytes)
        pipe = self._pipe or self._start()
        try:
            pipe.send(request)
        except (BrokenPipeError, EOFError, OSError):  # the child is gone: a fresh one takes it
            self.close()
            pipe = self._start()
            pipe.send(request)
        answer = _answer(pipe, seconds)
        if answer is None or answer.form is None and {p.code for p in answer.problems} & SANDBOX_CODES:
            self.close()  # overran, died or ran out of memory: nothing of it reaches the next document
        return answer if answer is not None else _refused("parse_memory")

    def close(self) -> None:
        if self._finalizer is not None:
            self._finalizer()
        self._child = self._pipe = self._finalizer = None

    def _start(self) -> Connection:
        parent_end, child_end = _FORK.Pipe(duplex=True)
        child = _FORK.Process(target=_serve, args=(child_end, parent_end), daemon=True)
        child.start()
        child_end.close()
        self._child, self._pipe = child, parent_end
        self._finalizer = weakref.finalize(self, _stop, child, parent_end)
        return parent_end


def _serve(pipe: Connection, parents_end: Connection) -> None:
    """The child's loop: one request at a time, each under its own memory bound. It closes
    its copy of the parent's end first, so that a parent that dies (even by SIGKILL) leaves
    the pipe at EOF and the child goes with it, releasing what it inherited (stdout too)."""
    parents_end.close()
    while True:
        try:
            function, args, kwargs, memory_bytes = pipe.recv()
        except (EOFError, OSError):
            return
        _limit_memory(memory_bytes, soft_only=True)
        try:
            result = function(*args, **kwargs)
        except MemoryError:
            result = _refused("parse_memory")
        finally:
            _unlimit_memory()
        try:
            pipe.send(result)
        except MemoryError:
            pipe.send(_refused("parse_memory"))


def _stop(child: BaseProcess, pipe: Connection) -> None:
    pipe.close()  # an idle child reads EOF and leaves; a busy one is killed
    child.join(0.05)
    if child.is_alive():
        child.kill()
        child.join()
    child.close()
