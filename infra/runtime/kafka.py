"""A real single-node Apache Kafka broker in KRaft combined mode, from Maven Central jars."""

from __future__ import annotations

import base64
import shutil
import subprocess
import uuid
from importlib import resources
from pathlib import Path

from infra.runtime.probes import probe_kafka
from infra.runtime.service import LocalService
from infra.settings import LOOPBACK as HOST
from infra.settings import Settings

STARTED_LINE = "Kafka Server started"


def new_cluster_id() -> str:
    """Kafka's Uuid text form: 16 random bytes, URL-safe base64 without padding, no leading '-'."""
    while True:
        cluster_id = base64.urlsafe_b64encode(uuid.uuid4().bytes).rstrip(b"=").decode()
        if not cluster_id.startswith("-"):
            return cluster_id


def server_properties(*, port: int, controller_port: int, log_dir: Path) -> str:
    # Replication factors of 1: the defaults (3) leave group coordination unavailable on one node.
    # A zero rebalance delay and single-partition internal topics keep first use fast.
    return f"""\
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@{HOST}:{controller_port}
listeners=PLAINTEXT://{HOST}:{port},CONTROLLER://{HOST}:{controller_port}
advertised.listeners=PLAINTEXT://{HOST}:{port}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs={log_dir}
num.partitions=3
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
num.network.threads=2
num.io.threads=2
log.cleaner.dedupe.buffer.size=16777216
"""


class KafkaBroker(LocalService):
    name = "kafka"
    # The listener opens before the broker has joined its own quorum; this line comes later.
    ready_line = STARTED_LINE

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.jars_dir = settings.cache_path / "kafka" / settings.kafka_version

    @property
    def external_url(self) -> str | None:
        return self.settings.kafka_bootstrap_servers

    @property
    def address(self) -> str:
        return self.settings.kafka_bootstrap

    @property
    def ports(self) -> tuple[int, ...]:
        return (self.settings.kafka_port, self.settings.kafka_controller_port)

    def ensure_jars(self) -> Path:
        """Collect the broker's jars once; later calls reuse the cached folder."""
        libs = self.jars_dir / "libs"
        done = self.jars_dir / ".complete"
        if done.exists():
            return libs
        if shutil.which("mvn") is None or shutil.which("java") is None:
            raise self.proc.failure("needs `java` (17+) and `mvn` on PATH; run `make setup`")
        self.jars_dir.mkdir(parents=True, exist_ok=True)
        pom = resources.files("infra.runtime.resources").joinpath("kafka-pom.xml").read_text()
        (self.jars_dir / "pom.xml").write_text(
            pom.replace("@KAFKA_VERSION@", self.settings.kafka_version)
        )
        shutil.rmtree(libs, ignore_errors=True)
        result = subprocess.run(
            [
                "mvn", "-q", "-B",
                f"-Dmaven.repo.local={self.settings.cache_path / 'm2'}",
                "dependency:copy-dependencies",
                "-DincludeScope=runtime",
                f"-DoutputDirectory={libs}",
            ],
            cwd=self.jars_dir, capture_output=True, text=True, check=False,
        )  # fmt: skip
        if result.returncode != 0:
            raise self.proc.failure(f"mvn could not collect the jars:\n{result.stdout[-3000:]}")
        done.write_text(self.settings.kafka_version)
        return libs

    def _java(self, *args: str, heap: str) -> list[str]:
        return [
            "java", f"-Xmx{heap}", "-Xms64m", "-XX:+UseG1GC", "-Djava.awt.headless=true",
            f"-Dlog4j2.configurationFile={self.home / 'log4j2.properties'}",
            f"-Dkafka.logs.dir={self.home}",
            "-cp", f"{self.jars_dir / 'libs'}/*", *args,
        ]  # fmt: skip

    def _configure(self) -> Path:
        self.home.mkdir(parents=True, exist_ok=True)
        props = self.home / "server.properties"
        props.write_text(
            server_properties(
                port=self.settings.kafka_port,
                controller_port=self.settings.kafka_controller_port,
                log_dir=self.home / "data",
            )
        )
        log4j = resources.files("infra.runtime.resources").joinpath("kafka-log4j2.properties")
        (self.home / "log4j2.properties").write_text(log4j.read_text())
        cluster_file = self.home / "cluster.id"
        if not cluster_file.exists():
            cluster_file.write_text(new_cluster_id())
        # -g skips a folder formatted before, so reusing the data folder is safe.
        result = subprocess.run(
            self._java(
                "kafka.tools.StorageTool", "format", "-g",
                "-t", cluster_file.read_text().strip(), "-c", str(props),
                heap="256m",
            ),
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if result.returncode != 0:
            raise self.proc.failure(f"formatting storage failed:\n{result.stdout}{result.stderr}")
        return props

    def spawn(self) -> None:
        self.ensure_jars()
        props = self._configure()
        self.proc.spawn(self._java("kafka.Kafka", str(props), heap=self.settings.kafka_heap))

    async def ready(self) -> str:
        return f"{await probe_kafka(self.address)} broker(s)"
