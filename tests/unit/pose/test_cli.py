"""`pacer analyze` on a browser landmark file: the table, the JSON and the key-frame PNG."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from pacer.cli import app
from workers.pose.landmarks import to_document
from workers.pose.testing import Script, generate


def landmarks_file(tmp_path: Path) -> Path:
    path = tmp_path / "pushups.json"
    path.write_text(json.dumps(to_document(generate(Script("push_up", reps=4, seed=11)))))
    return path


def test_analyze_prints_the_reps_and_writes_the_overlay(tmp_path: Path) -> None:
    source = landmarks_file(tmp_path)
    result = CliRunner().invoke(app, ["analyze", str(source)])
    assert result.exit_code == 0, result.output
    assert "Push-up (detected): 4 reps" in result.output
    assert (tmp_path / "pushups.overlay.png").stat().st_size > 1000


def test_analyze_can_answer_in_json(tmp_path: Path) -> None:
    source = landmarks_file(tmp_path)
    result = CliRunner().invoke(app, ["analyze", str(source), "--exercise", "push_up", "--json"])
    assert result.exit_code == 0, result.output
    analysis = json.loads(result.output)
    assert analysis["reps"] == 4
    assert analysis["detected"] is False


def test_analyze_refuses_an_unknown_exercise(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["analyze", str(landmarks_file(tmp_path)), "--exercise", "burpee"]
    )
    assert result.exit_code == 2
    assert "supported" in result.output
