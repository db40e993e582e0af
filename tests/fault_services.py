"""Stand-ins for a failing Redis or PostgreSQL, and a Redis the test can stop and start.

- `closed_port()`: an address where nothing listens (connection refused).
- `SilentServer`: accepts connections and never answers (a hung server).
- `RedisServer`: a real redis-server on a port of its own, run as a subprocess (its data kept on disk if asked).
- `free_port()` and `stop_process()`, for other servers a test starts; `timed()`, how long a call took.
"""

import shutil
import socket
import subprocess
import threading
import time

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def timed(call, *args, **kwargs):
    """What `call` returned, and the seconds it took: a test of a failing service asserts it did not wait."""
    began = time.monotonic()
    response = call(*args, **kwargs)
    return response, time.monotonic() - began


def stop_process(process):
    """Ask a server's process to stop, and kill it when it has not within 10 s."""
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def closed_port() -> int:
    return free_port()  # bound, released, and nobody listens there now


class SilentServer:
    """Accepts every connection and never sends a byte, until stopped."""

    def __init__(self):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self.accepted = []
        self.running = True
        self.thread = threading.Thread(target=self.accept_forever, daemon=True)
        self.thread.start()

    def accept_forever(self):
        self.listener.settimeout(0.1)
        while self.running:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                continue
            self.accepted.append(connection)

    def stop(self):
        self.running = False
        self.thread.join(2)
        for connection in [*self.accepted, self.listener]:
            connection.close()


class RedisServer:
    """redis-server on its own port, with nothing saved to disk, so a test can stop it and start it again."""

    def __init__(self, data_dir=None):
        if not shutil.which("redis-server"):
            pytest.skip("needs redis-server (apt-get install redis-server)")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None
        # With a directory, every write is kept on disk and a restarted server has its data back.
        self.keeps = ["--appendonly", "yes", "--appendfsync", "always", "--dir", str(data_dir)] if data_dir else []

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--daemonize", "no"]
            + self.keeps,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(16).startswith(b"+PONG"):
                        return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise AssertionError(f"redis-server on {self.port} did not start")

    def stop(self):
        if self.process is not None:
            stop_process(self.process)
            self.process = None
