from __future__ import annotations

from pathlib import Path

import pytest

from quarterdeck.errors import ConfigError
from quarterdeck.facts import extract_facts
from quarterdeck.policy import (
    Override,
    Policy,
    apply_overrides,
    decide,
    default_policy,
    load_policy,
    parse_overrides,
    parse_policy,
    presets,
)
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
    assert "about 16x inference cost" in reason
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


# -- overrides, presets ---------------------------------------------------------

THEORY = Paper(
    title="Convergence of speculative decoding for LLM serving",
    abstract=(
        "We prove a convergence rate for speculative decoding in LLMs. "
        "Code is available at https://github.com/example/specdec."
    ),
)


def overridden(text: str, base: Policy | None = None) -> Policy:
    return apply_overrides(base or POLICY, parse_overrides(text, "mine.toml"))


def verdict_under(policy: Policy, paper: Paper, label: str) -> tuple[str, str]:
    cls = Classification(label, 0.9, None, ("we prove",), "test")
    v = decide(paper, cls, extract_facts(paper), PROFILE, policy, version="v")
    return v.verdict, v.reason


def test_overridden_answer_lets_theory_through_to_the_focus_checks() -> None:
    assert verdict_under(POLICY, THEORY, "optimization_theory") == (
        "skip",
        "Rarely: I do not have time to internalize.",
    )
    often = overridden('[types.optimization_theory]\nanswer = "Often"\ncondition = "theory is my job"\n')
    verdict, reason = verdict_under(often, THEORY, "optimization_theory")
    assert verdict == "act"
    assert reason.startswith("Often: theory is my job; it touches")
    # Let through, the profile still decides: off-focus theory stays skipped, for that reason.
    off_focus = Paper(title="Convergence of Adam for LLMs", abstract="We prove a rate for Adam on LLMs.")
    verdict, reason = verdict_under(often, off_focus, "optimization_theory")
    assert (verdict, reason) == ("skip", "Often for this type, but it does not touch your focus areas.")


def test_overridden_answer_can_also_set_a_type_aside() -> None:
    assert verdict_under(POLICY, RAG, "agent_pattern")[0] == "act"
    never = overridden('[types.agent_pattern]\nanswer = "Almost never"\ncondition = "not this quarter"\n')
    assert verdict_under(never, RAG, "agent_pattern") == ("skip", "Almost never: not this quarter.")


def test_condition_override_keeps_the_answer_and_changes_the_reason() -> None:
    policy = overridden('[types.scaling_law]\ncondition = "it sets the GPU order"\n')
    assert policy.rows["scaling_law"].answer == "Sometimes"
    paper = Paper(title="Scaling laws for LLM inference", abstract="Loss follows a power law in compute.")
    assert verdict_under(policy, paper, "scaling_law") == ("budget", "Sometimes: it sets the GPU order.")


def test_version_follows_the_effective_rows_and_marks_only_real_changes() -> None:
    same = overridden('[types.math_foundation]\nanswer = "Almost never"\n')
    assert same.version == POLICY.version
    assert same.overrides == {}
    changed = overridden('[types.math_foundation]\nanswer = "Sometimes"\n')
    assert changed.version != POLICY.version
    assert changed.version.startswith("policy-1-")
    assert changed.overrides == {"math_foundation": (Override("mine.toml", ("answer",)),)}
    output_only = overridden('[types.math_foundation]\noutput = "Theorems"\n')
    assert output_only.version not in (POLICY.version, changed.version)


def test_researcher_preset_reads_theory_as_work() -> None:
    assert "researcher" in presets()
    policy = load_policy(preset="researcher")
    answers = {label: row.answer for label, row in policy.rows.items()}
    assert answers["optimization_theory"] == "Often"
    assert answers["math_foundation"] == "Sometimes"
    assert answers["analysis"] == "Often"
    assert answers["agent_pattern"] == "Often"  # rows it does not list keep the bundled answer
    assert policy.overrides["optimization_theory"][0].source == "preset researcher"
    assert policy.rows["optimization_theory"].origin == "essay"
    assert verdict_under(POLICY, THEORY, "math_foundation")[0] == "skip"
    assert verdict_under(policy, THEORY, "math_foundation")[0] == "act"


