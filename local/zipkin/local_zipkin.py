"""Zipkin (io.zipkin:zipkin-server, its executable jar) on 127.0.0.1 with in-memory storage and a capped heap."""

import shutil
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path

from local.kafka.local_broker import free_port
from local.process import LocalServer

VERSION = "3.6.1"
HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
JAR = CACHE / f"zipkin-server-{VERSION}-exec.jar"
COPY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy"
# C1-only JIT: measured 7-8 s to a healthy server instead of 11-15 s on 2 busy cores, same RSS (~215 MB); C2 would
# take spans in for ~15 % less CPU once warm, after twice the start. The serial collector: Zipkin's CPU per span
# taken in 8-25 % below G1's (the JVM's choice on 2 cores), whose concurrent threads cost more than a 256 MB heap
# needs (`python -m benchmarks.tracing --zipkin-settings`).
JVM_OPTIONS = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Djava.awt.headless=true"]


class ZipkinError(RuntimeError):
    """Zipkin could not be fetched or started; the message says why."""


def ensure_jar() -> Path:
    """Zipkin's executable jar, resolved from Maven Central on first use and cached after."""
    if JAR.exists():
        return JAR
    for tool in ("java", "mvn"):
        if shutil.which(tool) is None:
            raise ZipkinError(f"`{tool}` is not installed: the local Zipkin needs Java 17+ and Maven")
    print(f"resolving Zipkin {VERSION} from Maven Central into {CACHE} (once)", flush=True)
    command = ["mvn", "-B", "-q", COPY_PLUGIN, f"-Dartifact=io.zipkin:zipkin-server:{VERSION}:jar:exec",
               f"-DoutputDirectory={CACHE}"]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0 or not JAR.exists():
        raise ZipkinError(f"mvn could not resolve Zipkin {VERSION}:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return JAR


class LocalZipkin(LocalServer):
    """One Zipkin server: spans in at `spans_endpoint` (Zipkin's v2 API), its UI at `ui_url`, its API under `url`.
    Storage is in memory, at most `max_spans` spans (the oldest traces go first), so the heap cap holds: filled with
    journeys' spans, at 100,000 its old generation stays full and it collects it every 20,000 spans or so: 1.6 to 2
    times the CPU per span it takes at 25,000 (`python -m benchmarks.tracing --zipkin-fill`)."""

    def __init__(
        self,
        port: int | None = None,
        log_dir: Path | None = None,
        heap: str = "256m",
        max_spans: int = 25_000,
        jvm_options: Sequence[str] = JVM_OPTIONS,
    ) -> None:
        self.port = port or free_port()
        self.log_path = (log_dir or Path(tempfile.mkdtemp(prefix="zipkin-"))).resolve() / "zipkin.log"
        self.heap = heap
        self.max_spans = max_spans
        self.jvm_options = list(jvm_options)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def spans_endpoint(self) -> str:
        return f"{self.url}/api/v2/spans"

    @property
    def ui_url(self) -> str:
        return f"{self.url}/zipkin/"

    def trace_url(self, trace_id: str) -> str:
        return f"{self.url}/zipkin/traces/{trace_id}"

    def start(self, timeout: float = 120) -> str:
        """Start Zipkin and return its base URL once `/health` answers."""
        if self.running:
            return self.url
        if _answers(f"{self.url}/health"):
            raise ZipkinError(f"port {self.port} already serves something: is another Zipkin running there?")
        command = ["java", f"-Xmx{self.heap}", *self.jvm_options, "-jar", str(ensure_jar()),
                   # Without the address Armeria listens on every interface.
                   "--armeria.ports[0].ip=127.0.0.1", f"--armeria.ports[0].port={self.port}",
                   "--zipkin.storage.type=mem", f"--zipkin.storage.mem.max-spans={self.max_spans}"]  # fmt: skip
        self._spawn(command)
        try:
            self._wait_until_ready(timeout)
        except BaseException:
            self.stop()
            raise
        return self.url

    def _wait_until_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not _answers(f"{self.url}/health"):
            if not self.running:
                raise ZipkinError(f"Zipkin exited while starting; {self.log_path} ends with:\n{self.log_tail()}")
            if time.monotonic() > deadline:
                raise ZipkinError(f"Zipkin not ready after {timeout}s; {self.log_path} ends with:\n{self.log_tail()}")
            time.sleep(0.2)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False
