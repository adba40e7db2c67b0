"""Tests for the rule-based classifier, on real labeled papers and on rules files."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from quarterdeck.classify import Classifier
from quarterdeck.classify.rules import RuleClassifier, load_rules
from quarterdeck.errors import ConfigError
from quarterdeck.records import LABELS, UNCERTAIN_BELOW, Paper


@dataclass(frozen=True)
class LabeledCase:
    """A real paper from labels/papers-dev.jsonl (arXiv metadata, CC0) with its careful-reading label."""

    arxiv_id: str
    label: str
    categories: tuple[str, ...]
    title: str
    abstract: str

    def paper(self) -> Paper:
        return Paper(
            title=self.title, abstract=self.abstract, arxiv_id=self.arxiv_id, categories=self.categories
        )


# All announced before 2026-06 (the reserved evaluation period); abstracts verbatim.
CASES: tuple[LabeledCase, ...] = (
    LabeledCase(
        arxiv_id="2508.18255",
        label="foundation_model",
        categories=("cs.AI",),
        title="Hermes 4 Technical Report",
        abstract=(
            "We present Hermes 4, a family of hybrid reasoning models that combine structured, "
            "multi-turn reasoning with broad instruction-following ability. We describe the challenges "
            "encountered during data curation, synthesis, training, and evaluation, and outline the "
            "solutions employed to address these challenges at scale. We comprehensively evaluate "
            "across mathematical reasoning, coding, knowledge, comprehension, and alignment benchmarks, "
            "and we report both quantitative performance and qualitative behavioral analysis. To "
            "support open research, all model weights are published publicly at "
            "https://huggingface.co/collections/NousResearch/hermes-4-collection-68a731bfd452e20816725728"
        ),
    ),
    LabeledCase(
        arxiv_id="2508.18780",
        label="training_recipe",
        categories=("cs.CL", "cs.AI"),
        title=("Harnessing Rule-Based Reinforcement Learning for Enhanced Grammatical Error Correction"),
        abstract=(
            "Grammatical error correction is a significant task in NLP. Traditional methods based on "
            "encoder-decoder models have achieved certain success, but the application of LLMs in this "
            "field is still underexplored. Current research predominantly relies on supervised "
            "fine-tuning to train LLMs to directly generate the corrected sentence, which limits the "
            "model's powerful reasoning ability. To address this limitation, we propose a novel "
            "framework based on Rule-Based RL. Through experiments on the Chinese datasets, our "
            "Rule-Based RL framework achieves \\textbf{state-of-the-art }performance, with a notable "
            "increase in \\textbf{recall}. This result clearly highlights the advantages of using RL to "
            "steer LLMs, offering a more controllable and reliable paradigm for future development in "
            "GEC."
        ),
    ),
    LabeledCase(
        arxiv_id="2604.18964",
        label="benchmark",
        categories=("cs.AI", "cs.DB"),
        title="DW-Bench: Benchmarking LLMs on Data Warehouse Graph Topology Reasoning",
        abstract=(
            "This paper introduces DW-Bench, a new benchmark that evaluates large language models "
            "(LLMs) on graph-topology reasoning over data warehouse schemas, explicitly integrating "
            "both foreign-key (FK) and data-lineage edges. The benchmark comprises 1,046 automatically "
            "generated, verifiably correct questions across five schemas. Experiments show that "
            "tool-augmented methods substantially outperform static approaches but plateau on hard "
            "compositional subtypes."
        ),
    ),
    LabeledCase(
        arxiv_id="2601.21879",
        label="agent_pattern",
        categories=("cs.AI", "cs.MA"),
        title="astra-langchain4j: Experiences Combining LLMs and Agent Programming",
        abstract=(
            "Given the emergence of Generative AI over the last two years and the increasing focus on "
            "Agentic AI as a form of Multi-Agent System it is important to explore both how such "
            "technologies can impact the use of traditional Agent Toolkits and how the wealth of "
            "experience encapsulated in those toolkits can influence the design of the new agentic "
            "platforms. This paper presents an overview of our experience developing a prototype large "
            "language model (LLM) integration for the ASTRA programming language. It presents a brief "
            "overview of the toolkit, followed by three example implementations, concluding with a "
            "discussion of the experiences garnered through the examples."
        ),
    ),
    LabeledCase(
        arxiv_id="2505.08058",
        label="inference_efficiency",
        categories=("cs.CL",),
        title=(
            "HYPERNYM MERCURY: Token Optimization through Semantic Field "
            "Constriction and Reconstruction from Hypernyms. A New Text Compression Method"
        ),
        abstract=(
            "Compute optimization using token reduction of LLM prompts is an emerging task in the "
            "fields of NLP and next generation, agentic AI. In this white paper, we introduce a novel "
            "(patent pending) text representation scheme and a first-of-its-kind word-level semantic "
            "compression of paragraphs that can lead to over 90\\% token reduction, while retaining high "
            "semantic similarity to the source text. We explain how this novel compression technique "
            "can be lossless and how the detail granularity is controllable. We discuss benchmark "
            "results over open source data (i.e. Bram Stoker's Dracula available through Project "
            "Gutenberg) and show how our results hold at the paragraph level, across multiple genres "
            "and models."
        ),
    ),
    LabeledCase(
        arxiv_id="2602.17229",
        label="analysis",
        categories=("cs.AI", "cs.CL"),
        title=(
            "Mechanistic Interpretability of Cognitive Complexity in LLMs via "
            "Linear Probing using Bloom's Taxonomy"
        ),
        abstract=(
            "The black-box nature of Large Language Models necessitates novel evaluation frameworks "
            "that transcend surface-level performance metrics. This study investigates the internal "
            "neural representations of cognitive complexity using Bloom's Taxonomy as a hierarchical "
            "lens. By analyzing high-dimensional activation vectors from different LLMs, we probe "
            "whether different cognitive levels, ranging from basic recall (Remember) to abstract "
            "synthesis (Create), are linearly separable within the model's residual streams. Our "
            "results demonstrate that linear classifiers achieve approximately 95% mean accuracy across "
            "all Bloom levels, providing strong evidence that cognitive level is encoded in a linearly "
            "accessible subspace of the model's representations. These findings provide evidence that "
            "the model resolves the cognitive difficulty of a prompt early in the forward pass, with "
            "representations becoming increasingly separable across layers."
        ),
    ),
    LabeledCase(
        arxiv_id="2505.20149",
        label="application",
        categories=("eess.IV", "cs.AI", "cs.CV"),
        title=(
            "Improvement Strategies for Few-Shot Learning in OCT Image "
            "Classification of Rare Retinal Diseases"
        ),
        abstract=(
            "This paper focuses on using few-shot learning to improve the accuracy of classifying OCT "
            "diagnosis images with major and rare classes. We used the GAN-based augmentation strategy "
            "as a baseline and introduced several novel methods to further enhance our model. The "
            "proposed strategy contains U-GAT-IT for improving the generative part and uses the data "
            "balance technique to narrow down the skew of accuracy between all categories. The best "
            "model obtained was built with CBAM attention mechanism and fine-tuned InceptionV3, and "
            "achieved an overall accuracy of 97.85%, representing a significant improvement over the "
            "original baseline."
        ),
    ),
    LabeledCase(
        arxiv_id="2505.05318",
        label="survey",
        categories=("cs.CV", "cs.AI", "cs.CY", "cs.HC", "cs.RO"),
        title=("Mapping User Trust in Vision Language Models: Research Landscape, Challenges, and Prospects"),
        abstract=(
            "The rapid adoption of Vision Language Models (VLMs), pre-trained on large image-text and "
            "video-text datasets, calls for protecting and informing users about when to trust these "
            "systems. This survey reviews studies on trust dynamics in user-VLM interactions, through a "
            "multi-disciplinary taxonomy encompassing different cognitive science capabilities, "
            "collaboration modes, and agent behaviours. Literature insights and findings from a "
            "workshop with prospective VLM users inform preliminary requirements for future VLM trust "
            "studies."
        ),
    ),
    LabeledCase(
        arxiv_id="2506.13043",
        label="other",
        categories=("cs.CV",),
        title="ViewPCL: a point cloud based active learning method for multi-view segmentation",
        abstract=(
            "We propose a novel active learning framework for multi-view semantic segmentation. This "
            "framework relies on a new score that measures the discrepancy between point cloud "
            "distributions generated from the extra geometrical information derived from the model's "
            "prediction across different views. Our approach results in a data efficient and "
            "explainable active learning method. The source code is available at "
            "https://github.com/chilai235/viewpclAL."
        ),
    ),
)


@pytest.fixture(scope="module")
def classifier() -> RuleClassifier:
    return RuleClassifier()


def test_cases_cover_the_major_labels() -> None:
    assert len({case.label for case in CASES}) >= 8


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case.label}-{case.arxiv_id}")
def test_real_papers_get_their_label(classifier: RuleClassifier, case: LabeledCase) -> None:
    result = classifier.classify(case.paper())
    assert result.label == case.label
    assert result.confidence >= UNCERTAIN_BELOW
    assert result.model_version == classifier.version


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case.label}-{case.arxiv_id}")
def test_evidence_is_quoted_from_the_paper(classifier: RuleClassifier, case: LabeledCase) -> None:
    result = classifier.classify(case.paper())
    if case.label != "other":
        assert result.evidence, "a confident label should say why"
    assert len(result.evidence) <= 3
    for evidence in result.evidence:
        assert 0 < len(evidence) <= 200
        assert evidence in case.title or evidence in case.abstract


def test_confidence_is_bounded_and_low_without_cues(classifier: RuleClassifier) -> None:
    bare = Paper(title="Notes on a thing", abstract="We write some notes. They are short.")
    result = classifier.classify(bare)
    assert result.label == "other"
    assert result.uncertain
    assert result.evidence == ()
    for case in CASES:
        confidence = classifier.classify(case.paper()).confidence
        assert 0.0 <= confidence <= 1.0


def test_split_evidence_is_uncertain_and_names_a_secondary(classifier: RuleClassifier) -> None:
    # A domain cue and an agent cue of similar weight: the guide's hard case, so say it is unsure.
    paper = Paper(
        title="Agents for clinical triage",
        abstract="We describe an agent workflow for hospital triage.",
    )
    result = classifier.classify(paper)
    assert {result.label, result.secondary} == {"application", "agent_pattern"}
    assert result.uncertain


def test_empty_paper_does_not_crash(classifier: RuleClassifier) -> None:
    result = classifier.classify(Paper(title="", abstract=""))
    assert result.label == "other"
    assert 0.0 <= result.confidence <= 1.0


def test_rule_classifier_implements_the_interface() -> None:
    clf: Classifier = RuleClassifier()
    assert clf.version
    paper = CASES[0].paper()
    assert clf.classify_many([paper]) == [clf.classify(paper)]
    assert clf.classify(paper).model_version == clf.version


def test_bundled_rules_cover_every_label_but_other_fallback() -> None:
    rules = load_rules()
    covered = {rule.label for rule in rules.rules}
    assert covered == set(LABELS)


def test_user_rules_file_loads_and_is_used(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text(
        textwrap.dedent(
            """
            version = "my-rules-2"
            [scoring]
            threshold = 1.0
            [patterns.survey]
            'walrus(es)?' = 5.0
            [patterns.benchmark]
            'C\\+\\+' = 2.0
            """
        ),
        encoding="utf-8",
    )
    clf = RuleClassifier(rules_path=path)
    assert clf.version == "my-rules-2"
    result = clf.classify(Paper(title="On Walruses", abstract="Walruses are large."))
    assert result.label == "survey"
    assert result.model_version == "my-rules-2"
    assert "Walruses" in result.evidence
    # Word boundaries hold for patterns that end in non-word characters too.
    assert clf.classify(Paper(title="Fast C++ kernels", abstract="")).label == "benchmark"
    assert clf.classify(Paper(title="Walrusesque", abstract="")).label == "other"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("version = ", "not valid TOML"),
        ('[patterns.survey]\n"survey" = 1.0\n', "missing 'version'"),
        ('version = "x"\n', r"no \[patterns"),
        ('version = "x"\n[patterns.surveys]\n"survey" = 1.0\n', "unknown label 'surveys'"),
        ('version = "x"\n[patterns.survey]\n"(survey" = 1.0\n', "invalid regular expression"),
        ('version = "x"\n[patterns.survey]\n"survey" = "high"\n', "expected a number"),
        ('version = "x"\n[patterns.survey]\n"x?" = 1.0\n', "matches empty text"),
        ('version = "x"\n[scoring]\ntitle_weigth = 2\n[patterns.survey]\n"s" = 1.0\n', "unknown key"),
    ],
)
def test_malformed_rules_file_raises_config_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as excinfo:
        RuleClassifier(rules_path=path)
    assert str(path) in str(excinfo.value)


def test_missing_rules_file_raises_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read rules file"):
        RuleClassifier(rules_path=tmp_path / "absent.toml")
