"""The duty lexicon: bundled phrases, the user's additions, and errors that name file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from quarterdeck.errors import ConfigError
from quarterdeck.roles.lexicon import bundled_lexicon, load_lexicon, user_lexicon_path


def test_bundled_phrases_decide_kinds_with_evidence() -> None:
    lexicon = bundled_lexicon()
    assert lexicon.match("Join the on-call rotation for our API").kind == "E_oncall"
    match = lexicon.match("Publish papers at NeurIPS and ICML")
    assert match.kind == "R_papers" and match.evidence in "Publish papers at NeurIPS and ICML"
    assert lexicon.match("Build and maintain data pipelines and ETL jobs").kind == "E_data"
    assert lexicon.match("Strong communication skills").kind == "none"


def test_phrases_match_at_word_starts() -> None:
    # "ship" must not be found inside "relationships" or "ownership".
    assert bundled_lexicon().match("Build relationships and take ownership").kind != "E_translate"


def test_user_phrases_extend_the_bundled_ones(home: Path) -> None:
    home.mkdir(parents=True)
    user_lexicon_path().write_text('[E_oncall]\nphrases = ["carry the beeper"]\n', encoding="utf-8")
    lexicon = load_lexicon()
    assert lexicon.match("You will carry the beeper every other week").kind == "E_oncall"
    assert lexicon.user_match("You will carry the beeper").evidence == "carry the beeper"
    assert lexicon.match("Join the on-call rotation").kind == "E_oncall"  # bundled still there
    assert lexicon.version != bundled_lexicon().version
    assert str(user_lexicon_path()) in lexicon.sources


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[E_oncal]\nphrases = ["x"]\n', r"duties.toml:1: unknown duty 'E_oncall'|did you mean 'E_oncall'"),
        ('[E_data]\nphrases = "etl"\n', r"duties.toml:2: \[E_data\] phrases must be a list"),
        ('[E_data]\nphrases = ["(unclosed"]\n', r"duties.toml:2: \[E_data\] has a bad pattern"),
        ('[E_data]\nweight = -1\nphrases = ["x"]\n', r"duties.toml:2: \[E_data\] weight must be"),
        ('[E_data]\nterms = ["x"]\n', r"duties.toml:1: \[E_data\] takes phrases"),
        ("[E_data\n", r"duties.toml: not valid TOML"),
    ],
)
def test_bad_user_files(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "duties.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_lexicon(path)
