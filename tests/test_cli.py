from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from quarterdeck.cli import cli


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=True)


def one_line_error(result: Result) -> str:
    """The whole stderr of a failed command: exactly one line, no traceback."""
    assert result.exit_code != 0, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


def stored_count(home: Path) -> int:
    db = sqlite3.connect(home / "quarterdeck.db")
    try:
        return int(db.execute("SELECT count(*) FROM papers").fetchone()[0])
    finally:
        db.close()


def test_every_command_has_help() -> None:
    for args in ([], ["ingest"], ["digest"], ["papers"], ["papers", "search"], ["papers", "show"]):
        result = run(*args, "--help")
        assert result.exit_code == 0, args
        assert "Usage:" in result.output
        assert len(result.output.splitlines()) > 3


def test_ingest_reports_and_is_idempotent(home: Path, sample_path: Path) -> None:
    first = run("ingest", str(sample_path))
    assert first.exit_code == 0, first.output
    assert "12 new, 0 updated, 0 unchanged, 0 rejected" in first.stdout
    second = run("ingest", str(sample_path))
    assert "0 new, 0 updated, 12 unchanged, 0 rejected" in second.stdout
    assert stored_count(home) == 12


def test_ingest_reports_bad_lines_and_keeps_going(home: Path, sample_path: Path, tmp_path: Path) -> None:
    lines = sample_path.read_text().splitlines()
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join([lines[0], "{not json", json.dumps({"title": "only a title"}), lines[1]]) + "\n")
    result = run("ingest", str(bad))
    assert result.exit_code == 0
    assert "2 new, 0 updated, 0 unchanged, 2 rejected" in result.stdout
    assert f"rejected {bad}:2: not valid JSON" in result.stderr
    assert f"rejected {bad}:3: missing abstract" in result.stderr
    assert stored_count(home) == 2


def test_ingest_missing_path_is_one_line_and_stores_nothing(home: Path, sample_path: Path) -> None:
    run("ingest", str(sample_path))
    line = one_line_error(run("ingest", "/no/such/file.jsonl"))
    assert line == "Error: no such file or directory: /no/such/file.jsonl"
    assert stored_count(home) == 12


