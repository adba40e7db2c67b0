"""The role report: every field, the class thresholds, the verdict, questions and contradictions."""

from __future__ import annotations

from pathlib import Path

import pytest

from quarterdeck.roles.analyse import LexiconClassifier, NoDutiesError, analyse, role_class
from quarterdeck.roles.parse import posting_from_text, read_posting
from quarterdeck.roles.records import KINDS, report_from_dict
from quarterdeck.roles.titles import suggested_title, title_kind, title_matches, title_verdict


@pytest.mark.parametrize(
    ("research", "engineering", "expected"),
    [
        (3, 1, "research"),  # 0.75 exactly
        (5, 2, "research-leaning"),  # 0.714
        (2, 2, "research-leaning"),  # 0.5 exactly
        (2, 3, "engineering-leaning"),  # 0.4
        (1, 3, "engineering-leaning"),  # 0.25 exactly
        (1, 4, "engineering"),  # 0.2
        (0, 3, "engineering"),
        (3, 0, "research"),
        (1, 1, "unclear"),  # fewer than 3 shaped duties
        (0, 2, "unclear"),
        (0, 0, "unclear"),
    ],
)
def test_role_class_thresholds(research: int, engineering: int, expected: str) -> None:
    assert role_class(research, engineering) == expected


def test_research_posting_report(roles_data: Path, lexicon_only: LexiconClassifier) -> None:
    report = analyse(read_posting(str(roles_data / "research-scientist.md")), lexicon_only)
    assert report.title == "Research Scientist, Reasoning"
    assert [d.kind for d in report.duties] == [
        "R_experiments",
        "R_triage",
        "R_papers",
        "R_community",
        "R_frontier",
    ]
    assert all(d.evidence and d.evidence.lower() in d.text.lower() for d in report.duties)
    assert report.role_class == "research"
    assert report.research_share == 1.0 and report.engineering_share == 0.0
    assert report.title_matches is True
    assert report.title_verdict == (
        "Titled Research Scientist, Reasoning; 5 of 5 duties are research-shaped: this is a research role; "
        "the title fits"
    )
    # The PhD and publications under "Preferred qualifications" are listed, not scored.
    assert [r.text for r in report.requirements] == [
        "PhD in machine learning or a related field",
        "First-author publications at top venues",
    ]
    assert report.counts["R_papers"] == 1 and set(report.counts) == set(KINDS)
    assert not any("equal opportunity" in d.text for d in (*report.duties, *report.requirements))
    assert report.suggested_title == report.title
    assert report.contradictions == ()


def test_engineering_posting_titled_research(roles_data: Path, lexicon_only: LexiconClassifier) -> None:
    report = analyse(read_posting(str(roles_data / "ml-engineer-oncall.md")), lexicon_only)
    assert report.role_class == "engineering"
    assert report.research_duties == 1 and report.engineering_duties == 5
    assert report.engineering_share == pytest.approx(5 / 6, abs=1e-3)
    assert report.title_matches is False
    assert report.title_verdict.startswith(
        "Titled Research Scientist, Applied ML; 1 of 7 duties are research-shaped and it includes on-call: "
        "this is an engineering role with little research"
    )
    assert report.title_verdict.endswith("the title promises more research than the duties hold")
    # For hiring: a title the duties keep, and the demands that pull two ways.
    assert report.suggested_title == "ML Engineer, Applied ML"
    joined = " ".join(report.contradictions)
    assert "first-author publications and an on-call rotation" in joined
    assert "The title says research" in joined
    assert "requires a PhD" in joined


def test_report_json_has_the_issue_fields_and_round_trips(
    roles_data: Path, lexicon_only: LexiconClassifier
) -> None:
    report = analyse(read_posting(str(roles_data / "ml-engineer-oncall.md")), lexicon_only)
    data = report.as_dict()
    for field in (
        "title", "role_class", "research_share", "engineering_share", "title_matches", "title_verdict",
        "duties", "requirements", "questions",
    ):  # fmt: skip
        assert field in data
    assert set(data["duties"][0]) >= {"text", "kind", "evidence"}
    assert isinstance(data["title_matches"], bool)
    assert report_from_dict(data) == report


