"""A throw-away PostgreSQL server from Debian's packages, for tests and the local stack."""

from local.postgres.local_postgres import LocalPostgres, PostgresError

__all__ = ["LocalPostgres", "PostgresError"]
