"""One outbox relay per database publishes at a time: two instances of a service sharing a database would otherwise
publish the same rows twice and, worse, interleave them out of order. The lock goes with the process, so a killed
instance frees it at once: a file lock beside an SQLite file, a session advisory lock in PostgreSQL."""

import fcntl
import logging
import os
from pathlib import Path
from typing import Protocol

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

log = logging.getLogger(__name__)
ADVISORY_KEY = 0x6D6F62696C697479  # "mobility": one relay lock per database


class RelayLock(Protocol):
    def acquire(self) -> bool:
        """True while this process holds the lock; takes it when free."""

    def release(self) -> None: ...


class ProcessLocal:
    """An in-memory database belongs to one process: nothing to share."""

    def acquire(self) -> bool:
        return True

    def release(self) -> None:
        pass


class FileLock:
    def __init__(self, path: Path) -> None:
        self._path, self._fd = path, -1

    def acquire(self) -> bool:
        if self._fd >= 0:
            return True
        fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)  # closing drops the flock
            self._fd = -1


class AdvisoryLock:
    """Held by one long-lived connection; if that connection breaks, PostgreSQL frees the lock and it is retaken."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._connection: Connection | None = None

    def acquire(self) -> bool:
        if self._connection is not None:
            try:
                self._connection.execute(text("SELECT 1"))
                return True
            except DBAPIError:
                log.warning("relay lock: connection lost, so was the lock; taking it again")
                self.release()
        connection = self._engine.connect()
        held = bool(connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": ADVISORY_KEY}).scalar())
        connection.commit()
        if held:
            self._connection = connection
        else:
            connection.close()
        return held

    def release(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            connection.invalidate()  # a closed session releases its advisory locks; never return it to the pool
            connection.close()


def relay_lock(engine: Engine) -> RelayLock:
    url = engine.url
    if url.get_backend_name() == "postgresql":
        return AdvisoryLock(engine)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        return FileLock(Path(f"{url.database}.relay-lock"))
    return ProcessLocal()
