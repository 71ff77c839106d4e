"""An API run with several worker processes shows their metrics summed at `GET /metrics`, and the
pipeline's workers give way to the APIs for CPU."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from infra.http_metrics import MULTIPROCESS_METRICS, metrics_folder


def _python(code: str, env: dict[str, str] | None = None) -> str:
    ran = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True, text=True, check=True, env={**os.environ, **(env or {})},
    )  # fmt: skip
    return ran.stdout


def test_the_metrics_of_every_worker_process_are_summed(tmp_path: Path) -> None:
    folder = metrics_folder(tmp_path / "metrics" / "command-api")
    (folder / "stale.db").write_bytes(b"")
    assert list(metrics_folder(folder).iterdir()) == [], "a former run's files count no more"
    worker = """
        from infra.http_metrics import HttpMetrics
        HttpMetrics().observe("POST", "/runs", 201, 0.01)
    """
    for _ in range(2):  # two worker processes, each counting one request
        _python(worker, {MULTIPROCESS_METRICS: str(folder)})
    shown = _python("""
        from prometheus_client import CollectorRegistry, generate_latest
        from infra.http_metrics import exposed
        print(generate_latest(exposed(CollectorRegistry())).decode())
    """, {MULTIPROCESS_METRICS: str(folder)})  # fmt: skip
    assert 'pacer_http_requests_total{method="POST",route="/runs",status="201"} 2.0' in shown


def test_without_several_workers_the_process_registry_is_shown() -> None:
    shown = _python("""
        from prometheus_client import CollectorRegistry
        from infra.http_metrics import exposed
        registry = CollectorRegistry()
        print(exposed(registry) is registry)
    """, {MULTIPROCESS_METRICS: ""})  # fmt: skip
    assert shown.strip() == "True"


def test_a_pipeline_worker_runs_below_the_apis() -> None:
    shown = _python("""
        import os
        from pathlib import Path
        from infra.priority import yield_cpu
        before = os.getpriority(os.PRIO_PROCESS, 0)
        yield_cpu(0)
        print(os.getpriority(os.PRIO_PROCESS, 0) == before)
        os.setsid()  # a session of its own, as the supervisor starts it: its own autogroup
        yield_cpu(7)
        print(os.getpriority(os.PRIO_PROCESS, 0))
        group = Path("/proc/self/autogroup")
        print(group.read_text().split()[-1] if group.exists() else "7")
    """)  # fmt: skip
    unchanged, nice, group_nice = shown.split()
    assert unchanged == "True"
    assert nice == "7"
    assert group_nice == "7"


def test_an_api_runs_ahead_when_allowed_and_at_0_when_not() -> None:
    shown = _python("""
        import os
        from pathlib import Path
        from infra.priority import take_cpu
        os.setsid()
        take_cpu(-3)
        group = Path("/proc/self/autogroup")
        group_nice = group.read_text().split()[-1] if group.exists() else "-3"
        print(os.getpriority(os.PRIO_PROCESS, 0), group_nice)
        if os.geteuid() == 0:  # without CAP_SYS_NICE, as most containers run: it goes on at 0
            os.setpriority(os.PRIO_PROCESS, 0, 0)
            os.setuid(65534)
        take_cpu(-3)
        print(os.getpriority(os.PRIO_PROCESS, 0))
    """)  # fmt: skip
    nice, group_nice, unprivileged = shown.split()
    if os.geteuid() == 0:
        assert (nice, group_nice) == ("-3", "-3")
    assert unprivileged == "0"  # refused: it runs at 0, and did not fail
