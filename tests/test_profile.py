from __future__ import annotations

from pathlib import Path

import pytest

from quarterdeck.errors import ConfigError
from quarterdeck.profile import load_profile, parse_profile


def test_default_profile_is_the_reference_reader() -> None:
    profile = load_profile()
    assert profile.max_papers_per_week == 10
    assert profile.gpus == 8
    assert profile.focus.search("retrieval-augmented generation")
    assert profile.exclude.search("remote sensing imagery")
    assert not profile.exclude.search("retrieval-augmented generation")


def test_profile_in_home_directory_replaces_default(home: Path) -> None:
    home.mkdir()
    (home / "profile.toml").write_text('name = "me"\nmax_papers_per_week = 3\nfocus = ["protein"]\n')
    profile = load_profile()
    assert (profile.name, profile.max_papers_per_week) == ("me", 3)
    assert profile.fingerprint == parse_profile((home / "profile.toml").read_text(), "x").fingerprint


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("max_papers_per_week = = 3", "not valid TOML"),
        ("max_papers_per_week = -1", "'max_papers_per_week' must be"),
        ('focus = "rag"', "'focus' must be a list of strings"),
        ('exclude = ["(unclosed"]', "bad pattern"),
        ('gpus = "eight"', "'gpus' must be"),
    ],
)
def test_bad_profile_says_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_profile(text, "me.toml")
