"""A local S3-compatible store: s3proxy (one jar from Maven Central) on its filesystem backend,
so buckets are folders and objects files under the service's home."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from infra.runtime.probes import probe_s3
from infra.runtime.service import LocalService
from infra.settings import LOOPBACK as HOST
from infra.settings import Settings

ARTIFACT = "org.gaul:s3proxy:{version}:jar:jar-with-dependencies"
DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1"


def s3proxy_properties(*, port: int, access_key: str, secret_key: str, data_dir: Path) -> str:
    # Path-style only: without `s3proxy.virtual-host`, bucket names are never read from the host.
    # Browsers upload straight to the store with a presigned URL, from the web app's origin.
    return f"""\
s3proxy.endpoint=http://{HOST}:{port}
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity={access_key}
s3proxy.credential={secret_key}
s3proxy.cors-allow-all=true
jclouds.provider=filesystem
jclouds.filesystem.basedir={data_dir}
"""


class LocalS3(LocalService):
    name = "s3"
    start_timeout_s = 60.0

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        version = settings.s3proxy_version
        self.jar = settings.cache_path / "s3proxy" / version / f"s3proxy-{version}.jar"

    @property
    def external_url(self) -> str | None:
        return self.settings.s3_url

    @property
    def address(self) -> str:
        return self.settings.s3_endpoint

    @property
    def ports(self) -> tuple[int, ...]:
        return (self.settings.s3_port,)

    def ensure_jar(self) -> Path:
        """Fetch s3proxy's self-contained jar once; later calls reuse the cached file."""
        if self.jar.exists():
            return self.jar
        if shutil.which("mvn") is None or shutil.which("java") is None:
            raise self.proc.failure("needs `java` (17+) and `mvn` on PATH; run `make setup`")
        self.jar.parent.mkdir(parents=True, exist_ok=True)
        # A folder of this call's own, moved into place whole: a fetch running beside it (another
        # stack starting) or one interrupted never leaves a partial jar under the final name.
        folder = Path(tempfile.mkdtemp(prefix="download-", dir=self.jar.parent))
        try:
            result = subprocess.run(
                [
                    "mvn", "-q", "-B",
                    f"-Dmaven.repo.local={self.settings.cache_path / 'm2'}",
                    f"{DEPENDENCY_PLUGIN}:copy",
                    f"-Dartifact={ARTIFACT.format(version=self.settings.s3proxy_version)}",
                    f"-DoutputDirectory={folder}",
                    "-Dmdep.stripVersion=true",
                ],
                cwd=folder, capture_output=True, text=True, check=False,
            )  # fmt: skip
            if result.returncode != 0:
                raise self.proc.failure(f"mvn could not fetch s3proxy:\n{result.stdout[-3000:]}")
            (folder / "s3proxy-jar-with-dependencies.jar").replace(self.jar)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return self.jar

    def _configure(self) -> Path:
        (self.home / "data").mkdir(parents=True, exist_ok=True)
        props = self.home / "s3proxy.properties"
        props.touch(mode=0o600)  # it holds the secret key
        props.write_text(
            s3proxy_properties(
                port=self.settings.s3_port,
                access_key=self.settings.s3_access_key,
                secret_key=self.settings.s3_secret_key.get_secret_value(),
                data_dir=self.home / "data",
            )
        )
        return props

    def spawn(self) -> None:
        jar = self.ensure_jar()
        props = self._configure()
        self.proc.spawn(
            [
                "java", "-Xmx256m", "-Xms32m", "-XX:+UseSerialGC", "-Djava.awt.headless=true",
                "-jar", str(jar), "--properties", str(props),
            ]
        )  # fmt: skip

    async def ready(self) -> str:
        buckets = await probe_s3(
            self.address,
            self.settings.s3_access_key,
            self.settings.s3_secret_key.get_secret_value(),
            self.settings.s3_region,
        )
        return f"S3 API, {buckets} bucket(s)"
