"""The policy, profile and init commands, and how the digest uses their files."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from click.testing import CliRunner, Result

from quarterdeck.cli import cli
from quarterdeck.profile import default_profile_text, load_profile, parse_profile
from quarterdeck.records import LABELS


def run(*args: str, stdin: str | None = None) -> Result:
    # Wide enough that rich does not wrap the table cells the tests look for.
    runner = CliRunner(env={"COLUMNS": "200"})
    return runner.invoke(cli, list(args), input=stdin, catch_exceptions=True)


def one_line_error(result: Result) -> str:
    """The whole stderr of a failed command: exactly one line, no traceback."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_new_commands_have_help() -> None:
    for args in (["policy"], ["profile"], ["profile", "check"], ["profile", "show"], ["init"]):
        result = run(*args, "--help")
        assert result.exit_code == 0, args
        assert "Usage:" in result.output


# -- policy ---------------------------------------------------------------------


def test_policy_prints_the_bundled_table_without_marks() -> None:
    result = run("policy")
    assert result.exit_code == 0, result.output
    for label in LABELS:
        assert label in result.stdout
    assert "only when it ships in a model I can call" in result.stdout
    assert "overridden" not in result.stdout
    assert "*" not in result.stdout


def test_policy_marks_rows_overridden_by_the_home_file(home: Path) -> None:
    path = write(home / "policy.toml", '[types.optimization_theory]\nanswer = "Often"\n')
    result = run("policy", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    rows = {row["type"]: row for row in data["rows"]}
    assert rows["optimization_theory"]["answer"] == "Often"
    assert rows["optimization_theory"]["overridden_by"] == [{"source": str(path), "fields": ["answer"]}]
    assert rows["math_foundation"]["overridden_by"] == []
    assert data["sources"] == ["bundled table", str(path)]
    table = run("policy")
    assert f"* optimization_theory overridden by {path} (answer)" in table.stdout
    marked = [line for line in table.stdout.splitlines() if line.strip().startswith("*")]
    assert len(marked) == 2  # the row and its footnote


def test_policy_preset_option_and_version(home: Path) -> None:
    base = json.loads(run("policy", "--format", "json").stdout)
    researcher = json.loads(run("policy", "--preset", "researcher", "--format", "json").stdout)
    assert researcher["version"] != base["version"]
    rows = {row["type"]: row for row in researcher["rows"]}
    assert rows["optimization_theory"]["answer"] == "Often"
    assert rows["optimization_theory"]["overridden_by"][0]["source"] == "preset researcher"
    assert run("policy", "--preset", "nobody").exit_code == 2


def test_policy_with_bad_file_is_one_line_naming_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path / "mine.toml", '[types.analysis]\nanswer = "Usually"\n')
    line = one_line_error(run("policy", "--policy", str(path)))
    assert line.startswith(f"Error: {path}:2: [types.analysis] answer 'Usually' is not an answer; use one of")


# -- the digest uses the home files ---------------------------------------------


def test_home_policy_changes_the_digest_verdicts(home: Path, sample_path: Path) -> None:
    run("ingest", str(sample_path))
    before = json.loads(run("digest", "--format", "json").stdout)
    kept = Counter(p["type"] for s in before["sections"] for p in s["papers"])
    assert len(kept) >= 2, kept
    # Set the first kept type aside in the home policy file: its papers leave the digest.
    dropped = sorted(kept)[0]
    write(home / "policy.toml", f'[types.{dropped}]\nanswer = "Almost never"\n')
    after = json.loads(run("digest", "--format", "json").stdout)
    assert after["policy_version"] != before["policy_version"]
    assert Counter(p["type"] for s in after["sections"] for p in s["papers"]) == kept - Counter({dropped: 99})
    assert after["set_aside"][dropped] == before["set_aside"].get(dropped, 0) + kept[dropped]


def test_bad_home_policy_or_profile_stops_the_digest_in_one_line(home: Path, sample_path: Path) -> None:
    run("ingest", str(sample_path))
    write(home / "policy.toml", "[types.nonsense]\n")
    assert "unknown type [types.nonsense]" in one_line_error(run("digest"))
    (home / "policy.toml").unlink()
    write(home / "profile.toml", "max_paper_per_week = 8\n")
    assert "unknown key 'max_paper_per_week'" in one_line_error(run("digest"))


