"""A server the local stack runs as a child process in its own session, its output appended to a log file: what the
Kafka broker and Zipkin share (start, stop, kill, wait, the log's tail, a context manager)."""

import signal
import subprocess
import sys
from pathlib import Path
from types import FrameType, TracebackType
from typing import Self


class LocalServer:
    """Subclasses set `log_path` and start through `_spawn`; `start` returns once the server answers."""

    log_path: Path
    _process: subprocess.Popen[bytes] | None = None

    def start(self) -> str:
        raise NotImplementedError

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def _spawn(self, command: list[str]) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            self._process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    def stop(self, timeout: float = 15) -> None:
        """SIGTERM (the JVM's shutdown hooks close files cleanly), then SIGKILL after `timeout` seconds."""
        if self._process is None:
            return
        self._process.terminate()
        try:
            self._process.wait(timeout)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._process = None

    def kill(self) -> None:
        """SIGKILL, as a crash would."""
        if self._process is not None:
            self._process.kill()
            self._process.wait()
            self._process = None

    def wait(self) -> int:
        """Block until the process exits; its exit code."""
        return self._process.wait() if self._process is not None else 0

    def serve_until_stopped(self) -> int:
        """For `python -m local.<server>`: wait while it runs; 0 after Ctrl-C or SIGTERM, 1 (with the log's tail)
        when it exits by itself. The server is stopped either way."""
        signal.signal(signal.SIGTERM, _exit_on_sigterm)
        try:
            code = self.wait()
            print(f"{type(self).__name__} exited with {code}; {self.log_path} ends with:\n{self.log_tail()}",
                  file=sys.stderr)  # fmt: skip
            return 1
        except (KeyboardInterrupt, SystemExit):
            return 0
        finally:
            self.stop()

    def log_tail(self, lines: int = 40) -> str:
        if not self.log_path.exists():
            return f"(no log yet at {self.log_path})"
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()


def _exit_on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)
