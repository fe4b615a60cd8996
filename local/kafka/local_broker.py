"""A single-node Apache Kafka broker (KRaft, combined broker + controller) run from jars on Maven Central."""

import asyncio
import base64
import re
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from aiokafka.client import AIOKafkaClient
from aiokafka.errors import KafkaError
from pydantic import SecretStr

from local.process import LocalServer
from services.common.settings import KafkaSecurity, kafka_client_options

HERE = Path(__file__).resolve().parent
LIBS = HERE / ".cache" / "libs"
DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies"
# C1-only JIT: measured ~0.5 s faster start and ~30 MiB less RSS, and half the broker's CPU per record of C1+C2 over
# tens of thousands of records (C2 is still compiling by then); G1 or Serial GC alike (`python -m benchmarks.broker`).
JVM_OPTIONS = ["-XX:TieredStopAtLevel=1", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20", "-Djava.awt.headless=true"]

SERVER_PROPERTIES = """\
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:{controller_port}
listeners={listener}://127.0.0.1:{port},CONTROLLER://127.0.0.1:{controller_port}
advertised.listeners={listener}://127.0.0.1:{port},CONTROLLER://127.0.0.1:{controller_port}
controller.listener.names=CONTROLLER
inter.broker.listener.name={listener}
listener.security.protocol.map=CONTROLLER:PLAINTEXT,{listener}:{listener}
log.dirs={log_dir}
auto.create.topics.enable=true
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
# After a crash the controller refuses the restarted broker until its old session expires (default 9 s).
broker.heartbeat.interval.ms=1000
broker.session.timeout.ms=4000
num.network.threads=2
num.io.threads=2
num.recovery.threads.per.data.dir=1
background.threads=2
log.cleaner.dedupe.buffer.size=2097152
"""
SCRAM_PROPERTIES = """\
sasl.enabled.mechanisms={mechanism}
sasl.mechanism.inter.broker.protocol={mechanism}
listener.name.sasl_plaintext.{mechanism_key}.sasl.jaas.config=\
org.apache.kafka.common.security.scram.ScramLoginModule required username="{admin}" password="{password}";
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
# The controller listener stays PLAINTEXT on 127.0.0.1; its principal, ANONYMOUS, is this broker's own requests
# to its controller (SCRAM cannot authenticate controller connections: the credentials live in the metadata log).
super.users=User:{admin};User:ANONYMOUS
allow.everyone.if.no.acl.found=false
"""
LISTENERS = re.compile(r"^listeners=(?:SASL_)?PLAINTEXT://127\.0\.0\.1:(\d+),CONTROLLER://127\.0\.0\.1:(\d+)$", re.M)


class BrokerError(RuntimeError):
    """The local broker could not be fetched or started; the message says why and what to do."""


@dataclass(frozen=True)
class Scram:
    """SASL/SCRAM on the client listener and Kafka's StandardAuthorizer: a user may do only what an ACL grants,
    except `admin` (the broker's own principal and the one super user). Passwords are stored at format time."""

    passwords: Mapping[str, str]  # user name -> password; must include `admin`
    mechanism: Literal["SCRAM-SHA-512", "SCRAM-SHA-256"] = "SCRAM-SHA-512"
    admin: str = "admin"

    def __post_init__(self) -> None:
        if self.admin not in self.passwords:
            raise ValueError(f"Scram needs a password for {self.admin!r}, the broker's own principal")

    def login(self, user: str, password: str | None = None) -> KafkaSecurity:
        """Client settings of `user`, with its own password unless another is given."""
        secret = SecretStr(self.passwords[user] if password is None else password)
        return KafkaSecurity(
            security_protocol="SASL_PLAINTEXT", sasl_mechanism=self.mechanism, sasl_username=user, sasl_password=secret
        )

    def properties(self) -> str:
        return SCRAM_PROPERTIES.format(mechanism=self.mechanism, mechanism_key=self.mechanism.lower(),
                                       admin=self.admin, password=self.passwords[self.admin])  # fmt: skip

    def format_arguments(self) -> list[str]:
        return [f"--add-scram={self.mechanism}=[name={user},password={password}]"
                for user, password in self.passwords.items()]  # fmt: skip


def _has_jars() -> bool:
    return any(LIBS.glob("kafka_2.13-*.jar")) and any(LIBS.glob("log4j-slf4j-impl-*.jar"))


def ensure_jars() -> Path:
    """The folder of the broker's jars, resolved from Maven Central on first use and cached after."""
    if _has_jars():
        return LIBS
    for tool in ("java", "mvn"):
        if shutil.which(tool) is None:
            raise BrokerError(f"`{tool}` is not installed: the local Kafka broker needs Java 17+ and Maven")
    print(f"resolving Apache Kafka jars from Maven Central into {LIBS} (once)", flush=True)
    command = ["mvn", "-B", "-q", "-f", str(HERE / "pom.xml"), DEPENDENCY_PLUGIN, "-DincludeScope=runtime",
               f"-DoutputDirectory={LIBS}"]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0 or not _has_jars():
        raise BrokerError(f"mvn could not resolve the Kafka jars:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return LIBS


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _two_free_ports() -> tuple[int, int]:
    # Both sockets stay bound until both ports are known, so the two ports differ.
    with socket.socket() as first, socket.socket() as second:
        first.bind(("127.0.0.1", 0))
        second.bind(("127.0.0.1", 0))
        return int(first.getsockname()[1]), int(second.getsockname()[1])


def _saved_ports(data_dir: Path) -> tuple[int, int] | None:
    properties = data_dir / "server.properties"
    match = LISTENERS.search(properties.read_text()) if properties.exists() else None
    return (int(match[1]), int(match[2])) if match else None


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


async def _broker_count(bootstrap: str, options: dict[str, Any]) -> int:
    client = AIOKafkaClient(bootstrap_servers=bootstrap, request_timeout_ms=3000, **options)
    try:
        await client.bootstrap()
        return len(client.cluster.brokers())
    finally:
        await client.close()


def _answers_metadata(bootstrap: str, options: dict[str, Any]) -> bool:
    # Its own thread and loop, so that start() also works when called from inside a running event loop.
    with ThreadPoolExecutor(1) as pool:
        try:
            return pool.submit(asyncio.run, _broker_count(bootstrap, options)).result() > 0
        except (KafkaError, OSError, TimeoutError):
            return False


def _cluster_id() -> str:
    while (cid := base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")).startswith("-"):
        pass
    return cid


class LocalKafka(LocalServer):
    """One broker on 127.0.0.1; a stop and start on the same data directory keeps its topics and records.
    With `scram`, clients log in with SASL/SCRAM and need ACLs for everything (see Scram)."""

    def __init__(
        self, data_dir: Path | None = None, port: int | None = None, controller_port: int | None = None,
        heap: str = "512m", scram: Scram | None = None, jvm_options: Sequence[str] = JVM_OPTIONS,
    ) -> None:  # fmt: skip
        self.data_dir = (data_dir or Path(tempfile.mkdtemp(prefix="kafka-"))).resolve()
        self.log_path = self.data_dir / "broker.log"
        # A reused data dir keeps its ports, so clients holding the old bootstrap address reconnect after a restart.
        saved = _saved_ports(self.data_dir) or _two_free_ports()
        self.port = port or saved[0]
        self.controller_port = controller_port or saved[1]
        self.heap = heap
        self.scram = scram
        self.jvm_options = list(jvm_options)

    @property
    def bootstrap_servers(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def admin_security(self) -> KafkaSecurity | None:
        """Client settings of the super user; None when the broker has no security."""
        return self.scram.login(self.scram.admin) if self.scram else None

    def start(self, timeout: float = 60) -> str:
        """Start the broker (formatting its storage the first time) and return its bootstrap address when ready."""
        if self.running:
            return self.bootstrap_servers
        self._refuse_taken_ports()
        properties = self._configure()
        command = self._java(*self.jvm_options, f"-Xmx{self.heap}", "kafka.Kafka", str(properties))
        self._spawn(command)
        try:
            self._wait_until_ready(timeout)
        except BaseException:
            self.stop()
            raise
        return self.bootstrap_servers

    def _java(self, *args: str) -> list[str]:
        logging = f"-Dlog4j2.configurationFile={HERE / 'log4j2.properties'}"
        return ["java", logging, "-cp", f"{ensure_jars()}/*", *args]

    def _configure(self) -> Path:
        log_dir = self.data_dir / "log"
        properties = self.data_dir / "server.properties"
        self.data_dir.mkdir(parents=True, exist_ok=True)
        listener = "SASL_PLAINTEXT" if self.scram else "PLAINTEXT"
        config = SERVER_PROPERTIES.format(
            listener=listener, port=self.port, controller_port=self.controller_port, log_dir=log_dir
        )
        properties.write_text(config + (self.scram.properties() if self.scram else ""))
        if not (log_dir / "meta.properties").exists():
            self._format(properties)
        return properties

    def _format(self, properties: Path) -> None:
        command = self._java(*JVM_OPTIONS, "-Xmx256m", "kafka.tools.StorageTool", "format", "--standalone",
                             "-t", _cluster_id(), "-c", str(properties),
                             *(self.scram.format_arguments() if self.scram else []))  # fmt: skip
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            raise BrokerError(f"formatting Kafka storage in {self.data_dir} failed:\n{result.stdout}{result.stderr}")

    def _refuse_taken_ports(self) -> None:
        # A second broker on the same data directory would corrupt the first one's metadata log before failing.
        if _port_open(self.port) or _port_open(self.controller_port):
            raise BrokerError(f"port {self.port} or {self.controller_port} is taken: is a broker already running "
                              f"on {self.data_dir}? Stop it, or pass other ports and another data_dir")  # fmt: skip

    def _wait_until_ready(self, timeout: float) -> None:
        # Kafka opens a fixed listener port only once the broker is unfenced; metadata then proves it answers.
        deadline = time.monotonic() + timeout
        options = kafka_client_options(self.admin_security)
        while not (_port_open(self.port) and _answers_metadata(self.bootstrap_servers, options)):
            if not self.running:
                raise BrokerError(f"Kafka exited while starting; {self.log_path} ends with:\n{self.log_tail()}")
            if time.monotonic() > deadline:
                raise BrokerError(f"Kafka not ready after {timeout}s; {self.log_path} ends with:\n{self.log_tail()}")
            time.sleep(0.2)
