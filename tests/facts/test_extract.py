from __future__ import annotations

from quarterdeck.facts import extract_facts, sentences
from quarterdeck.records import Paper


def paper(abstract: str, comment: str = "") -> Paper:
    return Paper(title="T", abstract=abstract, comment=comment)


def test_repository_url_is_released_code_with_its_sentence() -> None:
    facts = extract_facts(paper("We propose X. Code is available at https://github.com/acme/x. It works."))
    assert facts.released_kinds == {"code"}
    assert facts.released[0].sentence == "Code is available at https://github.com/acme/x."


def test_future_release_without_url_does_not_count() -> None:
    facts = extract_facts(paper("We propose X. Code and data will be released upon acceptance."))
    assert facts.released_kinds == frozenset()


def test_present_tense_release_of_dataset_and_weights() -> None:
    facts = extract_facts(paper("We release the dataset and model weights to the community."))
    assert facts.released_kinds == {"data", "weights"}


def test_release_in_comment_counts() -> None:
    facts = extract_facts(paper("We propose X.", comment="Code: https://github.com/acme/x"))
    assert facts.released_kinds == {"code"}


def test_cost_multipliers_are_found_with_their_numbers() -> None:
    facts = extract_facts(
        paper("Sampling 64 samples per query with self-consistency gains 4.1 points. We use 3 agents.")
    )
    assert {f.value for f in facts.cost_multipliers} == {"64 samples", "self-consistency", "3 agents"}


def test_no_multiplier_in_plain_abstract() -> None:
    assert extract_facts(paper("We fine-tune a small model with LoRA.")).cost_multipliers == ()


def test_sentences_split_on_sentence_ends_only() -> None:
    assert sentences("We use e.g. LoRA. It is 2.5x faster. (Results) hold.") == [
        "We use e.g. LoRA.",
        "It is 2.5x faster.",
        "(Results) hold.",
    ]


# Real abstracts (arXiv metadata, CC0) from labels/papers-dev.jsonl, all announced before 2026-06,
# cut to the sentences that carry the fact.

MINIMAX_M1 = Paper(  # 2506.13585
    title="MiniMax-M1: Scaling Test-Time Compute Efficiently with Lightning Attention",
    abstract=(
        "We introduce MiniMax-M1, the world's first open-weight, large-scale hybrid-attention "
        "reasoning model. "
        "The model is developed based on our previous MiniMax-Text-01 model, which contains a total of "
        "456 billion parameters with 45.9 billion parameters activated per token. "
        "Combining hybrid-attention and CISPO enables MiniMax-M1's full RL training on 512 H800 GPUs to "
        "complete in only three weeks, with a rental cost of just $534,700. "
        "We publicly release MiniMax-M1 at https://github.com/MiniMax-AI/MiniMax-M1."
    ),
)


def test_model_names_and_sizes_from_a_real_abstract() -> None:
    facts = extract_facts(
        paper(  # 2503.19353
            "While quantization reduces computational costs, existing methods degrade accuracy in "
            "medium-sized LLMs (e.g., Llama-3-8B) due to activation outliers."
        )
    )
    assert [f.value for f in facts.models] == ["Llama-3-8B"]
    assert [f.value for f in facts.params] == ["8B"]
    assert "Llama-3-8B" in facts.models[0].sentence


def test_parameter_counts_and_gpus_from_a_technical_report() -> None:
    facts = extract_facts(MINIMAX_M1)
    assert "MiniMax-M1" in {f.value for f in facts.models}
    assert {"456 billion parameters", "45.9 billion parameters"} <= {f.value for f in facts.params}
    assert [f.value for f in facts.compute] == ["512 H800 GPUs"]
    assert facts.compute[0].sentence.startswith("Combining hybrid-attention and CISPO")


def test_single_gpu_and_token_counts() -> None:
    assert [
        f.value
        for f in extract_facts(
            paper("This enables efficient domain transfer within hours on a single GPU.")
        ).compute
    ] == ["a single GPU"]  # 2510.27364
    facts = extract_facts(
        paper(  # 2506.03569
            "Our training combines four-stage pre-training (2.4 trillion tokens) with Mixed On-policy "
            "Reinforcement Learning (MORL) integrating diverse reward signals."
        )
    )
    assert [f.value for f in facts.tokens] == ["2.4 trillion tokens"]


