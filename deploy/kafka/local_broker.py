"""A single-node Apache Kafka broker (KRaft, combined broker + controller) run from jars on Maven Central."""

import base64
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
LIBS = HERE / ".cache" / "libs"
DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies"

SERVER_PROPERTIES = """\
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:{controller_port}
listeners=PLAINTEXT://127.0.0.1:{port},CONTROLLER://127.0.0.1:{controller_port}
advertised.listeners=PLAINTEXT://127.0.0.1:{port},CONTROLLER://127.0.0.1:{controller_port}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs={log_dir}
num.partitions=1
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
num.network.threads=2
num.io.threads=2
num.recovery.threads.per.data.dir=1
log.cleaner.dedupe.buffer.size=2097152
"""


class BrokerError(RuntimeError):
    """The local broker could not be fetched or started; the message says why and what to do."""


def _has_jars() -> bool:
    return any(LIBS.glob("kafka_2.13-*.jar")) and any(LIBS.glob("log4j-slf4j-impl-*.jar"))


def ensure_jars() -> Path:
    """The folder of the broker's jars, resolved from Maven Central on first use and cached after."""
    if _has_jars():
        return LIBS
    for tool in ("java", "mvn"):
        if shutil.which(tool) is None:
            raise BrokerError(f"`{tool}` is not installed: the local Kafka broker needs Java 17 and Maven")
    print(f"resolving Apache Kafka jars from Maven Central into {LIBS} (once)", flush=True)
    command = ["mvn", "-B", "-q", "-f", str(HERE / "pom.xml"), DEPENDENCY_PLUGIN, "-DincludeScope=runtime",
               f"-DoutputDirectory={LIBS}"]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0 or not _has_jars():
        raise BrokerError(f"mvn could not resolve the Kafka jars:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return LIBS


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _cluster_id() -> str:
    while (cid := base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")).startswith("-"):
        pass
    return cid


class LocalKafka:
    """Formats its data directory once; a stop and start on the same directory and ports keeps the data."""

    def __init__(
        self, data_dir: Path | None = None, port: int | None = None, controller_port: int | None = None,
        heap: str = "512m",
    ) -> None:  # fmt: skip
        self.data_dir = (data_dir or Path(tempfile.mkdtemp(prefix="kafka-"))).resolve()
        self.port = port or free_port()
        self.controller_port = controller_port or free_port()
        self.heap = heap
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def bootstrap_servers(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.data_dir / "broker.log"

    def _java(self, *args: str, heap: str) -> list[str]:
        logging = [f"-Dlog4j2.configurationFile={HERE / 'log4j2.properties'}", f"-Dkafka.logs.dir={self.data_dir}"]
        return ["java", f"-Xmx{heap}", "-XX:+UseG1GC", "-Djava.awt.headless=true", *logging,
                "-cp", f"{ensure_jars()}/*", *args]  # fmt: skip

    def _configure(self) -> Path:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        properties = self.data_dir / "server.properties"
        properties.write_text(
            SERVER_PROPERTIES.format(
                port=self.port, controller_port=self.controller_port, log_dir=self.data_dir / "log"
            )
        )
        if not (self.data_dir / "log" / "meta.properties").exists():
            format_command = self._java("kafka.tools.StorageTool", "format", "--standalone", "-t", _cluster_id(),
                                        "-c", str(properties), heap="256m")  # fmt: skip
            result = subprocess.run(format_command, capture_output=True, text=True)
            if result.returncode != 0:
                raise BrokerError(f"formatting {self.data_dir} failed:\n{result.stdout}{result.stderr}")
        return properties

    def start(self, timeout: float = 90) -> str:
        """Start the broker and return its bootstrap address once it accepts connections."""
        properties = self._configure()
        command = self._java(f"-Xms{self.heap}", "kafka.Kafka", str(properties), heap=self.heap)
        with self.log_path.open("ab") as log:
            self._process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self._wait_until_ready(timeout)
        return self.bootstrap_servers

    def _wait_until_ready(self, timeout: float) -> None:
        # Kafka opens a fixed listener port only once the broker is unfenced, so an open port means ready.
        deadline = time.monotonic() + timeout
        while not _port_open(self.port):
            if self._process is None or self._process.poll() is not None:
                raise BrokerError(f"Kafka exited during start-up; log tail:\n{self.log_tail()}")
            if time.monotonic() > deadline:
                self.stop()
                raise BrokerError(f"Kafka not ready after {timeout}s; log tail:\n{self.log_tail()}")
            time.sleep(0.2)

    def stop(self, timeout: float = 20) -> None:
        """SIGTERM (Kafka's shutdown hook closes the logs cleanly), SIGKILL after `timeout`."""
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
        if self._process is not None:
            self._process.kill()
            self._process.wait()
            self._process = None

    def log_tail(self, lines: int = 30) -> str:
        if not self.log_path.exists():
            return "(no log)"
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def __enter__(self) -> "LocalKafka":
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()