def test_digest_names_the_profile_in_every_format(home: Path, sample_path: Path) -> None:
    run("ingest", str(sample_path))
    default = "reference reader (default profile)"
    assert json.loads(run("digest", "--format", "json").stdout)["profile"] == default
    for fmt in ("markdown", "html"):
        assert f"for {default}" in run("digest", "--format", fmt).stdout
    assert default in run("digest").stdout
    path = write(home / "profile.toml", 'name = "Me"\nfocus = ["rag"]\nstack = ["LLM"]\n')
    assert json.loads(run("digest", "--format", "json").stdout)["profile"] == f"Me ({path})"
    assert f"for Me ({path})" in run("digest", "--format", "html").stdout


# -- profile --------------------------------------------------------------------


def test_profile_check_without_a_profile_says_it_uses_the_reference_reader(home: Path) -> None:
    result = run("profile", "check")
    assert result.exit_code == 0, result.output
    assert "using the reference reader (default profile)" in result.stderr
    assert result.stdout.startswith("OK bundled reference reader: ")
    assert "at most 10 papers a week; 8 x H100" in result.stdout


def test_profile_check_reports_a_typo_in_one_line(tmp_path: Path) -> None:
    path = write(tmp_path / "p.toml", 'name = "me"\nmax_paper_per_week = 8\n')
    line = one_line_error(run("profile", "check", str(path)))
    assert line.startswith(f"Error: {path}:2: unknown key 'max_paper_per_week'")
    assert "did you mean 'max_papers_per_week'" in line
    assert "valid keys: name, max_papers_per_week" in line
    assert "cannot read profile" in one_line_error(run("profile", "check", str(tmp_path / "nope.toml")))


def test_profile_show_prints_the_effective_profile(home: Path) -> None:
    result = run("profile", "show")
    assert result.exit_code == 0, result.output
    assert "reference reader (default profile)" in result.stdout
    assert "speculative decoding" in result.stdout
    write(home / "profile.toml", 'name = "Theory reader"\nfocus = ["convergence"]\ngpus = 1\n')
    mine = run("profile", "show").stdout
    assert "Theory reader" in mine and "convergence" in mine
    assert "speculative decoding" not in mine


# -- init -----------------------------------------------------------------------


def test_init_yes_writes_the_reference_defaults_and_refuses_to_overwrite(home: Path) -> None:
    result = run("init", "--yes")
    assert result.exit_code == 0, result.output
    path = home / "profile.toml"
    assert f"Wrote {path}" in result.stdout
    text = path.read_text()
    assert text.startswith("# ")
    profile = load_profile()
    assert profile.source == str(path)
    assert (profile.gpus, profile.max_serve_params_b, profile.max_papers_per_week) == (8, 70.0, 10)
    assert run("profile", "check").exit_code == 0
    path.write_text(text + "# my edits\n")
    line = one_line_error(run("init", "--yes"))
    assert "already exists" in line and "--force" in line
    assert path.read_text().endswith("# my edits\n")
    assert run("init", "--yes", "--force").exit_code == 0
    assert not path.read_text().endswith("# my edits\n")


def test_init_asks_and_round_trips_the_answers(home: Path) -> None:
    # A bad pattern and an out-of-range count are asked again, not written.
    result = run(
        "init",
        stdin="2\n13.5\nrag, (bad\nrag, tool use\n20\n7\nship search; cut latency\nAda Lovelace, DeepMind\n",
    )
    assert result.exit_code == 0, result.output
    assert "not a valid pattern" in result.output
    profile = load_profile()
    assert profile.gpus == 2
    assert profile.max_serve_params_b == 13.5
    assert profile.focus_terms == ("rag", "tool use")
    assert profile.max_papers_per_week == 7
    assert profile.goals == ("ship search", "cut latency")
    assert profile.follow == ("Ada Lovelace", "DeepMind")
    # Other focus areas than the reference reader's: their own patterns decide.
    assert profile.relevance == "focus"


def test_init_with_empty_answers_keeps_the_reference_reader(home: Path) -> None:
    result = run("init", stdin="\n\n\n\n\n\n")
    assert result.exit_code == 0, result.output
    mine, reference = load_profile(), parse_profile(default_profile_text(), "reference")
    assert mine.source and not reference.source
    assert mine.focus_terms == reference.focus_terms
    assert (mine.relevance, mine.goals, mine.categories) == (
        "reference",
        reference.goals,
        reference.categories,
    )
    assert (mine.gpus, mine.max_serve_params_b) == (reference.gpus, reference.max_serve_params_b)
