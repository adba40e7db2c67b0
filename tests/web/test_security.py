"""Untrusted text renders as text; cross-site POSTs, foreign hosts and redirects elsewhere are refused."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from quarterdeck.pipeline import Engine, Judge, ingest_paths, with_verdicts
from quarterdeck.store import Store
from quarterdeck.web import create_app
from quarterdeck.web.security import host_name, is_local
from tests.web.conftest import BASE, csrf_token

HOSTILE_TITLE = '<script>alert("title")</script> Attention <img src=x onerror=alert(1)>'
HOSTILE_ABSTRACT = (
    "We present a benchmark. </p><script>alert('abstract')</script> We release code and weights."
    ' <a href="javascript:alert(2)">click</a>'
)


def hostile_paper(tmp_path: Path, db: Path, judge: Judge) -> None:
    record = {
        "id": "2605.99999",
        "title": HOSTILE_TITLE,
        "abstract": HOSTILE_ABSTRACT,
        "authors": ["<b>Mallory</b>"],
        "categories": ["cs.CL"],
        "published": "2026-05-27",
        "comment": "<iframe src=//evil.example>",
    }
    path = tmp_path / "hostile.jsonl"
    path.write_text(json.dumps(record) + "\n")
    with Store(db) as store:
        ingest_paths(store, [path])
        stored = store.get("2605.99999")
        assert stored is not None
        with_verdicts(Engine(store, judge), [stored])


def test_paper_text_renders_as_text_everywhere(tmp_path: Path, db: Path, judge: Judge) -> None:
    hostile_paper(tmp_path, db, judge)
    with TestClient(create_app(db, judge=judge, judge_in_background=False), base_url=BASE) as client:
        pages = [
            client.get("/papers/2605.99999").text,
            client.get("/papers").text,
            client.get("/papers?q=benchmark").text,
            client.get("/").text,
        ]
        for page in pages:
            assert "<script>alert" not in page and "<img src=x" not in page and "<iframe" not in page
            assert "<b>Mallory" not in page and 'href="javascript:' not in page
        paper = pages[0]
        assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt; Attention" in paper
        assert "&lt;iframe src=//evil.example&gt;" in paper and "&lt;b&gt;Mallory&lt;/b&gt;" in paper
        # The JSON twin carries the text as it is: it is data, served as application/json.
        data = client.get("/papers/2605.99999.json")
        assert data.json()["title"] == HOSTILE_TITLE
        assert data.headers["content-type"] == "application/json"


def test_posting_text_renders_as_text(client: TestClient) -> None:
    token = csrf_token(client)
    text = (
        "<script>alert('role')</script> Machine Learning Engineer\n"
        "Responsibilities\n"
        "- Join the on-call rotation for our inference services <img src=x onerror=alert(1)>\n"
        "- Build and maintain data pipelines for our training data\n"
        "- Optimize inference latency and serving cost on our GPU fleet\n"
        "- Ship models to production with tests and monitoring\n"
    )
    made = client.post(
        "/roles", data={"csrf_token": token, "text": text}, headers={"Origin": BASE}, follow_redirects=True
    )
    assert made.status_code == 200, made.text
    assert "<script>alert" not in made.text and "<img src=x" not in made.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in made.text
    assert "<script>alert" not in client.get("/roles").text


def test_pages_forbid_inline_script_and_framing(client: TestClient) -> None:
    headers = client.get("/").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"
    assert "<script>" not in client.get("/").text  # the one script is a file, app.js


def post_feedback(client: TestClient, headers: dict[str, str], token: str | None) -> int:
    data = {"value": "changed_my_quarter"} | ({"csrf_token": token} if token is not None else {})
    return client.post(
        "/papers/2605.22834/feedback", data=data, headers=headers, follow_redirects=False
    ).status_code


@pytest.mark.parametrize(
    ("headers", "with_token"),
    [
        ({"Origin": "https://evil.example"}, True),
        ({"Origin": "null"}, True),
        ({"Origin": "http://localhost:9999"}, True),  # another local server is another site
        ({"Sec-Fetch-Site": "cross-site"}, True),
        ({"Sec-Fetch-Site": "same-site"}, True),
        ({"Referer": "https://evil.example/page"}, True),
        ({"Origin": BASE}, False),
        ({}, False),
    ],
)
def test_cross_site_posts_are_refused_and_store_nothing(
    client: TestClient, headers: dict[str, str], with_token: bool
) -> None:
    token = csrf_token(client)
    assert post_feedback(client, headers, token if with_token else None) == 403
    assert post_feedback(client, headers, "forged" if not with_token else token) == 403
    assert client.get("/papers/2605.22834.json").json()["feedback_history"] == []
    refused = client.post("/roles", data={"csrf_token": "forged", "text": "x"}, headers={"Origin": BASE})
    assert refused.status_code == 403 and client.get("/roles.json").json()["roles"] == []


def test_same_origin_posts_with_the_token_pass(client: TestClient) -> None:
    token = csrf_token(client)
    assert post_feedback(client, {"Origin": BASE, "Sec-Fetch-Site": "same-origin"}, token) == 303
    assert post_feedback(client, {"Referer": f"{BASE}/papers"}, token) == 303
    assert post_feedback(client, {}, token) == 303  # no Origin, no Referer: curl with the token


def test_another_process_has_another_token(db: Path, judge: Judge) -> None:
    first = create_app(db, judge=judge, judge_in_background=False)
    second = create_app(db, judge=judge, judge_in_background=False)
    with TestClient(first, base_url=BASE) as one, TestClient(second, base_url=BASE) as two:
        assert csrf_token(one) != csrf_token(two)
        assert post_feedback(two, {"Origin": BASE}, csrf_token(one)) == 403


def test_foreign_host_names_are_refused(db: Path, judge: Judge) -> None:
    app = create_app(db, judge=judge, judge_in_background=False)
    with TestClient(app, base_url=BASE) as client:
        assert client.get("/", headers={"Host": "evil.example"}).status_code == 400
        assert client.get("/", headers={"Host": "127.0.0.1:8000"}).status_code == 200
        assert client.get("/", headers={"Host": "[::1]:8000"}).status_code == 200
    with TestClient(create_app(db, judge=judge, judge_in_background=False, allowed_hosts=None)) as client:
        assert client.get("/", headers={"Host": "anything.example"}).status_code == 200


def test_no_redirect_leaves_the_site(client: TestClient) -> None:
    token = csrf_token(client)
    response = client.post(
        "/papers/2605.22834/feedback?next=https://evil.example",
        data={"csrf_token": token, "value": "not_for_me", "next": "https://evil.example"},
        headers={"Origin": BASE},
        follow_redirects=False,
    )
    assert response.headers["location"] == "/papers/2605.22834#feedback"


def test_host_helpers() -> None:
    assert is_local("127.0.0.1") and is_local("localhost") and is_local("::1") and is_local("127.1.2.3")
    assert not is_local("0.0.0.0") and not is_local("192.168.1.10") and not is_local("example.org")
    assert host_name("LOCALHOST:8000") == "localhost" and host_name("[::1]:80") == "::1"
    assert host_name("") == ""


def test_every_form_carries_the_token(client: TestClient) -> None:
    token = csrf_token(client)
    for url in ("/", "/papers/2605.22834", "/roles"):
        page = client.get(url).text
        fields = re.findall(r'name="csrf_token" value="([^"]*)"', page)
        assert fields and set(fields) == {token}, url
