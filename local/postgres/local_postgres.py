"""Runs a private PostgreSQL cluster on 127.0.0.1 from Debian's binaries (initdb, pg_ctl), one database per service."""

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

SERVER_USER = "postgres"  # PostgreSQL refuses to run as root


class PostgresError(RuntimeError):
    """The local PostgreSQL server could not be started; the message says why."""


def _bin_dir() -> Path:
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), reverse=True)
    if not candidates:
        raise PostgresError("PostgreSQL is not installed: `apt-get install postgresql` (./dev setup does it)")
    return candidates[0].parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LocalPostgres:
    """`start()` makes a fresh cluster in a temporary folder; `database_url(name)` creates and names a database."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or _free_port()
        self.data_dir = Path(tempfile.mkdtemp(prefix="pg-")) / "data"
        self._bin = _bin_dir()

    def _run(self, *command: str) -> None:
        as_server_user = ["runuser", "-u", SERVER_USER, "--"] if os.geteuid() == 0 else []
        result = subprocess.run([*as_server_user, *command], capture_output=True, text=True)
        if result.returncode != 0:
            raise PostgresError(f"{command[0]} failed: {result.stdout}{result.stderr}")

    def start(self) -> "LocalPostgres":
        self.data_dir.parent.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            user = pwd.getpwnam(SERVER_USER)
            os.chown(self.data_dir.parent, user.pw_uid, user.pw_gid)
        self._run(str(self._bin / "initdb"), "-D", str(self.data_dir), "-U", "postgres", "-A", "trust", "-E", "UTF8")
        options = f"-p {self.port} -k {self.data_dir.parent} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(str(self._bin / "pg_ctl"), "-D", str(self.data_dir), "-o", options, "-w", "-l",
                  str(self.data_dir.parent / "postgres.log"), "start")  # fmt: skip
        return self

    def database_url(self, name: str) -> str:
        """Create database `name` (once) and return its SQLAlchemy URL."""
        self._run(str(self._bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name)
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        self._run(str(self._bin / "pg_ctl"), "-D", str(self.data_dir), "-m", "fast", "-w", "stop")
        shutil.rmtree(self.data_dir.parent, ignore_errors=True)

    def __enter__(self) -> "LocalPostgres":
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()
