"""A TCP proxy in front of a service that loses answers: of every `every`-th success of a command (a response
beginning `HTTP/1.1 201`), up to `most`, the service's answer is thrown away and the client's connection closed.
The command has landed (the service answers after its commit) and the client hears nothing: the case an
Idempotency-Key exists for, which a kill -9 hits only by chance. Each chunk the service sends is checked: a
response's head arrives first in its own chunk for the small answers of these tests."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from tests.e2e.processes import free_port


class LossyProxy:
    def __init__(self, upstream_port: int, every: int, most: int) -> None:
        self.upstream, self.every, self.most = upstream_port, every, most
        self.successes = self.lost = 0
        self.port = free_port()
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", self.port))

    def serve(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return  # closed
            threading.Thread(target=self._connection, args=(client,), daemon=True).start()

    def close(self) -> None:
        self._listener.close()

    def _connection(self, client: socket.socket) -> None:
        try:
            upstream = socket.create_connection(("127.0.0.1", self.upstream))
        except OSError:
            client.close()  # the service is down: the client sees its connection closed
            return
        threading.Thread(target=self._pipe, args=(client, upstream), daemon=True).start()
        with suppress(OSError):
            while chunk := upstream.recv(65536):
                if self._lose(chunk):
                    break
                client.sendall(chunk)
        for end in (client, upstream):
            with suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)
            end.close()

    def _lose(self, chunk: bytes) -> bool:
        if not chunk.startswith(b"HTTP/1.1 201"):
            return False
        with self._lock:
            self.successes += 1
            if self.lost < self.most and self.successes % self.every == 0:
                self.lost += 1
                return True
        return False

    @staticmethod
    def _pipe(source: socket.socket, target: socket.socket) -> None:
        with suppress(OSError):
            while chunk := source.recv(65536):
                target.sendall(chunk)
        with suppress(OSError):
            target.shutdown(socket.SHUT_WR)


@contextmanager
def lossy_proxy(upstream_port: int, every: int = 4, most: int = 10) -> Iterator[LossyProxy]:
    proxy = LossyProxy(upstream_port, every, most)
    threading.Thread(target=proxy.serve, daemon=True).start()
    try:
        yield proxy
    finally:
        proxy.close()
