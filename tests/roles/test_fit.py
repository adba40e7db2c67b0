"""The person's side: answers files with file:line errors, and the fit report."""

from __future__ import annotations

from pathlib import Path

import pytest

from quarterdeck.errors import ConfigError
from quarterdeck.roles.analyse import LexiconClassifier, analyse
from quarterdeck.roles.fit import fit, load_person, parse_person, person_toml, user_me_path
from quarterdeck.roles.parse import read_posting
from quarterdeck.roles.records import DUTIES, Person

ENGINEER = Person(
    {d: ("want" if d.startswith("E_") else "avoid") for d in DUTIES} | {"E_oncall": "fine"}, "three-am", "Sam"
)


def test_person_toml_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "me.toml"
    path.write_text(person_toml(ENGINEER), encoding="utf-8")
    loaded = load_person(path)
    assert (loaded.duties, loaded.uncertainty, loaded.name) == (ENGINEER.duties, "three-am", "Sam")


def test_left_out_duties_are_fine() -> None:
    person = parse_person('uncertainty = "is-this-true"\n[duties]\nR_papers = "want"\n', "me.toml")
    assert person.duties["R_papers"] == "want" and person.duties["E_cost"] == "fine"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('uncertainty = "maybe"\n', r"me.toml:1: 'uncertainty' is 'maybe'; it must be one of"),
        ('name = "x"\n', r"me.toml: 'uncertainty' is missing"),
        (
            'uncertainty = "three-am"\n[duties]\nE_oncal = "avoid"\n',
            r"me.toml:3: unknown duty 'E_oncal'.*E_oncall",
        ),
        (
            'uncertainty = "three-am"\n[duties]\nE_oncall = "never"\n',
            r"me.toml:3: E_oncall = 'never'; it must be",
        ),
        ('uncertainty = "three-am"\ncolour = "blue"\n', r"me.toml:2: unknown key 'colour'"),
        ('uncertainty = "three-am"\nduties = 3\n', r"me.toml:2: 'duties' must be a table"),
        ("uncertainty = \n", r"me.toml: not valid TOML"),
    ],
)
def test_bad_answers_files(text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_person(text, "me.toml")


def test_no_answers_yet() -> None:
    with pytest.raises(ConfigError, match="fit --interview"):
        load_person()
    assert user_me_path().name == "me.toml"


def test_fit_report_agreements_and_disagreements(roles_data: Path, lexicon_only: LexiconClassifier) -> None:
    engineering_role = analyse(read_posting(str(roles_data / "ml-engineer-oncall.md")), lexicon_only)
    result = fit(ENGINEER, engineering_role)
    assert {line.kind for line in result.agreements} == {"E_data", "E_cost", "E_translate", "E_production"}
    assert {line.kind for line in result.disagreements} == {"R_experiments"}
    assert {line.kind for line in result.neutral} == {"E_oncall"}
    assert result.uncertainty_matches is True
    assert result.verdict == "Good fit: you want 4 of the role's 6 shaped duties and would avoid 1."
    assert result.score == pytest.approx((4 - 1) / 6)
    assert all(line.examples for line in result.agreements)

    research_role = analyse(read_posting(str(roles_data / "research-scientist.md")), lexicon_only)
    result = fit(ENGINEER, research_role)
    assert result.verdict.startswith("Poor fit: you want 0 of the role's 5 shaped duties and would avoid 5")
    assert result.uncertainty_matches is False
    assert "does not match" in result.uncertainty_note
    assert set(result.missing_wants) == {"E_production", "E_data", "E_translate", "E_cost"}
    assert result.as_dict()["disagreements"][0]["preference"] == "avoid"