def test_ingest_with_nothing_readable_exits_non_zero(home: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    result = run("ingest", str(empty))
    assert result.exit_code == 1
    assert f"rejected {empty}:" in result.stderr and "empty file" in result.stderr


def test_ingest_mixed_folder(home: Path, sample_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "papers.jsonl").write_text(sample_path.read_text())
    (folder / "figure.png").write_bytes(b"\x89PNG\r\n")
    (folder / "fake.pdf").write_text("this is not a pdf")
    result = run("ingest", str(folder))
    assert result.exit_code == 0
    assert "12 new" in result.stdout and "2 rejected" in result.stdout
    assert "unsupported file type '.png'" in result.stderr
    assert "not a PDF" in result.stderr


def test_no_paths_is_a_usage_error() -> None:
    result = run("ingest")
    assert result.exit_code == 2
    assert "give at least one PATH, or --bundled" in result.stderr


def test_store_that_is_not_sqlite_is_refused_and_kept(home: Path, sample_path: Path) -> None:
    home.mkdir()
    (home / "quarterdeck.db").write_text("my notes")
    line = one_line_error(run("ingest", str(sample_path)))
    assert "is not a Quarterdeck store" in line
    assert (home / "quarterdeck.db").read_text() == "my notes"


def test_read_only_home_is_one_clear_line(
    readonly_home: Path, sample_path: Path, as_unprivileged: Callable[[Callable[[], int]], int]
) -> None:
    def check() -> int:
        result = run("ingest", str(sample_path))
        lines = result.stderr.strip().splitlines()
        ok = (
            result.exit_code == 1
            and len(lines) == 1
            and "cannot" in lines[0]
            and "Traceback" not in result.stderr
        )
        return 0 if ok else 1

    assert as_unprivileged(check) == 0


def test_digest_fills_an_empty_store_from_the_bundle_once(home: Path) -> None:
    result = run("digest", "--week", "2026-W22", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["week"] == "2026-W22"
    assert data["papers_read"] > 1000
    assert 0 < data["papers_kept"] <= 10
    assert [s["title"] for s in data["sections"]] == [
        "Changes your quarter",
        "Worth a check",
        "For the budget conversation",
    ]
    for section in data["sections"]:
        for paper in section["papers"]:
            assert paper["reason"] and paper["evidence"] and paper["type"]
    assert "Stored 6668 papers from the bundled snapshot." in result.stderr
    again = run("digest", "--week", "2026-W22", "--format", "json")
    assert "bundled" not in again.stderr
    assert json.loads(again.stdout) == data
    assert stored_count(home) == 6668


@pytest.mark.parametrize(
    ("fmt", "marker"), [("markdown", "# Quarterdeck digest 2026-W"), ("html", "<!doctype html>")]
)
def test_digest_formats_written_to_file(
    home: Path, sample_path: Path, tmp_path: Path, fmt: str, marker: str
) -> None:
    run("ingest", str(sample_path))
    out = tmp_path / "out" / f"digest.{fmt}"
    result = run("digest", "--format", fmt, "--out", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_text().startswith(marker)
    assert result.stdout == ""


def test_digest_terminal_default_is_latest_week(home: Path, sample_path: Path) -> None:
    run("ingest", str(sample_path))
    result = run("digest")
    assert result.exit_code == 0, result.output
    assert "Quarterdeck digest 2026-W22" in result.stdout
    assert "Papers read: 12" in result.stdout
    assert "Set aside:" in result.stdout


def test_digest_bad_options(home: Path, sample_path: Path) -> None:
    run("ingest", str(sample_path))
    assert "bad week" in one_line_error(run("digest", "--week", "23"))
    assert "bad date" in one_line_error(run("digest", "--since", "last tuesday"))
    result = run("digest", "--week", "2026-W22", "--since", "2026-05-01")
    assert result.exit_code == 2 and "not both" in result.stderr


def test_bad_week_is_refused_before_the_store_is_filled(home: Path) -> None:
    assert "bad week '2026-W99'" in one_line_error(run("digest", "--week", "2026-W99"))
    assert not (home / "quarterdeck.db").exists()


def test_digest_of_a_week_with_no_papers_says_so(home: Path, sample_path: Path) -> None:
    run("ingest", str(sample_path))
    result = run("digest", "--week", "2026-W40", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["papers_read"] == 0
    assert "No papers in the store for 2026-W40" in result.stderr


def test_papers_search_and_show(home: Path, sample_path: Path) -> None:
    run("ingest", str(sample_path))
    run("digest")
    found = run("papers", "search", "semantic chunking")
    assert found.exit_code == 0
    assert "2605.22834" in found.stdout
    shown = run("papers", "show", "2605.22834v2", "--format", "json")
    data = json.loads(shown.stdout)
    assert data["title"].startswith("Query-Adaptive Semantic Chunking")
    assert data["type"] is not None and data["verdict"] is not None
    assert data["sources"] == [f"jsonl:{sample_path}:1"]
    text = run("papers", "show", "2605.22834")
    assert "Query-Adaptive Semantic Chunking" in text.stdout and "Verdict:" in text.stdout
    assert "no stored paper" in one_line_error(run("papers", "show", "2601.00000"))
    missing = run("papers", "search", "zzzzqqq")
    assert missing.exit_code == 1 and "No stored paper matches" in missing.stderr


def test_module_entry_point_runs(sample_path: Path) -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "quarterdeck", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert result.stdout.startswith("quarterdeck, version ")


def test_store_from_newer_quarterdeck_is_one_line_and_untouched(home: Path, sample_path: Path) -> None:
    run("ingest", str(sample_path))
    db = sqlite3.connect(home / "quarterdeck.db")
    db.execute("INSERT INTO migrations VALUES ('999_future', '2030-01-01')")
    db.commit()
    db.close()
    line = one_line_error(run("digest"))
    assert "newer Quarterdeck" in line and "upgrade" in line
    assert stored_count(home) == 12


def test_non_utf8_text_is_rejected_by_name(home: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_bytes("Caf\xe9 notes on agents\n".encode("latin-1"))
    result = run("ingest", str(notes))
    assert result.exit_code == 1
    assert f"rejected {notes}: not UTF-8 text" in result.stderr


def test_every_command_is_listed_with_its_module_and_has_help() -> None:
    import importlib

    from quarterdeck.cli.app import COMMAND_MODULES

    for module in set(COMMAND_MODULES.values()):
        importlib.import_module(f"quarterdeck.cli.{module}")
    assert set(cli.commands) == set(COMMAND_MODULES)
    for name, command in cli.commands.items():
        assert command.help and command.help.strip(), name
    listing = run("--help").stdout
    assert all(name in listing for name in COMMAND_MODULES)


def test_starting_the_command_does_not_load_the_pipeline() -> None:
    import subprocess
    import sys

    code = "import sys, quarterdeck.cli; print('quarterdeck.pipeline' in sys.modules, 'numpy' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False"]
