from __future__ import annotations

import pytest

from quarterdeck.errors import ConfigError
from quarterdeck.facts import extract_facts
from quarterdeck.policy import decide, default_policy, parse_policy
from quarterdeck.profile import load_profile
from quarterdeck.records import LABELS, Classification, Paper

POLICY = default_policy()
PROFILE = load_profile()

RAG = Paper(
    title="Structure-Aware RAG: Structured Retrieval Augmented Generation",
    abstract=(
        "We propose a retrieval-augmented generation pipeline for LLMs over enterprise documents. "
        "Code is available at https://github.com/example/sarag."
    ),
)


def verdict_for(paper: Paper, label: str, confidence: float = 0.9) -> tuple[str, str, tuple[str, ...], str]:
    cls = Classification(label, confidence, None, ("we propose",), "test")
    v = decide(paper, cls, extract_facts(paper), PROFILE, POLICY, version="v")
    return v.verdict, v.reason, v.evidence, v.next_step


def test_default_policy_has_the_essay_rows_in_its_words() -> None:
    assert set(POLICY.rows) == set(LABELS)
    assert POLICY.rows["foundation_model"].condition == "only when it ships in a model I can call"
    assert POLICY.rows["math_foundation"].answer == "Almost never"
    assert sum(row.origin == "essay" for row in POLICY.rows.values()) == 7


def test_agent_pattern_on_focus_with_code_is_act_with_evidence_and_next_step() -> None:
    verdict, reason, evidence, step = verdict_for(RAG, "agent_pattern")
    assert verdict == "act"
    assert "copy the pattern" in reason
    assert evidence[0] == "Code is available at https://github.com/example/sarag."
    assert step.startswith("Prototype the pattern")


def test_uncertain_type_downgrades_act_to_check() -> None:
    verdict, reason, _, _ = verdict_for(RAG, "agent_pattern", confidence=0.3)
    assert verdict == "check"
    assert reason.startswith("Type uncertain (30%)")


def test_no_release_means_check_naming_the_condition() -> None:
    paper = Paper(title="Agentic RAG for LLMs", abstract="We propose an agentic retrieval loop for LLMs.")
    verdict, reason, _, _ = verdict_for(paper, "agent_pattern")
    assert verdict == "check"
    assert "nothing is released" in reason


def test_cost_trap_is_a_check_with_the_multiplier() -> None:
    paper = Paper(
        title="Sampling more for LLM agents",
        abstract="Our LLM agent uses best-of-16 sampling and improves accuracy by 5 points. "
        "Code is at https://github.com/x/y.",
    )
    verdict, reason, evidence, _ = verdict_for(paper, "agent_pattern")
    assert verdict == "check"
    assert "best-of-16" in reason
    assert "best-of-16" in evidence[0]


def test_excluded_domain_and_theory_are_skipped() -> None:
    remote = Paper(title="LLM agents for remote sensing", abstract="We propose an agent for LLMs.")
    assert verdict_for(remote, "agent_pattern")[0] == "skip"
    theory = Paper(title="Convergence of SGD", abstract="We prove a rate for LLM training.")
    assert verdict_for(theory, "math_foundation")[0] == "skip"


def test_scaling_law_goes_to_budget() -> None:
    paper = Paper(title="Scaling laws for LLM inference", abstract="Loss follows a power law in compute.")
    assert verdict_for(paper, "scaling_law")[0] == "budget"


def test_policy_file_must_cover_every_type() -> None:
    with pytest.raises(ConfigError, match="no row for type 'foundation_model'"):
        parse_policy("version = 'x'\n[types.other]\nanswer = 'Rarely'\n", "mine.toml")
    with pytest.raises(ConfigError, match="answer 'Usually'"):
        text = "\n".join(f"[types.{label}]\nanswer = 'Usually'" for label in LABELS)
        parse_policy(text, "mine.toml")
