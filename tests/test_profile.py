from __future__ import annotations

from pathlib import Path

import pytest

from quarterdeck.errors import ConfigError
from quarterdeck.profile import (
    DEFAULT_LABEL,
    Answers,
    load_profile,
    parse_profile,
    profile_template,
    reference_answers,
)


def test_default_profile_is_the_reference_reader() -> None:
    profile = load_profile()
    assert profile.max_papers_per_week == 10
    assert profile.gpus == 8
    assert profile.focus.search("retrieval-augmented generation")
    assert profile.exclude.search("remote sensing imagery")
    assert not profile.exclude.search("retrieval-augmented generation")


def test_profile_in_home_directory_replaces_default(home: Path) -> None:
    home.mkdir()
    (home / "profile.toml").write_text('name = "me"\nmax_papers_per_week = 6\nfocus = ["protein"]\n')
    profile = load_profile()
    assert (profile.name, profile.max_papers_per_week) == ("me", 6)
    assert profile.source == str(home / "profile.toml")
    assert profile.label == f"me ({home / 'profile.toml'})"
    assert profile.fingerprint == parse_profile((home / "profile.toml").read_text(), "x").fingerprint


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "max_papers_per_week = = 3",
            r"^me\.toml: not valid TOML: .*\(at line 1, column 23\); fix the syntax",
        ),
        ("max_papers_per_week = -1", "'max_papers_per_week' must be"),
        (
            "\nmax_papers_per_week = 4",
            r"^me\.toml:2: 'max_papers_per_week' must be a whole number from 5 to 15$",
        ),
        ("max_papers_per_week = 16", "'max_papers_per_week' must be a whole number from 5 to 15"),
        ("max_papers_per_week = 10.5", "'max_papers_per_week' must be a whole number"),
        (
            'focus = "rag"',
            r"""^me\.toml:1: 'focus' must be a list of strings, e\.g\. focus = \["rag", "agents"\]$""",
        ),
        ('exclude = ["(unclosed"]', "bad pattern"),
        ('gpus = "eight"', "'gpus' must be"),
        ("gpus = true", "'gpus' must be a whole number >= 0"),
        ("max_serve_params_b = -1", "'max_serve_params_b' must be a number >= 0"),
        ("gpu_type = 100", "'gpu_type' must be a string"),
        (
            'name = "me"\nmax_paper_per_week = 8',
            r"^me\.toml:2: unknown key 'max_paper_per_week' \(did you mean 'max_papers_per_week'\?\); "
            r"valid keys: name, max_papers_per_week, focus, relevance, goals, domains, stack, models, "
            r"providers, serving, exclude, follow, gpus, gpu_type, max_serve_params_b, "
            r"max_finetune_params_b, categories, sources, feeds, endpoints$",
        ),
        ("[modles]\napi = []", r"^me\.toml:1: unknown key 'modles' \(did you mean 'models'\?\)"),
        ("[models]\napi = []", r"^me\.toml:1: 'models' must be a list of strings"),
        ('goals = ["ship it", ""]', r"^me\.toml:1: 'goals' must be a list of strings \(this quarter"),
        ("follow = 3", r"^me\.toml:1: 'follow' must be a list of strings"),
        ("max_finetune_params_b = -2", r"'max_finetune_params_b' must be a number >= 0"),
        ('categories = ["cs.CL", "computer science"]', r"'computer science' is not an arXiv category"),
        ('sources = ["arxiv", "arxvi-rss"]', r"unknown source 'arxvi-rss' \(did you mean 'arxiv-rss'\?\)"),
        ('feeds = ["ftp://example.org/feed"]', r"feed 'ftp://example.org/feed' is not an http\(s\) URL"),
        ('\n[endpoints]\narxiv = "http://x"', r"^me\.toml:3: unknown endpoint 'arxiv' \(did you mean"),
        ('[endpoints]\nhf_api = "not a url"', r"^me\.toml:2: endpoint hf_api must be an http\(s\) URL"),
        ('endpoints = "http://x"', r"write \[endpoints\] as a table"),
    ],
)
def test_bad_profile_says_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_profile(text, "me.toml")


def test_profile_reads_sources_follow_and_what_the_reader_can_call() -> None:
    profile = parse_profile(
        'categories = ["cs.CL", "stat.ML"]\nsources = ["arxiv", "feeds"]\n'
        'feeds = ["https://example.org/feed.xml"]\nfollow = ["Percy Liang"]\n'
        'models = ["Llama"]\nproviders = ["Anthropic"]\nserving = ["vLLM"]\n'
        'goals = ["cut latency"]\nmax_finetune_params_b = 8\n'
        '[endpoints]\narxiv_api = "http://127.0.0.1:8080/api"\n',
        "me.toml",
    )
    assert profile.categories == ("cs.CL", "stat.ML")
    assert profile.sources == ("arxiv", "feeds")
    assert profile.feeds == ("https://example.org/feed.xml",)
    assert profile.follow == ("Percy Liang",)
    assert profile.goals == ("cut latency",)
    assert profile.max_finetune_params_b == 8.0
    assert profile.endpoints == (("arxiv_api", "http://127.0.0.1:8080/api"),)
    for name in ("Llama-3.1-8B", "the Anthropic API", "served with vLLM"):
        assert profile.callable_models.search(name)
    assert not profile.callable_models.search("Falcon")


def test_default_profile_is_labelled_as_the_reference_reader() -> None:
    profile = load_profile()
    assert profile.source == ""
    assert profile.label == DEFAULT_LABEL == "reference reader (default profile)"


def test_missing_profile_file_names_it(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"cannot read profile .*nope\.toml: no such file"):
        load_profile(tmp_path / "nope.toml")


def test_template_round_trips_the_answers(tmp_path: Path) -> None:
    answers = Answers(
        gpus=2, max_serve_params_b=13.5, focus=("rag", 'say "hi"', "C\\+\\+"), max_papers_per_week=7
    )
    path = tmp_path / "profile.toml"
    path.write_text(profile_template(answers))
    profile = load_profile(path)
    assert (profile.gpus, profile.max_serve_params_b, profile.max_papers_per_week) == (2, 13.5, 7)
    assert profile.focus_terms == answers.focus
    assert profile.focus.search("we use C++ templates")
    assert "# " in path.read_text()  # commented, for people


def test_template_with_reference_answers_judges_like_the_reference_reader() -> None:
    reference = load_profile()
    mine = parse_profile(profile_template(reference_answers()), "mine.toml")
    for key in ("focus_terms", "stack_terms", "exclude_terms", "gpus", "gpu_type", "max_papers_per_week"):
        assert getattr(mine, key) == getattr(reference, key), key
    assert mine.max_serve_params_b == reference.max_serve_params_b
