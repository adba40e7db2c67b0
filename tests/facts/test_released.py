"""Released artifacts on real abstracts (arXiv metadata, CC0) from labels/, cut to the sentences that matter.

Each case is one the earlier rules got wrong.
"""

from __future__ import annotations

from quarterdeck.facts import extract_facts
from quarterdeck.records import Paper


def kinds(title: str, abstract: str, comment: str = "") -> frozenset[str]:
    return extract_facts(
        Paper(title=title, abstract=abstract, comment=comment), rules_only=True
    ).released_kinds


def test_models_in_a_list_followed_by_a_comma_are_weights() -> None:
    assert kinds(  # 2505.18129
        "One RL to See Them All: Visual Triple Unified Reinforcement Learning",
        "The V-Triune system, along with the Orsta models, is publicly available at https://github.com/MiniMax-AI.",
    ) == {"code", "weights"}


def test_open_source_predicate_counts_like_open_sourced() -> None:
    assert kinds("MOSAIC", "Code and models are open-source.") == {"code", "weights"}  # 2509.04471


def test_a_suite_of_open_models_the_paper_presents_is_weights() -> None:
    assert kinds(  # 2601.09012
        "TranslateGemma Technical Report",
        "We present TranslateGemma, a suite of open machine translation models based on the Gemma 3 "
        "foundation models.",
    ) == {"weights"}


def test_a_title_that_claims_open_weights_and_data() -> None:
    title = "Molmo2: Open Weights and Data for Vision-Language Models with Video Understanding and Grounding"
    facts = extract_facts(
        Paper(title=title, abstract="Today's strongest video-language models remain proprietary.")
    )
    assert facts.released_kinds == {"weights", "data"}
    assert facts.released[0].sentence == title  # 2601.10611


def test_a_title_that_studies_open_weight_models_releases_nothing() -> None:
    assert (
        kinds(  # 2602.05189
            "Are Open-Weight LLMs Ready for Social Media Moderation? A Comparative Study on Bluesky",
            "Motivated by recent developments of reasoning LLMs, we evaluate seven state-of-the-art models: "
            "four proprietary and three open-weight.",
        )
        == frozenset()
    )


def test_fine_tuning_an_open_source_llm_is_not_releasing_one() -> None:
    assert (
        kinds(  # 2504.08846
            "AI-University: An LLM-based platform for instructional alignment to scientific classrooms",
            "Using a graduate-level finite-element-method (FEM) course as a case study, we present "
            "a scalable pipeline to systematically construct training data, fine-tune an open-source LLM "
            "with Low-Rank "
            "Adaptation (LoRA), and optimize its responses through RAG-based synthesis.",
        )
        == frozenset()
    )


def test_a_benchmark_released_by_its_name_is_data() -> None:
    assert kinds(  # 2504.12845
        "Can LLMs reason over extended multilingual contexts? Towards long-context evaluation beyond "
        "retrieval and haystacks",
        "We open-source MLRBench to enable future research in improved evaluation and training of "
        "multilingual LLMs.",
    ) == {"data"}


def test_available_with_no_place_is_no_release() -> None:
    assert (
        kinds(  # 2605.26362
            "Why LLMs Hallucinate on Structured Knowledge: A Mechanistic Analysis of Reasoning over "
            "Linearized Representations",
            "However, even when sufficient knowledge is available, LLMs can still produce hallucinated "
            "outputs, and the underlying mechanisms behind such failures remain poorly understood.",
        )
        == frozenset()
    )


def test_build_and_release_a_dataset() -> None:
    assert kinds(  # 2506.18677
        "Reconstructing Tornadoes in 3D with Gaussian Splatting",
        "In this work we capture and release a novel multiview dataset of a small lab-based tornado.",
    ) == {"data"}


def test_a_linked_promise_counts_each_kind_it_names() -> None:
    # The guide: "a repository URL counts"; a promise without one does not.
    assert kinds(  # 2603.16958
        "PhysQuantAgent: An Inference Pipeline of Mass Estimation for Vision-Language Models",
        "We propose X.",
        comment="Code and dataset will be available at https://github.com/hisasnow/PhysQuantAgent",
    ) == {"code", "data"}
    assert kinds(
        "T", "Source code and datasets will be available at mias.group/birotation upon publication."
    ) == (frozenset())


def test_model_hub_links_say_what_they_hold() -> None:
    assert kinds(  # 2602.09082
        "UI-Venus-1.5 Technical Report",
        "Code: https://github.com/inclusionAI/UI-Venus; Model: https://huggingface.co/inclusionAI/UI-Venus-7B",
    ) == {"code", "weights"}
    assert kinds("T", "The corpus is released at https://huggingface.co/datasets/acme/corpus.") == {"data"}
