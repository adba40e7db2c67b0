from __future__ import annotations

import json
from pathlib import Path

from tests.test_cli import one_line_error, run


def test_triage_prints_the_machine_interface_per_paper(sample_path: Path, home: Path) -> None:
    result = run("triage", str(sample_path))
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 12
    for row in rows:
        assert {"id", "title", "type", "confidence", "verdict", "reason", "evidence", "next_step"} <= set(row)
        assert set(row["facts"]) >= {"released", "models", "params", "compute", "gains", "cost_trap"}
        assert 0.0 <= row["relevance"] <= 1.0
        assert row["verdict"] in {"act", "check", "budget", "watch", "skip"} and row["reason"]
    assert {r["verdict"] for r in rows} & {"act", "check"}
    assert "12 papers:" in result.stderr
    assert not home.exists() or not (home / "quarterdeck.db").exists()


def test_triage_with_another_profile_changes_verdicts(sample_path: Path, tmp_path: Path) -> None:
    default = {
        r["id"]: r["verdict"] for r in map(json.loads, run("triage", str(sample_path)).stdout.splitlines())
    }
    profile = tmp_path / "robots.toml"
    profile.write_text('relevance = "focus"\nfocus = ["robot"]\nstack = ["robot", "LLM"]\n')
    result = run("triage", "--profile", str(profile), str(sample_path))
    other = {r["id"]: r for r in map(json.loads, result.stdout.splitlines())}
    assert all(r["relevance"] is None for r in other.values())
    assert {i: r["verdict"] for i, r in other.items()} != default


def test_triage_table_and_bad_input(sample_path: Path, tmp_path: Path) -> None:
    table = run("triage", "--format", "table", str(sample_path))
    assert table.exit_code == 0 and "verdict" in table.stdout
    assert "no such file" in one_line_error(run("triage", str(tmp_path / "missing.jsonl")))
    bad = tmp_path / "bad.toml"
    bad.write_text("relevance = 3\n")
    assert "'relevance' must be a string, \"reference\" (a model learned" in one_line_error(
        run("triage", "--profile", str(bad), str(sample_path))
    )
