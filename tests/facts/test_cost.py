"""Inference-cost multipliers: numbers that are not multipliers stay out (real abstracts from labels/)."""

from __future__ import annotations

from quarterdeck.facts import extract_facts
from quarterdeck.records import Paper


def multipliers(abstract: str, comment: str = "") -> list[str]:
    facts = extract_facts(Paper(title="T", abstract=abstract, comment=comment), rules_only=True)
    return [f.value for f in facts.cost_multipliers]


def test_a_dataset_size_is_not_a_sample_count() -> None:
    assert (
        multipliers(  # 2507.16718
            "Finally, we present TCVideoRSBenchmark, a temporally-constrained video RS dataset containing "
            "52 samples using the videos from the MVOR dataset."
        )
        == []
    )


def test_samples_per_query_and_sampling_context_are_counted() -> None:
    assert multipliers("We draw 16 samples per query.") == ["16 samples"]
    assert multipliers("Majority voting over 40 sampled responses lifts accuracy.") == [
        "40 samples",
        "majority vote",
    ]


def test_people_and_years_are_not_agents() -> None:
    assert (
        multipliers(  # 2605.19936
            "We connect these changes to reading experience through a pilot annotation study "
            "with 20 domain experts."
        )
        == []
    )
    assert multipliers("We propose X.", comment="Accepted at ICLR 2026 Agents in the Wild Workshop.") == []
    assert multipliers("The planner coordinates three LLM-based agents.") == ["3 agents"]
