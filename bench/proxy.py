"""A counting TCP proxy in front of the IMAP server: what the server sends, counted at the socket.

Every client connection gets its own connection to the server and two threads, one per
direction, forwarding what they receive as soon as they receive it. Beside forwarding, each
direction is read by bench.imapstream, which attributes the server's bytes to phases.
``measure()`` swaps in fresh counts and returns the ones gathered since the last swap, so the
benchmark measures one thing at a time (connections that stay open, like IDLE, keep counting
into the current counts).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from typing import Self

from bench.imapstream import Conversation, Counts

CHUNK = 1024 * 1024


class CountingProxy:
    def __init__(self, upstream_host: str, upstream_port: int, host: str = "127.0.0.1") -> None:
        self.upstream = (upstream_host, upstream_port)
        self.lock = threading.Lock()
        self.counts = Counts()
        self._changed = threading.Condition(self.lock)
        self._listener = socket.create_server((host, 0))
        self.host, self.port = self._listener.getsockname()[:2]
        self._sockets: set[socket.socket] = set()
        self._closing = False
        threading.Thread(target=self._accept, name="proxy-accept", daemon=True).start()

    def measure(self) -> Counts:
        """The counts since the last call (or the start); counting goes on into fresh ones."""
        with self.lock:
            counts, self.counts = self.counts, Counts()
            return counts

    def wait_for(self, condition: Callable[[Counts], bool], timeout: float) -> bool:
        """Block until ``condition(current counts)`` holds (checked whenever the server speaks)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not condition(self.counts):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._changed.wait(remaining)
            return True

    def close(self) -> None:
        self._closing = True
        self._listener.close()
        with self.lock:
            for sock in list(self._sockets):
                _shut(sock)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _accept(self) -> None:
        while not self._closing:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.upstream)
            except OSError:
                client.close()
                continue
            for sock in (client, server):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self.lock:
                self._sockets.update((client, server))
                self.counts.connections += 1
            conversation = Conversation(lambda: self.counts, self.lock)
            threading.Thread(target=self._pump, args=(client, server, conversation.client.feed),
                             name="proxy-c2s", daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, self._server_feed(conversation)),
                             name="proxy-s2c", daemon=True).start()

    def _server_feed(self, conversation: Conversation) -> Callable[[bytes], None]:
        def feed(data: bytes) -> None:
            conversation.server.feed(data)
            with self._changed:
                self._changed.notify_all()
        return feed

    def _pump(self, source: socket.socket, sink: socket.socket, observe: Callable[[bytes], None]) -> None:
        try:
            while data := source.recv(CHUNK):
                observe(data)  # before forwarding: a command is known before its answer can come
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                _shut(sock)
            with self.lock:
                self._sockets.difference_update((source, sink))


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()
