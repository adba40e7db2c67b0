"""quarterdeck serve (binding, warning, preparing the store) and quarterdeck feedback export."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from starlette.applications import Starlette
from starlette.testclient import TestClient

from quarterdeck.cli import cli
from quarterdeck.config import store_path
from quarterdeck.pipeline import ingest_paths
from quarterdeck.records import PaperQuery
from quarterdeck.store import Store
from tests.web.conftest import SAMPLE


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=True)


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Stand in for uvicorn.run: record what serve would listen on, and the app."""
    calls: dict[str, Any] = {}

    def fake_run(app: Starlette, host: str, port: int, **kwargs: Any) -> None:
        calls.update(app=app, host=host, port=port)

    monkeypatch.setattr("uvicorn.run", fake_run)
    return calls


@pytest.fixture
def sample_home(home: Path) -> Path:
    with Store(store_path()) as store:
        ingest_paths(store, [SAMPLE])
    return home


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_help_says_why_it_binds_locally() -> None:
    result = run("serve", "--help")
    assert result.exit_code == 0
    assert "127.0.0.1" in result.output and "no login" in result.output and "warning" in result.output
    assert run("feedback", "export", "--help").exit_code == 0


def test_serve_binds_127_0_0_1_and_prepares_the_store_first(
    sample_home: Path, served: dict[str, Any]
) -> None:
    port = free_port()
    result = run("serve", "--port", str(port))
    assert result.exit_code == 0, result.output
    assert served["host"] == "127.0.0.1" and served["port"] == port
    assert "warning" not in result.stderr and f"http://127.0.0.1:{port}/" in result.stderr
    # Classified before listening; the app then answers local names only.
    with TestClient(served["app"], base_url="http://127.0.0.1") as client:
        assert client.get("/index.json").json()["papers_read"] == 12
        assert client.get("/", headers={"Host": "evil.example"}).status_code == 400


def test_serve_on_another_address_must_be_asked_for_and_warns(
    sample_home: Path, served: dict[str, Any]
) -> None:
    result = run("serve", "--host", "0.0.0.0", "--port", str(free_port()))
    assert result.exit_code == 0, result.output
    assert served["host"] == "0.0.0.0"
    assert result.stderr.startswith("warning: listening on 0.0.0.0, not only this machine")
    with TestClient(served["app"], base_url="http://192.0.2.10") as client:
        assert client.get("/profile.json").status_code == 200


def test_serve_on_a_busy_port_says_so_in_one_line(sample_home: Path, served: dict[str, Any]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run("serve", "--port", str(port))
    assert result.exit_code == 1 and served == {}
    assert result.stderr.strip().splitlines() == [
        f"Error: cannot listen on 127.0.0.1:{port}: Address already in use"
    ]


def test_feedback_export_writes_labeled_jsonl_that_trains_the_relevance_model(
    sample_home: Path, tmp_path: Path
) -> None:
    empty = run("feedback", "export")
    assert empty.exit_code == 1 and "no feedback stored yet" in empty.stderr
    with Store(store_path()) as store:
        papers, _ = store.query_papers(PaperQuery(limit=6), "model", "policy")  # any six, three each way
        for number, paper in enumerate(papers):
            said = "changed_my_quarter" if number % 2 else "not_for_me"
            store.add_feedback(paper.id, said, "benchmark" if number < 3 else "survey")
    out = tmp_path / "feedback.jsonl"
    result = run("feedback", "export", "--out", str(out))
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(lines) == 6 and {line["verdict"] for line in lines} == {"act", "skip"}
    assert [line["label"] for line in lines] == ["benchmark"] * 3 + ["survey"] * 3
    assert run("feedback", "export").stdout == out.read_text()
    trained = run("train", str(out), "--relevance", "--out", str(tmp_path / "relevance.npz"))
    assert trained.exit_code == 0, trained.output
    assert "on 6 verdicts" in trained.stdout
    typed = run("train", str(out), "--out", str(tmp_path / "classifier.npz"))
    assert typed.exit_code == 0, typed.output
    assert "on 6 papers" in typed.stdout
