"""The role, roles and fit commands: outputs, storing, the interview, and one-line errors for bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from quarterdeck.cli import cli
from quarterdeck.config import store_path
from quarterdeck.roles.fit import user_me_path
from quarterdeck.store import Store


def _run(*args: str, input: str | bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def _stored_roles() -> int:
    if not store_path().exists():
        return 0
    with Store(store_path()) as store:
        return len(store.list_roles())


@pytest.fixture(autouse=True)
def _no_debug(monkeypatch: pytest.MonkeyPatch) -> None:
    # Errors must be one line, as a user sees them.
    monkeypatch.delenv("QUARTERDECK_DEBUG", raising=False)


def test_role_json(roles_data: Path) -> None:
    code, out, err = _run("role", str(roles_data / "research-scientist.md"), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["title"] == "Research Scientist, Reasoning"
    assert data["role_class"] in ("research", "research-leaning")
    assert data["title_matches"] is True
    assert data["title_verdict"].startswith("Titled Research Scientist, Reasoning; ")
    assert {"text", "kind", "evidence"} <= set(data["duties"][0])
    assert isinstance(data["requirements"], list) and isinstance(data["questions"], list)
    assert "Stored as role 1." in err
    assert _stored_roles() == 1
    # The same posting again is the same stored role.
    _run("role", str(roles_data / "research-scientist.md"), "--format", "json")
    assert _stored_roles() == 1


def test_role_terminal_and_markdown_for_hiring(roles_data: Path) -> None:
    code, out, _ = _run("role", str(roles_data / "ml-engineer-oncall.md"), "--for-hiring", "--no-save")
    assert code == 0
    assert "Suggested title" in out and "Questions to ask" in out and "Duties" in out
    assert "Research Scientist, Applied ML  [engineering" in out  # the class is shown, not eaten as markup
    assert _stored_roles() == 0
    code, out, _ = _run(
        "role", str(roles_data / "ml-engineer-oncall.md"), "--for-hiring", "--format", "markdown"
    )
    assert code == 0
    assert out.startswith("# Research Scientist, Applied ML")
    assert "## For the person writing this posting" in out
    assert "on-call rotation" in out and "| kind | line | evidence |" in out


def test_role_from_stdin() -> None:
    text = "Data Engineer\nResponsibilities:\n- Build data pipelines\n- Join the on-call rotation\n"
    code, out, err = _run("role", "-", "--format", "json", input=text)
    assert code == 0, err
    assert json.loads(out)["source"] == "stdin"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "empty text"),
        ("binary.txt", b"\x00\x01\x02\x03 binary", "binary file"),
        ("big.html", b"<html>" + b"x" * 5_100_000 + b"</html>", "too large for a job description"),
    ],
)
def test_bad_input_is_one_line_and_stores_nothing(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    code, out, err = _run("role", str(path))
    assert code != 0 and out == ""
    assert err.count("\n") == 1 and message in err and err.startswith("Error: ")
    assert _stored_roles() == 0


def test_no_duties_and_foreign_language(roles_data: Path) -> None:
    code, _, err = _run("role", str(roles_data / "no-duties.txt"))
    assert code != 0 and "no recognisable duties" in err and err.count("\n") == 1
    code, _, err = _run("role", str(roles_data / "german.txt"))
    assert code != 0 and "German; only English job descriptions are supported yet" in err
    assert _stored_roles() == 0


def test_unreachable_url() -> None:
    code, _, err = _run("role", "http://127.0.0.1:9/job")
    assert code != 0 and "cannot connect to 127.0.0.1" in err and err.count("\n") == 1


def test_roles_list(roles_data: Path) -> None:
    code, _, err = _run("roles")
    assert code == 0 and "No roles stored yet" in err
    _run("role", str(roles_data / "research-scientist.md"))
    code, out, _ = _run("roles")
    assert code == 0 and "Research Scientist, Reasoning" in out


INTERVIEW = "\n".join(["avoid"] * 5 + ["want"] * 5 + ["three-am"]) + "\n"


def test_interview_saves_answers_then_fit(roles_data: Path) -> None:
    code, out, err = _run("fit", "--interview", input=INTERVIEW)
    assert code == 0, err
    saved = user_me_path().read_text(encoding="utf-8")
    assert (
        'uncertainty = "three-am"' in saved and 'R_papers = "avoid"' in saved and 'E_cost = "want"' in saved
    )
    assert "Saved your answers" in out
    code, out, err = _run("fit", str(roles_data / "ml-engineer-oncall.md"), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["uncertainty_matches"] is True
    assert data["verdict"].startswith(("Good fit", "Mixed fit"))
    assert any(a["kind"] == "E_oncall" for a in data["agreements"])
    # A stored role by id.
    code, out, _ = _run("fit", "1")
    assert code == 0 and "Where you agree" in out


def test_fit_errors(tmp_path: Path, roles_data: Path) -> None:
    code, _, err = _run("fit", str(roles_data / "research-scientist.md"))
    assert code != 0 and "fit --interview" in err
    bad = tmp_path / "me.toml"
    bad.write_text('uncertainty = "three-am"\n[duties]\nR_papers = "sometimes"\n', encoding="utf-8")
    code, _, err = _run("fit", "--me", str(bad), str(roles_data / "research-scientist.md"))
    assert code != 0 and f"{bad}:3: R_papers = 'sometimes'" in err
    good = tmp_path / "good.toml"
    good.write_text('uncertainty = "three-am"\n', encoding="utf-8")
    code, _, err = _run("fit", "--me", str(good), "42")
    assert code != 0 and "no such file, URL or stored role id" in err
    code, _, err = _run("fit")
    assert code != 0 and "give a ROLE" in err
