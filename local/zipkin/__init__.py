"""A local Zipkin server, the trace viewer of the local stack, run from its executable jar on Maven Central."""

from local.zipkin.local_zipkin import VERSION, LocalZipkin, ZipkinError, ensure_jar

__all__ = ["VERSION", "LocalZipkin", "ZipkinError", "ensure_jar"]
