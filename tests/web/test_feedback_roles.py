"""Feedback round trip and export, role analysis from pasted and uploaded postings, upload limits."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from starlette.testclient import TestClient

from quarterdeck.classify.labeled import load_labeled
from quarterdeck.roles.parse import MAX_BYTES
from quarterdeck.store import Store
from tests.web.conftest import BASE, csrf_token

POSTINGS = Path(__file__).parent.parent / "data" / "roles"
SAME_ORIGIN = {"Origin": BASE, "Sec-Fetch-Site": "same-origin"}


def test_feedback_round_trip_shows_on_the_paper_and_the_library(client: TestClient, db: Path) -> None:
    token = csrf_token(client)
    said = client.post(
        "/papers/2605.22834/feedback",
        data={"csrf_token": token, "value": "changed_my_quarter"},
        headers=SAME_ORIGIN,
        follow_redirects=False,
    )
    # Back to the paper's own page, whatever the request said.
    assert said.status_code == 303 and said.headers["location"] == "/papers/2605.22834#feedback"
    paper = client.get("/papers/2605.22834.json").json()
    assert paper["feedback"]["value"] == "changed_my_quarter" and paper["feedback"]["verdict"] == "act"
    assert paper["feedback"]["label"] == paper["type"]
    assert "You said: <strong>Changed my quarter</strong>" in client.get("/papers/2605.22834").text
    # A change of mind: the latest word counts, the history keeps both.
    again = client.post(
        "/papers/2605.22834/feedback",
        data={"csrf_token": token, "value": "not_for_me"},
        headers={**SAME_ORIGIN, "Accept": "application/json"},
    )
    assert again.status_code == 201 and again.json()["feedback"]["value"] == "not_for_me"
    paper = client.get("/papers/2605.22834.json").json()
    assert [f["value"] for f in paper["feedback_history"]] == ["not_for_me", "changed_my_quarter"]
    listed = client.get("/papers.json?feedback=1").json()
    assert [p["id"] for p in listed["papers"]] == ["2605.22834"]
    assert listed["papers"][0]["feedback"]["name"] == "Not for me"
    with Store(db) as store:
        stored = store.get("2605.22834")
        assert stored is not None
        assert [f.value for f in store.feedback_for(stored.id)] == ["not_for_me", "changed_my_quarter"]


def test_feedback_on_a_missing_paper_or_with_a_bad_value(client: TestClient) -> None:
    token = csrf_token(client)
    missing = client.post(
        "/papers/2101.00001/feedback", data={"csrf_token": token, "value": "not_for_me"}, headers=SAME_ORIGIN
    )
    assert missing.status_code == 404
    bad = client.post(
        "/papers/2605.22834/feedback", data={"csrf_token": token, "value": "love it"}, headers=SAME_ORIGIN
    )
    assert bad.status_code == 400 and "feedback must be one of" in bad.text
    assert client.get("/papers/2605.22834.json").json()["feedback_history"] == []


def test_feedback_export_is_labeled_jsonl_that_train_reads(client: TestClient, tmp_path: Path) -> None:
    token = csrf_token(client)
    for ref, value in (("2605.22834", "changed_my_quarter"), ("2605.24793", "not_for_me")):
        client.post(
            f"/papers/{ref}/feedback", data={"csrf_token": token, "value": value}, headers=SAME_ORIGIN
        )
    export = client.get("/feedback.jsonl")
    assert export.status_code == 200 and "attachment" in export.headers["content-disposition"]
    path = tmp_path / "feedback.jsonl"
    path.write_bytes(export.content)
    labeled = load_labeled(path)
    assert [(e.paper.arxiv_id, e.verdict) for e in labeled] == [("2605.22834", "act"), ("2605.24793", "skip")]
    types = {p["id"]: p["type"] for p in client.get("/papers.json").json()["papers"]}
    assert [e.label for e in labeled] == [types["2605.22834"], types["2605.24793"]]
    first = json.loads(export.text.splitlines()[0])
    assert first["feedback"] == "changed_my_quarter" and first["feedback_at"] and first["abstract"]


def posting(name: str = "ml-engineer-oncall.md") -> str:
    return (POSTINGS / name).read_text()


def test_role_from_pasted_text_is_analysed_stored_and_drawn(client: TestClient) -> None:
    token = csrf_token(client)
    made = client.post(
        "/roles", data={"csrf_token": token, "text": posting()}, headers=SAME_ORIGIN, follow_redirects=False
    )
    assert made.status_code == 303 and made.headers["location"] == "/roles/1"
    data = client.get("/roles/1.json").json()
    assert data["role_class"] and data["title_verdict"] and data["questions"]
    assert {d["side"] for d in data["duties"]} >= {"engineering"}
    assert all(
        d["kind"].startswith(d["side"][0].upper() + "_") for d in data["duties"] if d["side"] != "none"
    )
    page = client.get("/roles/1").text
    assert "data-share-bar" in page and 'class="bar-engineering"' in page
    assert 'class="kind-engineering" data-kind="E_oncall"' in page
    listed = client.get("/roles.json").json()["roles"]
    assert [(r["id"], r["title"]) for r in listed] == [(1, data["title"])]
    # The same posting again is the same stored role.
    client.post("/roles", data={"csrf_token": token, "text": posting()}, headers=SAME_ORIGIN)
    assert len(client.get("/roles.json").json()["roles"]) == 1


def test_role_from_an_uploaded_file_and_bad_postings(client: TestClient) -> None:
    token = csrf_token(client)
    made = client.post(
        "/roles",
        data={"csrf_token": token},
        files={
            "file": (
                "../../etc/research-scientist.md",
                posting("research-scientist.md").encode(),
                "text/markdown",
            )
        },
        headers={**SAME_ORIGIN, "Accept": "application/json"},
    )
    assert made.status_code == 201, made.text
    assert made.json()["role_class"] == "research" and made.json()["source"] == "research-scientist.md"
    for text, message in (
        ("", "paste a job description"),
        (posting("german.txt"), "English"),
        (posting("no-duties.txt"), "duties"),
    ):
        refused = client.post("/roles", data={"csrf_token": token, "text": text}, headers=SAME_ORIGIN)
        assert refused.status_code == 400 and message in refused.text, text[:40]
        assert 'role="alert"' in refused.text
    assert len(client.get("/roles.json").json()["roles"]) == 1


def test_uploads_over_the_limit_are_refused_and_store_nothing(client: TestClient) -> None:
    token = csrf_token(client)
    big = b"Build and maintain data pipelines for our training data.\n" * (MAX_BYTES // 50)
    assert len(big) > MAX_BYTES + 64 * 1024
    announced = client.post(
        "/roles",
        data={"csrf_token": token},
        files={"file": ("big.txt", big, "text/plain")},
        headers=SAME_ORIGIN,
    )
    assert announced.status_code == 413 and "larger than" in announced.text

    def chunks() -> Iterator[bytes]:
        # No Content-Length: the limit must hold on the bytes as they stream in.
        body = b"csrf_token=" + token.encode() + b"&text="
        yield body
        for _ in range(80):
            yield b"x" * 50_000

    streamed = client.post(
        "/roles",
        content=chunks(),
        headers={**SAME_ORIGIN, "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert streamed.status_code == 413
    assert client.get("/roles.json").json()["roles"] == []
