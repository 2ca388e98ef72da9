"""A TCP proxy on 127.0.0.1 in front of a real server, for faults the server itself will not
make on cue: ``down()`` drops every connection and refuses new ones (the server stopped),
``silent()`` keeps connections up but forwards nothing (a half-open connection: the server
or a middlebox stopped answering, TCP stays up), ``up()`` forwards again; ``cut_on(marker)``
drops the one connection whose client sends ``marker`` next, before it reaches the server
(e.g. a line of a message's content: the connection lost in the middle of DATA)."""

from __future__ import annotations

import select
import socket
import threading
from contextlib import suppress


class TcpProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.host, self.port = "127.0.0.1", self._listener.getsockname()[1]
        self._state = "up"
        self._lock = threading.Lock()
        self._open: list[socket.socket] = []
        self._closed = threading.Event()
        self.connections = 0  # accepted while up
        self._cut_marker: bytes | None = None
        self.cuts = 0
        threading.Thread(target=self._accept, name="tcp-proxy", daemon=True).start()

    def __enter__(self) -> TcpProxy:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def up(self) -> None:
        self._state = "up"

    def cut_on(self, marker: bytes) -> None:
        self._cut_marker = marker

    def silent(self) -> None:
        self._state = "silent"

    def down(self) -> None:
        self._state = "down"
        with self._lock:
            for sock in self._open:
                with suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                    sock.close()
            self._open.clear()

    def close(self) -> None:
        self._closed.set()
        self.down()
        self._listener.close()

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if self._state == "down":
                client.close()  # as a stopped server's port: the connection goes at once
                continue
            try:
                server = socket.create_connection(self.target, timeout=10)
            except OSError:
                client.close()
                continue
            self.connections += 1
            with self._lock:
                self._open += [client, server]
            threading.Thread(target=self._pump, args=(client, server), daemon=True).start()

    def _pump(self, client: socket.socket, server: socket.socket) -> None:
        pair = {client: server, server: client}
        try:
            while not self._closed.is_set():
                readable, _, _ = select.select(list(pair), [], [], 0.1)
                if self._state == "silent":
                    continue  # bytes stay unread in the kernel: nothing reaches the other side
                for sock in readable:
                    data = sock.recv(65536)
                    if not data:
                        return
                    if sock is client and self._cut_marker is not None and self._cut_marker in data:
                        self._cut_marker = None
                        self.cuts += 1
                        pair[sock].sendall(data[:data.index(b"\n") + 1])  # a part of it, then gone
                        return
                    pair[sock].sendall(data)
        except (OSError, ValueError):
            return
        finally:
            for sock in pair:
                with suppress(OSError):
                    sock.close()