def test_every_preset_loads_and_changes_something() -> None:
    for name in presets():
        policy = load_policy(preset=name)
        assert policy.overrides, name
        assert policy.version != POLICY.version


def test_home_policy_file_overrides_and_can_name_a_preset(home: Path) -> None:
    assert load_policy().version == POLICY.version
    home.mkdir()
    path = home / "policy.toml"
    path.write_text('preset = "researcher"\n\n[types.optimization_theory]\nanswer = "Sometimes"\n')
    policy = load_policy()
    assert policy.rows["optimization_theory"].answer == "Sometimes"
    # The preset's condition stays; the user's answer is on top of it.
    assert (
        policy.rows["optimization_theory"].condition
        == load_policy(preset="researcher").rows["optimization_theory"].condition
    )
    assert [o.source for o in policy.overrides["optimization_theory"]] == ["preset researcher", str(path)]
    assert policy.rows["analysis"].answer == "Often"
    assert policy.sources == ("bundled table", "preset researcher", str(path))
    # The bundled table itself is never changed by the user's file.
    assert default_policy().version == POLICY.version


def test_explicit_policy_path_wins_over_home(home: Path, tmp_path: Path) -> None:
    home.mkdir()
    (home / "policy.toml").write_text('[types.other]\nanswer = "Often"\n')
    mine = tmp_path / "mine.toml"
    mine.write_text('[types.survey]\nanswer = "Sometimes"\n')
    policy = load_policy(mine)
    assert set(policy.overrides) == {"survey"}
    assert policy.rows["other"].answer == "Almost never"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[types.analysis\n", r"^mine\.toml: not valid TOML: .*\(at line 1, column \d+\); fix the syntax"),
        (
            '\n[types.optimisation_theory]\nanswer = "Often"\n',
            r"^mine\.toml:2: unknown type \[types\.optimisation_theory\] \(did you mean "
            r"'optimization_theory'\?\); valid types: foundation_model, training_recipe,",
        ),
        (
            '[types.benchmark]\ncondition = "x"\nansewr = "Often"\n',
            r"^mine\.toml:3: unknown key 'ansewr' in \[types\.benchmark\] \(did you mean 'answer'\?\); "
            r"a row can set answer, condition, output$",
        ),
        (
            '[types.analysis]\nanswer = "Usually"\n',
            r"^mine\.toml:2: \[types\.analysis\] answer 'Usually' is not an answer; use one of "
            r'"Often", "Sometimes", "Rarely", "Almost never"$',
        ),
        ("[types.analysis]\nanswer = 3\n", r"^mine\.toml:2: \[types\.analysis\] answer must be a non-empty"),
        ('[types.analysis]\ncondition = ""\n', r"^mine\.toml:2: \[types\.analysis\] condition must be"),
        ('version = "mine"\n', r"^mine\.toml:1: unknown key 'version'; a policy file holds preset"),
        ('preset = "phd"\n', r"^mine\.toml:1: unknown preset 'phd'; use one of: researcher"),
        ("types = 3\n", r"^mine\.toml:1: write rows as \[types\.<type>\] tables$"),
        ("types = {analysis = 3}\n", r"^mine\.toml: write \[types\.analysis\] as a table$"),
    ],
)
def test_bad_override_file_names_file_line_and_fix(text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_overrides(text, "mine.toml")


def test_unreadable_policy_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"cannot read policy .*missing\.toml: no such file"):
        load_policy(tmp_path / "missing.toml")
    with pytest.raises(ConfigError, match="unknown preset 'phd'; use one of: researcher"):
        load_policy(preset="phd")


def test_cost_trap_without_a_stated_multiplier_says_so() -> None:
    paper = Paper(
        title="Self-consistency for LLM agents",
        abstract="Our LLM agent uses self-consistency and improves accuracy by 4.1 points on tool-use tasks. "
        "Code is at https://github.com/x/y.",
    )
    verdict, reason, _, _ = verdict_for(paper, "agent_pattern")
    assert verdict == "check"
    assert "multiplier not stated" in reason


# -- relevance, follow, sizes and compute ----------------------------------------------------

from dataclasses import replace  # noqa: E402

from quarterdeck.policy import followed_in, goal_overlap  # noqa: E402
from quarterdeck.profile import parse_profile  # noqa: E402
from quarterdeck.relevance import Relevance  # noqa: E402


