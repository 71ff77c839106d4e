"""The local s3proxy's configuration: loopback, signed requests only, path-style, files on disk."""

from __future__ import annotations

from pathlib import Path

from infra.runtime.s3 import LocalS3, s3proxy_properties
from infra.settings import Settings


def test_s3proxy_binds_loopback_checks_signatures_and_stores_files(tmp_path: Path) -> None:
    text = s3proxy_properties(
        port=19000, access_key="key", secret_key="secret", data_dir=tmp_path / "data"
    )
    props = dict(line.split("=", 1) for line in text.splitlines() if line)

    assert props["s3proxy.endpoint"] == "http://127.0.0.1:19000"
    assert props["s3proxy.authorization"] == "aws-v2-or-v4"
    assert (props["s3proxy.identity"], props["s3proxy.credential"]) == ("key", "secret")
    assert props["jclouds.provider"] == "filesystem"
    assert props["jclouds.filesystem.basedir"] == str(tmp_path / "data")
    assert "s3proxy.virtual-host" not in props


def test_the_local_store_follows_its_settings(tmp_path: Path) -> None:
    settings = Settings(
        _env_file=None, var_dir=tmp_path / "var", cache_dir=tmp_path / "cache", s3_port=19000
    )
    local = LocalS3(settings)

    assert local.external_url is None
    assert local.ports == (19000,)
    assert local.address == "http://127.0.0.1:19000"
    assert local.home == tmp_path / "var" / "s3"
    assert local.jar == tmp_path / "cache" / "s3proxy" / "4.1.0" / "s3proxy-4.1.0.jar"

    external = LocalS3(settings.model_copy(update={"s3_url": "http://store:9000"}))
    assert external.external_url == external.address == "http://store:9000"