def test_claimed_gain_keeps_metric_context_and_number() -> None:
    facts = extract_facts(
        paper(  # 2503.17540
            "MM-UNet achieves a Dice score of 91.0% on AMOS2022, surpassing nnUNet by 3.2%, and a Dice score "
            "of 87.1% on Synapse."
        )
    )
    assert [f.value for f in facts.gains] == ["surpassing nnUNet by 3.2%"]


def test_released_weights_and_code_from_a_repository_link() -> None:
    facts = extract_facts(MINIMAX_M1)
    # "We publicly release MiniMax-M1": a model paper's named release is its weights; the link is code.
    assert facts.released_kinds == {"weights", "code"}


def test_named_release_of_a_benchmark_is_data() -> None:
    facts = extract_facts(
        Paper(  # 2505.19028
            title="InfoChartQA: A Benchmark for Multimodal Question Answering on Infographic Charts",
            abstract="We release InfoChartQA at https://github.com/CoolDawnAnt/InfoChartQA.",
        )
    )
    assert facts.released_kinds == {"data"}


def test_future_tense_counts_only_with_a_repository_url() -> None:
    promise = extract_facts(paper("Our data and code will be openly released in the future."))
    assert promise.released_kinds == frozenset()
    linked = extract_facts(paper("The code will be available at https://github.com/Yangyi-Chen/PRIOR"))
    assert linked.released_kinds == {"code"}


def test_project_page_alone_is_not_released_code() -> None:
    facts = extract_facts(paper("We propose X.", comment="Project Page: https://poster-maker.github.io"))
    assert facts.released_kinds == frozenset()


def test_cost_trap_with_a_stated_multiplier() -> None:
    facts = extract_facts(
        Paper(  # 2509.04475
            title="ParaThinker: Native Parallel Thinking as a New Paradigm to Scale LLM Test-time Compute",
            abstract=(
                "On challenging reasoning benchmarks, ParaThinker achieves substantial accuracy improvements "
                "over sequential LLMs (12.3% for 1.5B and 7.5% for 7B models on average with "
                "8 parallel paths), "
                "while adding only negligible latency overhead (7.1%)."
            ),
        )
    )
    assert facts.cost_trap is not None
    assert facts.cost_trap.multiplier == "8 samples"
    assert "8 parallel paths" in facts.cost_trap.evidence


def test_cost_trap_without_a_stated_multiplier() -> None:
    facts = extract_facts(
        Paper(  # 2505.13271
            title="CSC-SQL: Corrective Self-Consistency in Text-to-SQL via Reinforcement Learning",
            abstract=(
                "To leverage the strengths of both approaches, we propose CSC-SQL, a novel method "
                "that integrates "
                "Self-Consistency and Self-Correction. Additionally, we employ the Group Relative Policy "
                "Optimization (GRPO) algorithm to fine-tune both the SQL generation and revision models via "
                "reinforcement learning, significantly enhancing output quality."
            ),
        )
    )
    assert facts.cost_trap is not None
    assert facts.cost_trap.multiplier is None


def test_multiplier_without_a_gain_claim_is_no_trap_for_the_rules() -> None:
    facts = extract_facts(paper("We describe a pipeline that draws 16 samples per query."), rules_only=True)
    assert [f.value for f in facts.cost_multipliers] == ["16 samples"]
    assert facts.cost_trap is None


def test_as_dict_has_the_machine_interface_shape() -> None:
    shape = extract_facts(MINIMAX_M1, rules_only=True).as_dict()
    assert set(shape) == {"released", "models", "params", "compute", "tokens", "gains", "cost_trap"}
    assert shape["released"] == ["code", "weights"]
    assert shape["compute"] == ["512 H800 GPUs"]
    assert shape["cost_trap"] is None
    trap = extract_facts(
        paper("Best-of-64 sampling improves accuracy by 4.1 points."), rules_only=True
    ).as_dict()["cost_trap"]
    assert trap == {
        "multiplier": "best-of-64",
        "evidence": "Best-of-64 sampling improves accuracy by 4.1 points.",
    }
    empty = extract_facts(paper("We study X.")).as_dict()
    assert all(value == [] for key, value in empty.items() if key != "cost_trap")
