"""Runs services as separate operating-system processes, as they run in production."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import IO

from contracts.topics import SERVICES
from services.common.settings import KafkaSecurity


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ServiceProcess:
    """One `python -m services.<name>` process with its own database file and log file; with `security`, it logs
    in to Kafka as given (otherwise it inherits this process's KAFKA_SASL_* variables, if any)."""

    def __init__(
        self,
        name: str,
        bootstrap: str,
        data_dir: Path,
        database_url: str | None = None,
        security: KafkaSecurity | None = None,
        http_port: int | None = None,
        environment: Mapping[str, str] | None = None,
    ) -> None:
        self.name = name
        self.log_path = data_dir / f"{name}.log"
        self.http_port = http_port or free_port()
        self.database_url = database_url or f"sqlite:///{data_dir / f'{name}.db'}"
        self._env = {
            **os.environ,
            "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
            f"{name.upper()}_DATABASE_URL": self.database_url,
            f"{name.upper()}_HTTP_PORT": str(self.http_port),
            **(security.environment() if security else {}),
            **(environment or {}),
        }
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    def start(self, extra_env: Mapping[str, str] | None = None) -> None:
        self._log = self.log_path.open("ab")
        env = {**self._env, **(extra_env or {})}
        self._process = subprocess.Popen(
            [sys.executable, "-m", f"services.{self.name}"], env=env, stdout=self._log, stderr=subprocess.STDOUT
        )

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def stop(self, timeout: float = 20) -> int | None:
        """SIGTERM (graceful: finish the event in hand, flush the outbox), then SIGKILL after `timeout`."""
        return self._end(signal.SIGTERM, timeout)

    def kill(self) -> int | None:
        return self._end(signal.SIGKILL, 5)

    def _end(self, sig: signal.Signals, timeout: float) -> int | None:
        if self._process is None:
            return None
        if self._process.poll() is None:
            self._process.send_signal(sig)
            try:
                self._process.wait(timeout)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        if self._log is not None:
            self._log.close()
        return self._process.returncode

    def is_ready(self) -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.http_port}/health/ready", timeout=2) as response:
                return bool(response.status == 200)
        except OSError:
            return False

    def wait_until_ready(self, timeout: float = 60) -> None:
        """Block until /health/ready answers 200; RuntimeError with the log tail if the process dies or hangs."""
        deadline = time.monotonic() + timeout
        while not self.is_ready():
            if not self.running or time.monotonic() > deadline:
                raise RuntimeError(f"{self.name} did not become ready:\n{self.log_tail()}")
            time.sleep(0.2)

    def log_tail(self, lines: int = 40) -> str:
        if not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


def start_services(
    bootstrap: str,
    data_dir: Path,
    names: Iterable[str] = SERVICES,
    database_urls: Mapping[str, str] | None = None,
    logins: Mapping[str, KafkaSecurity] | None = None,
    environment: Mapping[str, str] | None = None,
) -> list[ServiceProcess]:
    """Start each service; its database is `database_urls[name]`, or a SQLite file in `data_dir`; its Kafka login
    `logins[name]`, if given; `environment`: more variables for all (settings)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    urls, logins = database_urls or {}, logins or {}
    processes = [ServiceProcess(name, bootstrap, data_dir, urls.get(name), logins.get(name), environment=environment)
                 for name in names]  # fmt: skip
    for process in processes:
        process.start()
    for process in processes:
        process.wait_until_ready()
    return processes
