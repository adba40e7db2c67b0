"""The trained line model: fits, saves and loads as plain arrays, and the user's phrases win over it."""

from __future__ import annotations

import json
from pathlib import Path

from quarterdeck.classify.model_file import load_model, save_model
from quarterdeck.roles import analyse_source, default_line_classifier
from quarterdeck.roles.lexicon import bundled_lexicon, load_lexicon, user_lexicon_path
from quarterdeck.roles.model import LineModel, ModelClassifier, bundled_model_path, user_model_path
from quarterdeck.roles.train import fit_line_model, load_labeled

# Tiny labeled postings written for this test, in the labels' format.
POSTINGS = [
    ("p1", "Research Scientist", [
        ("Research Scientist", "title", "none"), ("Responsibilities:", "heading", "none"),
        ("Design and run experiments on reasoning", "duty", "R_experiments"),
        ("Publish papers at conferences", "duty", "R_papers"), ("Requirements:", "heading", "none"),
        ("PhD in machine learning", "requirement", "none"),
        ("Benefits: health insurance", "boilerplate", "none"),
    ]),
    ("p2", "Data Engineer", [
        ("Data Engineer", "title", "none"), ("What you will do", "heading", "none"),
        ("Build data pipelines and ETL jobs", "duty", "E_data"),
        ("Join the on-call rotation", "duty", "E_oncall"),
        ("Qualifications", "heading", "none"), ("Experience with SQL", "requirement", "none"),
        ("We are an equal opportunity employer", "boilerplate", "none"),
    ]),
    ("p3", "Backend Engineer", [
        ("Backend Engineer", "title", "none"), ("Responsibilities", "heading", "none"),
        ("Maintain production services", "duty", "E_production"), ("Build data pipelines", "duty", "E_data"),
        ("Run experiments with new caching", "duty", "R_experiments"), ("About us", "heading", "none"),
        ("We are a small team in Oslo", "about", "none"),
    ]),
]  # fmt: skip


def _write_labels(tmp_path: Path) -> tuple[Path, Path]:
    lines, postings = tmp_path / "lines.jsonl", tmp_path / "postings.jsonl"
    with lines.open("w") as fh:
        for pid, _, rows in POSTINGS:
            for number, (text, section, kind) in enumerate(rows):
                row = {"posting_id": pid, "line": number, "text": text, "section": section, "kind": kind}
                fh.write(json.dumps({**row, "evidence": "", "labeled_by": "test"}) + "\n")
    with postings.open("w") as fh:
        for pid, title, _ in POSTINGS:
            fh.write(
                json.dumps(
                    {"posting_id": pid, "title": title, "role_class": "unclear", "title_matches": True}
                )
            )
            fh.write("\n")
    return lines, postings


def test_fit_save_load_and_predict(tmp_path: Path) -> None:
    labeled = load_labeled(*_write_labels(tmp_path))
    assert [p.posting_id for p in labeled] == ["p1", "p2", "p3"]
    assert labeled[0].lines[2].section == "duty" and labeled[0].role_class == "unclear"
    model = fit_line_model(labeled, bundled_lexicon())
    path = tmp_path / "model.npz"
    save_model(model, path)
    loaded = load_model(path)
    assert isinstance(loaded, LineModel) and loaded.version == model.version
    lexicon = bundled_lexicon()
    line = labeled[1].lines[2]
    assert loaded.section(line) == model.section(line) == "duty"
    kind, evidence = loaded.kind("Build data pipelines and ETL jobs", lexicon)
    assert kind == "E_data" and evidence.lower() in "build data pipelines and etl jobs"


def test_user_phrases_decide_before_the_model(tmp_path: Path, home: Path) -> None:
    model = fit_line_model(load_labeled(*_write_labels(tmp_path)), bundled_lexicon())
    home.mkdir(parents=True)
    user_lexicon_path().write_text('[R_community]\nphrases = ["welcome visitors"]\n', encoding="utf-8")
    classifier = ModelClassifier(model, load_lexicon())
    assert classifier.kinds(["Welcome visitors to the lab"]) == [("R_community", "Welcome visitors")]


def test_lexicon_by_default_and_a_model_built_into_home_on_top(
    roles_data: Path, tmp_path: Path, home: Path
) -> None:
    # No model ships (the labeled postings carry no licence): the lexicon and rules work alone.
    assert not bundled_model_path().is_file()
    plain = default_line_classifier()
    assert plain.version.startswith("lexicon-")
    report = analyse_source(str(roles_data / "research-scientist.md"))
    assert report.method == plain.version
    assert report.role_class in ("research", "research-leaning")
    home.mkdir(parents=True)
    save_model(fit_line_model(load_labeled(*_write_labels(tmp_path)), bundled_lexicon()), user_model_path())
    assert default_line_classifier().version.startswith("role-lines-")
