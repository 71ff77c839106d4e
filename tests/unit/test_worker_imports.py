"""The reactors' process declares every context's reactors and jobs but runs no job: loading them
must not load the libraries only a job's work needs (each costs tens of MiB of resident memory
in a process that never uses it)."""

from __future__ import annotations

import json
import subprocess
import sys

ONLY_FOR_THE_WORK = (
    "matplotlib",
    "typst",
    "pypdf",
    "scipy.optimize",
    "scipy.sparse",
    "cv2",
    "mediapipe",
    "workers.pose.engine",
)


def test_declaring_every_reactor_and_job_loads_no_library_of_their_work() -> None:
    loaded = subprocess.run(
        [sys.executable, "-c",
         "import json, sys\n"
         "from pacer import bootstrap\n"
         "of = bootstrap.contexts()\n"
         "of.reactors(), of.jobs()\n"
         "print(json.dumps(sorted(sys.modules)))"],
        capture_output=True, check=True, text=True,
    )  # fmt: skip
    modules = set(json.loads(loaded.stdout))
    assert modules & set(ONLY_FOR_THE_WORK) == set()
    assert "workers.nutrition.planner" in modules  # the check looks where it should
