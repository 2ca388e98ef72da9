"""Reading an IMAP conversation as it passes, to say what the server's bytes were for.

The client's side is read for its commands (tag and verb; literals such as APPEND's are
skipped by their announced length). The server's side is read line by line, and every
literal (``{n}`` then n bytes) is attributed by the data item it belongs to:

    search       responses to SEARCH (and UID SEARCH)
    headers      header fields, BODYSTRUCTURE, sizes, dates, flags: everything a FETCH says
                 outside the literals below, and header literals (BODY[HEADER...], BODY[n.MIME])
    sections     BODY[n] literals: one part; split into bodies (text) and attachments after
                 the run, from the server's own BODYSTRUCTURE of that message (bench.phases)
    messages     whole messages: BODY[] (also partial, BODY[]<0>) and RFC822
    other        greeting, LOGIN, SELECT, STORE, IDLE, LOGOUT, and the tagged completions

imapclient sends one command at a time, so a server line belongs to the command in flight.
"""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

_LITERAL = re.compile(rb"\{(\d+)\+?\}\r\n$")
_ITEM = re.compile(rb"(BODY|BINARY|RFC822(?:\.HEADER|\.TEXT)?)(?:\[([^\]]*)\])?(?:<\d+>)?\s*\{\d+\}\r\n$")
_UID = re.compile(rb"\bUID (\d+)")
_SEQ = re.compile(rb"\* (\d+) FETCH")
_COMMAND = re.compile(rb"([A-Za-z0-9.]+) (?:UID )?([A-Za-z]+)")
_EXISTS = re.compile(rb"\* \d+ EXISTS\r\n$")
_PHASE_OF_VERB = {b"SEARCH": "search", b"FETCH": "headers"}


@dataclass
class Counts:
    """What the server sent, by phase, and what the clients asked for."""

    phases: Counter[str] = field(default_factory=Counter)       # server -> client bytes
    sections: Counter[tuple[int, str]] = field(default_factory=Counter)  # (uid, section) -> literal bytes
    commands: Counter[str] = field(default_factory=Counter)     # verb -> how many
    client_bytes: int = 0
    connections: int = 0
    idle_ready: list[float] = field(default_factory=list)       # when the server said "+ idling"
    announced: list[float] = field(default_factory=list)        # EXISTS during IDLE, time.time()

    @property
    def total(self) -> int:
        return sum(self.phases.values())


class Conversation:
    """One connection: the client's commands in flight, shared by both directions."""

    def __init__(self, counts: Callable[[], Counts], lock: threading.Lock) -> None:
        self.current, self.lock = counts, lock  # ``counts()``: where to count now
        self.in_flight: dict[bytes, bytes] = {}  # tag -> verb
        self.client = ClientStream(self)
        self.server = ServerStream(self)

    def command(self, tag: bytes, verb: bytes) -> None:
        with self.lock:
            self.in_flight[tag] = verb
            self.current().commands[verb.decode()] += 1

    def completed(self, tag: bytes) -> None:
        with self.lock:
            self.in_flight.pop(tag, None)

    def verb(self) -> bytes:
        with self.lock:
            return next(reversed(self.in_flight.values()), b"")

    def add(self, phase: str, size: int) -> None:
        with self.lock:
            self.current().phases[phase] += size


class ClientStream:
    def __init__(self, conversation: Conversation) -> None:
        self.conversation = conversation
        self.buffer = b""
        self.skip = 0               # literal bytes still to pass unread
        self.continued = False      # the next line continues a command after a literal

    def feed(self, data: bytes) -> None:
        with self.conversation.lock:
            self.conversation.current().client_bytes += len(data)
        position = 0
        while position < len(data):
            if self.skip:
                taken = min(self.skip, len(data) - position)
                self.skip -= taken
                position += taken
                continue
            end = data.find(b"\n", position)
            if end < 0:
                self.buffer += data[position:]
                return
            line, self.buffer = self.buffer + data[position:end + 1], b""
            position = end + 1
            self._line(line)

    def _line(self, line: bytes) -> None:
        if not self.continued and (command := _COMMAND.match(line)):
            self.conversation.command(command.group(1), command.group(2).upper())
        literal = _LITERAL.search(line)
        self.continued = literal is not None
        self.skip = int(literal.group(1)) if literal else 0


class ServerStream:
    def __init__(self, conversation: Conversation) -> None:
        self.conversation = conversation
        self.buffer = b""
        self.skip = 0
        self.literal_phase = ""
        self.response: list[tuple[str, int]] = []  # (section, bytes) of the FETCH response being read
        self.continued = False      # the next line continues a response after a literal
        self.seq: int | None = None
        self.uid: int | None = None

    def feed(self, data: bytes) -> None:
        position = 0
        while position < len(data):
            if self.skip:
                taken = min(self.skip, len(data) - position)
                self.skip -= taken
                position += taken
                self.conversation.add(self.literal_phase, taken)
                continue
            end = data.find(b"\n", position)
            if end < 0:
                self.buffer += data[position:]
                return
            line, self.buffer = self.buffer + data[position:end + 1], b""
            position = end + 1
            self._line(line)

    def _line(self, line: bytes) -> None:
        conversation = self.conversation
        verb = conversation.verb()
        if not self.continued and line.startswith(b"* "):
            seq = _SEQ.match(line)
            self.seq, self.uid = (int(seq.group(1)) if seq else None), None
        if uid := _UID.search(line):
            self.uid = int(uid.group(1))
        line_phase = _PHASE_OF_VERB.get(verb, "other")
        conversation.add(line_phase, len(line))
        self._events(line, verb)
        literal = _LITERAL.search(line)
        self.continued = literal is not None
        if literal is None:
            self._end_response()
            conversation.completed(line.split(b" ", 1)[0])
            return
        self.skip = int(literal.group(1))
        item = _ITEM.search(line)
        # A literal inside BODYSTRUCTURE (an odd file name) is structure, like the rest of the line.
        self.literal_phase = _phase_of_item(item.group(1), item.group(2)) if item else line_phase
        if self.literal_phase == "sections":
            self.response.append((item.group(2).decode(), self.skip))  # type: ignore[union-attr]

    def _events(self, line: bytes, verb: bytes) -> None:
        if verb != b"IDLE":
            return
        with self.conversation.lock:
            counts = self.conversation.current()
            if line.startswith(b"+"):
                counts.idle_ready.append(time.time())
            elif _EXISTS.match(line):
                counts.announced.append(time.time())

    def _end_response(self) -> None:
        key = self.uid if self.uid is not None else self.seq
        if self.response and key is not None:
            with self.conversation.lock:
                for section, size in self.response:
                    self.conversation.current().sections[(key, section)] += size
        self.response, self.seq, self.uid = [], None, None


def _phase_of_item(name: bytes, section: bytes | None) -> str:
    if name == b"RFC822":
        return "messages"
    if name == b"RFC822.HEADER":
        return "headers"
    if name == b"RFC822.TEXT" or section is None:
        return "bodies"
    if section == b"":
        return "messages"
    if b"HEADER" in section or section.endswith(b"MIME"):
        return "headers"
    if section[:1].isdigit() and not section.endswith(b"TEXT"):
        return "sections"
    return "bodies"