def test_learned_relevance_sets_aside_what_readers_skip_even_on_focus() -> None:
    cls = Classification("agent_pattern", 0.9, None, ("we propose",), "test")
    low = Relevance(0.12, False, ("pipeline",))
    v = decide(RAG, cls, extract_facts(RAG), PROFILE, POLICY, version="v", relevance=low)
    assert v.verdict == "skip"
    assert "readers of your profile set papers like this aside (relevance 0.12)" in v.reason
    assert v.relevance == 0.12


def test_learned_relevance_keeps_a_paper_the_focus_patterns_miss_and_names_its_words() -> None:
    paper = Paper(
        title="Shorter answers for chatbots",
        abstract="We study LLM chatbots that answer with fewer tokens and release code at https://github.com/x/y.",
    )
    cls = Classification("inference_efficiency", 0.9, None, ("fewer tokens",), "test")
    high = Relevance(0.91, True, ("fewer tokens", "chatbots"))
    kept = decide(paper, cls, extract_facts(paper), PROFILE, POLICY, version="v", relevance=high)
    assert kept.verdict == "act"
    assert "it touches 'fewer tokens, chatbots'" in kept.reason
    focus_only = decide(paper, cls, extract_facts(paper), PROFILE, POLICY, version="v")
    assert focus_only.verdict == "skip"
    assert kept.score > focus_only.score


def test_model_release_too_big_to_serve_is_watch_and_a_callable_one_is_act() -> None:
    big = Paper(
        title="Giant-1: an open 405B-parameter language model",
        abstract="We release Giant-1, a 405B parameters LLM. Weights are available at https://huggingface.co/x/g.",
    )
    v = verdict_for(big, "foundation_model")
    assert v[0] == "watch" and "you serve up to 70B" in v[1]
    small = replace(
        big, title="Small-1: an open 8B language model", abstract=big.abstract.replace("405B", "8B")
    )
    verdict, _, _, step = verdict_for(small, "foundation_model")
    assert verdict == "act" and step.startswith("Evaluate")


def test_recipe_needing_far_more_gpus_than_the_reader_has_is_watch() -> None:
    paper = Paper(
        title="A reinforcement learning recipe for LLM agents with tool calling",
        abstract=(
            "We train LLM agents for tool calling with a new RL recipe on 256 H100 GPUs. "
            "Code is available at https://github.com/x/y."
        ),
    )
    verdict, reason, evidence, _ = verdict_for(paper, "training_recipe")
    assert verdict == "watch"
    assert "it needs 256 GPUs and you have 8" in reason
    assert "256 H100 GPUs" in evidence[0]


def test_followed_authors_and_labs_are_found_and_rank_higher() -> None:
    paper = replace(RAG, authors=("Ada Lovelace", "Alan Turing"), comment="Work done at DeepMind.")
    assert followed_in(paper, ("alan turing", "DeepMind", "OpenAI")) == ("alan turing", "DeepMind")
    assert followed_in(paper, ()) == ()
    profile = parse_profile('focus = ["RAG"]\nstack = ["LLM"]\nfollow = ["Alan Turing"]\n', "me.toml")
    cls = Classification("agent_pattern", 0.9, None, (), "test")
    marked = decide(paper, cls, extract_facts(paper), profile, POLICY, version="v")
    plain = decide(RAG, cls, extract_facts(RAG), profile, POLICY, version="v")
    assert marked.followed == ("Alan Turing",) and plain.followed == ()
    assert marked.score > plain.score


def test_goal_words_raise_the_rank() -> None:
    goals = ("cut inference cost per request by 30%",)
    assert goal_overlap(goals, "We cut the inference cost of every request.") > 0.5
    assert goal_overlap(goals, "A proof about graphs.") == 0.0
    assert goal_overlap((), "anything") == 0.0


def test_verdict_carries_facts_and_the_cost_trap_line() -> None:
    paper = Paper(
        title="Best-of-64 sampling for better LLM agents",
        abstract="Our agents improve accuracy by 4.1 points on tool use by drawing 64 samples per query.",
    )
    cls = Classification("agent_pattern", 0.9, None, (), "test")
    v = decide(paper, cls, extract_facts(paper), PROFILE, POLICY, version="v")
    assert v.facts["cost_trap"] is not None
    assert v.cost_trap is not None and "64" in v.cost_trap
