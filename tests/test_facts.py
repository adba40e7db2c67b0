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
    values = [f.value for f in facts.cost_multipliers]
    assert values == ["64 samples", "self-consistency", "3 agents"]


def test_no_multiplier_in_plain_abstract() -> None:
    assert extract_facts(paper("We fine-tune a small model with LoRA.")).cost_multipliers == ()


def test_sentences_split_on_sentence_ends_only() -> None:
    assert sentences("We use e.g. LoRA. It is 2.5x faster. (Results) hold.") == [
        "We use e.g. LoRA.",
        "It is 2.5x faster.",
        "(Results) hold.",
    ]
