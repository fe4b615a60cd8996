"""The local development stack: Apache Kafka and PostgreSQL launched from their packages, for `mobility up`, the
tests and the benchmarks; production uses deploy/ instead."""
