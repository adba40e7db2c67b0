"""The classify, train and eval commands, end to end through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from quarterdeck.cli import cli

DATA = Path(__file__).parents[1] / "data"
LABELED = DATA / "labeled-sample.jsonl"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def one_line_error(result: Result) -> str:
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


def test_classify_prints_one_json_line_per_paper_with_evidence() -> None:
    result = run("classify", str(DATA / "arxiv-sample.jsonl"))
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 12
    for row in rows:
        assert set(row) >= {"id", "type", "confidence", "secondary", "evidence", "uncertain", "notes"}
        assert 0.0 <= row["confidence"] <= 1.0
        assert row["evidence"], row
    chunking = next(r for r in rows if r["id"] == "2605.22834")
    assert chunking["type"] == "agent_pattern"


def test_classify_title_only_is_marked_uncertain(tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@article{hu2021lora,\n title={{LoRA}: Low-Rank Adaptation of Large Language Models},\n"
        " author={Hu, Edward and Shen, Yelong},\n year={2021},\n"
        " eprint={2106.09685},\n archivePrefix={arXiv}\n}\n"
    )
    (row,) = [json.loads(line) for line in run("classify", str(bib)).stdout.splitlines()]
    assert row["id"] == "2106.09685"
    assert row["uncertain"] is True
    assert row["notes"] == ["no abstract: classified from the title alone"]


def test_classify_table_and_bad_paths(tmp_path: Path) -> None:
    table = run("classify", "--format", "table", str(DATA / "arxiv-sample.jsonl"))
    assert table.exit_code == 0 and "2605.22834" in table.stdout
    assert "no such file or directory" in one_line_error(run("classify", str(tmp_path / "none.jsonl")))
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = run("classify", str(empty))
    assert result.exit_code == 1
    assert "empty file" in result.stderr and "no paper could be read" in result.stderr


def test_missing_or_damaged_model_says_how_to_fix(tmp_path: Path) -> None:
    sample = str(DATA / "arxiv-sample.jsonl")
    line = one_line_error(run("classify", "--model", str(tmp_path / "nope.npz"), sample))
    assert "not found" in line and "quarterdeck train" in line
    damaged = tmp_path / "damaged.npz"
    damaged.write_bytes(b"PK\x03\x04 not really a zip")
    assert "damaged" in one_line_error(run("classify", "--model", str(damaged), sample))


def test_labeled_file_with_unknown_label_names_line_and_valid_ids(tmp_path: Path) -> None:
    lines = LABELED.read_text().splitlines()
    record = json.loads(lines[1])
    record["label"] = "novel_method"
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join([lines[0], json.dumps(record), *lines[2:]]) + "\n")
    line = one_line_error(run("train", str(bad)))
    assert f"{bad}:2: unknown label 'novel_method'; valid ids: foundation_model, training_recipe" in line


def test_retraining_moves_predictions_toward_the_teams_labels(tmp_path: Path, home: Path) -> None:
    records = [json.loads(line) for line in LABELED.read_text().splitlines()]
    surveys = [r for r in records if r["label"] == "survey"]
    held_out, train_surveys = surveys[0], surveys[1:]
    probe = tmp_path / "probe.jsonl"
    probe.write_text(json.dumps(held_out) + "\n")
    others = [r for r in records if r["label"] != "survey"]

    def train_and_probe(survey_label: str) -> str:
        labeled = tmp_path / f"team-{survey_label}.jsonl"
        relabeled = [dict(r, label=survey_label) for r in train_surveys]
        labeled.write_text("".join(json.dumps(r) + "\n" for r in relabeled + others))
        trained = run("train", str(labeled))
        assert trained.exit_code == 0, trained.output
        assert (home / "classifier.npz").is_file()
        (row,) = [json.loads(line) for line in run("classify", str(probe)).stdout.splitlines()]
        return str(row["type"])

    assert train_and_probe("survey") == "survey"
    # The team decides surveys are "other" for them: the same unseen survey follows.
    assert train_and_probe("other") == "other"


def test_eval_reports_scores_and_warns_about_training_overlap(tmp_path: Path, home: Path) -> None:
    assert run("train", str(LABELED)).exit_code == 0
    result = run("eval", str(LABELED), "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["n"] == 36 and 0.0 <= data["macro_f1"] <= data["accuracy"] + 1
    assert {c["label"] for c in data["per_class"]} >= {"survey", "benchmark", "scaling_law"}
    assert len(data["confusion"]) == len(data["labels"])
    assert "36 of 36 papers were in the model's training data" in result.stderr


def test_eval_cross_validation_and_text_report() -> None:
    result = run("eval", str(LABELED), "--cv", "3")
    assert result.exit_code == 0, result.output
    assert "3-fold cross-validation of tfidf" in result.stdout
    assert "macro-F1" in result.stdout and "Confusion matrix" in result.stdout
    assert "fewer than 20 papers labeled" in one_line_error(run("eval", str(LABELED), "--cv", "20"))