def test_questions_missing_ambiguous_and_settled(lexicon_only: LexiconClassifier) -> None:
    open_ended = posting_from_text(
        "Research Scientist\nResponsibilities:\n- Design and run experiments to test hypotheses\n"
        "- Develop novel methods for open research problems\n- Publish papers at ICML\n",
        "a",
    )
    asked = {q.dimension: q.status for q in analyse(open_ended, lexicon_only).questions}
    assert asked == {
        "on-call load": "missing",
        "who maintains prototypes": "missing",
        "compute per experiment": "missing",
        "how failed experiments are judged": "missing",
    }  # publishing is a duty here: the policy is stated

    settled = posting_from_text(
        "Research Scientist\nResponsibilities:\n- Design and run experiments to test hypotheses on 64 GPUs\n"
        "- Develop novel methods for open research problems\n- Publish papers at ICML\n"
        "- Hand off prototypes to the platform team, which maintains them in production\n"
        "- Negative results are written up and count as progress\n- There is no on-call for this role\n",
        "b",
    )
    assert analyse(settled, lexicon_only).questions == ()

    vague = posting_from_text(
        "ML Engineer\nResponsibilities:\n- Join the on-call rotation\n- Build data pipelines\n"
        "- Maintain production services\nRequirements:\n- First-author publications at NeurIPS\n",
        "c",
    )
    asked = {q.dimension: q.status for q in analyse(vague, lexicon_only).questions}
    assert asked == {"on-call load": "ambiguous", "publication policy": "ambiguous"}
    assert all(q.question.endswith("?") for q in analyse(vague, lexicon_only).questions)


def test_unclear_when_too_few_shaped_duties(lexicon_only: LexiconClassifier) -> None:
    posting = posting_from_text(
        "Office Manager\nResponsibilities:\n- Order supplies\n- Welcome visitors\n- Build data pipelines\n",
        "x",
    )
    report = analyse(posting, lexicon_only)
    assert report.role_class == "unclear"
    assert report.title_matches is True
    assert "too few to tell" in report.title_verdict


def test_no_recognisable_duties_is_an_error(roles_data: Path, lexicon_only: LexiconClassifier) -> None:
    with pytest.raises(NoDutiesError, match="no recognisable duties"):
        analyse(read_posting(str(roles_data / "no-duties.txt")), lexicon_only)


def test_titles() -> None:
    assert title_kind("Senior Research Scientist, Interpretability") == "research"
    assert title_kind("Research Engineer, Pretraining") == "hybrid"
    assert title_kind("Staff Software Engineer") == "engineering"
    assert title_kind("Senior Data Scientist") == "other"
    assert title_matches("Machine Learning Engineer", "engineering-leaning")
    assert not title_matches("Machine Learning Engineer", "research")
    assert title_matches("Research Engineer", "engineering-leaning")
    assert suggested_title("Senior Research Scientist, Search", "engineering", {"E_data": 3}, True) == (
        "Senior Data Engineer, Search"
    )
    assert suggested_title("ML Engineer", "research", {}, True) == "Research Scientist"
    assert title_verdict("ML Engineer", "research-leaning", {"R_papers": 2, "E_production": 1}, 4) == (
        "Titled ML Engineer; 2 of 4 duties are research-shaped: this is mostly research, "
        "with engineering work; the title undersells the research in it"
    )


def test_oncall_load_must_be_stated_on_the_oncall_line(lexicon_only: LexiconClassifier) -> None:
    posting = posting_from_text(
        "Site Reliability Engineer\nResponsibilities:\n- Join the on-call rotation\n"
        "- Maintain production services\n- Build data pipelines\n"
        "Logistics:\nWe expect staff in the office 25% of the time.\n",
        "x",
    )
    asked = {q.dimension: q.status for q in analyse(posting, lexicon_only).questions}
    assert asked["on-call load"] == "ambiguous"
