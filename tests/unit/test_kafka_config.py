"""The generated broker configuration is a valid single-node KRaft setup."""

from __future__ import annotations

import re
from pathlib import Path

from infra.runtime.kafka import new_cluster_id, server_properties


def test_cluster_ids_look_like_kafka_uuids() -> None:
    ids = {new_cluster_id() for _ in range(200)}
    assert len(ids) == 200
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{22}", cid) and cid[0] != "-" for cid in ids)


def test_server_properties_bind_loopback_and_fit_a_single_node(tmp_path: Path) -> None:
    text = server_properties(port=19092, controller_port=19093, log_dir=tmp_path / "logs")
    props = dict(line.split("=", 1) for line in text.splitlines() if line)

    assert props["process.roles"] == "broker,controller"
    assert props["controller.quorum.voters"] == "1@127.0.0.1:19093"
    assert props["listeners"] == "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093"
    assert props["advertised.listeners"] == "PLAINTEXT://127.0.0.1:19092"
    assert props["log.dirs"] == str(tmp_path / "logs")
    replication = [k for k in props if k.endswith("replication.factor")]
    assert len(replication) == 3
    assert all(props[key] == "1" for key in replication)
